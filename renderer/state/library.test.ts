import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bookTree, countNotes, filterNotes } from './library';
import type { BookSummary, NoteSummary } from '../../shared/types';

const book = (id: string, name: string, parentBookId: string | null = null): BookSummary =>
  ({ id, name, parentBookId, createdAt: 1, updatedAt: 1 });
const note = (id: string, bookId: string, tags: string[] = []): NoteSummary => ({
  id, title: id, snippet: '', bookId, tags, status: 'none', pinned: false,
  createdAt: 1, updatedAt: 1, numOfTasks: 0, numOfCheckedTasks: 0,
});

const books = [
  book('book:b', 'Beta'), book('book:a', 'alpha'), book('book:a1', 'Child', 'book:a'),
  book('book:orphan', 'Orphan', 'book:gone'),
  book('book:x', 'X', 'book:y'), book('book:y', 'Y', 'book:x'),
];

test('the notebook tree nests children under parents, A–Z, orphans at the top', () => {
  const tree = bookTree(books).map((n) => `${'  '.repeat(n.depth)}${n.book.name}`);
  assert.deepEqual(tree, ['alpha', '  Child', 'Beta', 'Orphan', 'X', '  Y']);
});

test('a notebook counts and shows its own notes and those of its children', () => {
  const notes = [note('note:1', 'book:a'), note('note:2', 'book:a1', ['tag:t']), note('note:3', 'book:b', ['tag:t'])];
  const counts = countNotes(notes, books);
  assert.equal(counts.all, 3);
  assert.equal(counts.byBook.get('book:a'), 2);
  assert.equal(counts.byBook.get('book:a1'), 1);
  assert.equal(counts.byTag.get('tag:t'), 2);
  assert.deepEqual(filterNotes(notes, { kind: 'book', id: 'book:a' }, books).map((n) => n.id), ['note:1', 'note:2']);
  assert.deepEqual(filterNotes(notes, { kind: 'tag', id: 'tag:t' }, books).map((n) => n.id), ['note:2', 'note:3']);
  assert.equal(filterNotes(notes, { kind: 'all' }, books), notes);
});

test('a cycle between notebooks neither hangs nor double-counts', () => {
  const counts = countNotes([note('note:1', 'book:x')], books);
  assert.equal(counts.byBook.get('book:x'), 1);
  assert.equal(counts.byBook.get('book:y'), 1);
});
