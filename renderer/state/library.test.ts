import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bookTree, countNotes, visibleNotes } from './library';
import type { BookSummary, NoteSummary } from '../../shared/types';

const book = (id: string, name: string, parentBookId: string | null = null): BookSummary =>
  ({ id, name, parentBookId, createdAt: 1, updatedAt: 1 });
const note = (id: string, bookId: string, extra: Partial<NoteSummary> = {}): NoteSummary => ({
  id, title: id, snippet: '', bookId, tags: [], status: 'none', pinned: false,
  createdAt: 1, updatedAt: 1, numOfTasks: 0, numOfCheckedTasks: 0, ...extra,
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

const notes = [
  note('note:1', 'book:a', { updatedAt: 5 }),
  note('note:2', 'book:a1', { tags: ['tag:t'], status: 'active', updatedAt: 9, title: 'b' }),
  note('note:3', 'book:b', { tags: ['tag:t'], pinned: true, updatedAt: 1, title: 'c' }),
  note('note:4', 'trash', { tags: ['tag:t'], updatedAt: 7 }),
];
const byId = new Map(notes.map((n) => [n.id, n]));

test('counts: notebooks include their children; the trash counts only for Trash', () => {
  const counts = countNotes(notes, books);
  assert.equal(counts.all, 3);
  assert.equal(counts.trash, 1);
  assert.equal(counts.pinned, 1);
  assert.equal(counts.byBook.get('book:a'), 2);
  assert.equal(counts.byBook.get('book:a1'), 1);
  assert.equal(counts.byTag.get('tag:t'), 2);
  assert.equal(counts.byStatus.get('active'), 1);
});

test('the list: the entry, then pinned first and the chosen order', () => {
  const ids = (filter: Parameters<typeof visibleNotes>[1], sort: 'updatedAt' | 'title' = 'updatedAt', search: string[] | null = null) =>
    visibleNotes(byId, filter, books, sort, search).map((n) => n.id);
  assert.deepEqual(ids({ kind: 'all' }), ['note:3', 'note:2', 'note:1']);
  assert.deepEqual(ids({ kind: 'book', id: 'book:a' }), ['note:2', 'note:1']);
  assert.deepEqual(ids({ kind: 'tag', id: 'tag:t' }), ['note:3', 'note:2']);
  assert.deepEqual(ids({ kind: 'status', status: 'active' }), ['note:2']);
  assert.deepEqual(ids({ kind: 'pinned' }), ['note:3']);
  assert.deepEqual(ids({ kind: 'trash' }), ['note:4']);
  assert.deepEqual(ids({ kind: 'all' }, 'title'), ['note:3', 'note:2', 'note:1']);
  assert.deepEqual(ids({ kind: 'all' }, 'updatedAt', ['note:1', 'note:4', 'note:gone']), ['note:1']);
});

test('a cycle between notebooks neither hangs nor double-counts', () => {
  const counts = countNotes([note('note:1', 'book:x')], books);
  assert.equal(counts.byBook.get('book:x'), 1);
  assert.equal(counts.byBook.get('book:y'), 1);
});
