import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BookSummary, TagSummary } from '../shared/types';
import { bookTree } from './state/library';
import {
  NEST_REFUSAL, TOP_LEVEL, checkNest, clamp, deleteBookMessage, deleteTagMessage, descendantsOf, moveTargets,
  validateBookName, validateTagName, visibleTree,
} from './sidebar-model';

const book = (id: string, name: string, parentBookId: string | null = null): BookSummary =>
  ({ id, name, parentBookId, createdAt: 0, updatedAt: 0 });
const tag = (id: string, name: string): TagSummary => ({ id, name, color: 'default', createdAt: 0, updatedAt: 0 });

// Work ─ Clients ─ Acme
//      └ Archive
// Home
const books = [
  book('book:work', 'Work'),
  book('book:clients', 'Clients', 'book:work'),
  book('book:acme', 'Acme', 'book:clients'),
  book('book:archive', 'Archive', 'book:work'),
  book('book:home', 'Home'),
];

test('notebook names: empty and over 64 characters are refused with the message the user sees', () => {
  assert.equal(validateBookName(''), 'A notebook needs a name.');
  assert.equal(validateBookName('   '), 'A notebook needs a name.');
  assert.equal(validateBookName('x'.repeat(65)), 'Notebook names can be at most 64 characters.');
  assert.equal(validateBookName(`  ${'x'.repeat(64)}  `), null, 'surrounding spaces are trimmed, as main does');
  assert.equal(validateBookName('Work'), null);
});

test('tag names: empty, too long and duplicates (any case) are refused; a tag may keep its own name', () => {
  const tags = [tag('tag:a', 'Planning'), tag('tag:b', 'home')];
  assert.equal(validateTagName(' ', tags), 'A tag needs a name.');
  assert.equal(validateTagName('y'.repeat(65), tags), 'Tag names can be at most 64 characters.');
  assert.equal(validateTagName('planning ', tags), 'There is already a tag named “Planning”.');
  assert.equal(validateTagName('PLANNING', tags, 'tag:a'), null);
  assert.equal(validateTagName('Ideas', tags), null);
});

test('descendants reach every depth and survive a cycle', () => {
  assert.deepEqual([...descendantsOf(books, 'book:work')].sort(), ['book:acme', 'book:archive', 'book:clients']);
  assert.deepEqual([...descendantsOf(books, 'book:home')], []);
  const cyclic = [book('book:a', 'A', 'book:b'), book('book:b', 'B', 'book:a')];
  assert.deepEqual([...descendantsOf(cyclic, 'book:a')], ['book:b']);
});

test('nesting refuses itself and its descendants, and is quiet about a move that changes nothing', () => {
  assert.deepEqual(checkNest(books, 'book:work', 'book:work'), { ok: false, reason: NEST_REFUSAL });
  assert.deepEqual(checkNest(books, 'book:work', 'book:acme'), { ok: false, reason: NEST_REFUSAL });
  assert.deepEqual(checkNest(books, 'book:clients', 'book:work'), { ok: false, reason: null });
  assert.deepEqual(checkNest(books, 'book:work', null), { ok: false, reason: null });
  assert.deepEqual(checkNest(books, 'book:clients', 'book:home'), { ok: true });
  assert.deepEqual(checkNest(books, 'book:clients', null), { ok: true });
  assert.deepEqual(checkNest(books, 'book:gone', null), { ok: false, reason: 'That notebook no longer exists.' });
});

test('"Move to…" lists the top level and the tree without the notebook and what is inside it', () => {
  const options = moveTargets(bookTree(books), books, 'book:clients');
  assert.deepEqual(options, [
    { id: TOP_LEVEL, label: 'Top level', depth: 0 },
    { id: 'book:home', label: 'Home', depth: 1 },
    { id: 'book:work', label: 'Work (current)', depth: 1 },
    { id: 'book:archive', label: 'Archive', depth: 2 },
  ]);
});

test('a folded notebook hides everything under it; rows know their parent', () => {
  const tree = bookTree(books);
  const all = visibleTree(tree, new Set());
  assert.deepEqual(all.map((r) => [r.book.name, r.depth, r.hasChildren, r.expanded, r.parentId]), [
    ['Home', 0, false, false, null],
    ['Work', 0, true, true, null],
    ['Archive', 1, false, false, 'book:work'],
    ['Clients', 1, true, true, 'book:work'],
    ['Acme', 2, false, false, 'book:clients'],
  ]);
  assert.deepEqual(visibleTree(tree, new Set(['book:clients'])).map((r) => r.book.name), ['Home', 'Work', 'Archive', 'Clients']);
  assert.deepEqual(visibleTree(tree, new Set(['book:work', 'book:clients'])).map((r) => r.book.name), ['Home', 'Work']);
});

test('the delete confirmations say how many notes and sub-notebooks', () => {
  assert.equal(deleteBookMessage('Work', { notes: 14, books: 3 }),
    'Delete “Work” and its 2 sub-notebooks? Its 14 notes will be moved to the Trash.');
  assert.equal(deleteBookMessage('Work', { notes: 1, books: 2 }),
    'Delete “Work” and its sub-notebook? Its 1 note will be moved to the Trash.');
  assert.equal(deleteBookMessage('Empty', { notes: 0, books: 1 }), 'Delete “Empty”? It holds no notes, so nothing goes to the Trash.');
  assert.equal(deleteBookMessage('Big', { notes: 12000, books: 1 }), 'Delete “Big”? Its 12,000 notes will be moved to the Trash.');
  assert.equal(deleteTagMessage('home', 0), 'Delete the tag “home”? No notes have it.');
  assert.equal(deleteTagMessage('home', 3), 'Delete the tag “home”? It will be removed from 3 notes; the notes themselves stay.');
});

test('clamp keeps a width between its bounds, the minimum winning when they cross', () => {
  assert.equal(clamp(100, 160, 400), 160);
  assert.equal(clamp(500, 160, 400), 400);
  assert.equal(clamp(250, 160, 400), 250);
  assert.equal(clamp(250, 160, 120), 160);
});
