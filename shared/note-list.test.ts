import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NoteSummary } from './types';
import { firstVisibleNotes, visibleNotes, type NoteFilter } from './note-list';

// A small deterministic generator: the same notes on every run.
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

test('the first rows and the count are those of the full list, for every filter, sort, search and size', () => {
  const next = random(7);
  const titles = ['alpha', 'Alpha', 'beta', 'Ärger', 'zebra', '静夜思', 'item 10', 'item 9', ''];
  const books = [
    { id: 'book:a', parentBookId: null },
    { id: 'book:b', parentBookId: 'book:a' },
    { id: 'trash', parentBookId: null },
  ];
  const byId = new Map<string, NoteSummary>();
  for (let i = 0; i < 800; i += 1) {
    const id = `note:${Math.floor(next() * 1e6)}-${i}`;
    byId.set(id, {
      id, title: titles[Math.floor(next() * titles.length)]!, snippet: '', tags: next() < 0.3 ? ['tag:x'] : [],
      bookId: books[Math.floor(next() * books.length)]!.id, status: next() < 0.5 ? 'active' : 'none',
      pinned: next() < 0.1, numOfTasks: 0, numOfCheckedTasks: 0,
      // Few distinct times: ties are common, and the ids must break them the same way.
      createdAt: Math.floor(next() * 20), updatedAt: Math.floor(next() * 20),
    });
  }
  const ids = [...byId.keys()];
  const search = ids.filter(() => next() < 0.4).sort(() => next() - 0.5).concat(['note:missing']);
  const filters: NoteFilter[] = [
    { kind: 'all' }, { kind: 'pinned' }, { kind: 'trash' }, { kind: 'book', id: 'book:a' },
    { kind: 'tag', id: 'tag:x' }, { kind: 'status', status: 'active' },
  ];
  for (const filter of filters) {
    for (const sort of ['updatedAt', 'createdAt', 'title'] as const) {
      for (const searchIds of [null, search]) {
        const full = visibleNotes(byId, filter, books, sort, searchIds);
        for (const limit of [1, 7, 60, 2000]) {
          const first = firstVisibleNotes(byId, filter, books, sort, searchIds, limit);
          assert.deepEqual(first.notes.map((n) => n.id), full.slice(0, limit).map((n) => n.id), `${JSON.stringify(filter)} ${sort} ${limit}`);
          assert.equal(first.total, full.length);
        }
      }
    }
  }
});
