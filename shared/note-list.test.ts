import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NoteSummary } from './types';
import { firstVisibleNotes, patchVisibleNotes, visibleNotes, type NoteFilter } from './note-list';

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

test('a list patched after notes changed is the list made again, for every filter and sort, over many rounds of changes', () => {
  const next = random(11);
  const titles = ['alpha', 'Alpha', 'beta', 'Ärger', 'zebra', '静夜思', 'item 10', 'item 9', ''];
  const books = [
    { id: 'book:a', parentBookId: null },
    { id: 'book:b', parentBookId: 'book:a' },
    { id: 'book:c', parentBookId: null },
    { id: 'trash', parentBookId: null },
  ];
  const make = (id: string): NoteSummary => ({
    id, title: titles[Math.floor(next() * titles.length)]!, snippet: '', tags: next() < 0.3 ? ['tag:x'] : [],
    bookId: books[Math.floor(next() * books.length)]!.id, status: next() < 0.5 ? 'active' : 'none',
    pinned: next() < 0.1, numOfTasks: 0, numOfCheckedTasks: 0,
    createdAt: Math.floor(next() * 20), updatedAt: Math.floor(next() * 20),
  });
  const filters: NoteFilter[] = [
    { kind: 'all' }, { kind: 'pinned' }, { kind: 'trash' }, { kind: 'book', id: 'book:a' },
    { kind: 'tag', id: 'tag:x' }, { kind: 'status', status: 'active' },
  ];
  for (const filter of filters) {
    for (const sort of ['updatedAt', 'createdAt', 'title'] as const) {
      const byId = new Map<string, NoteSummary>();
      for (let i = 0; i < 300; i += 1) byId.set(`note:${i}`, make(`note:${i}`));
      let list = visibleNotes(byId, filter, books, sort, null);
      for (let round = 0; round < 40; round += 1) {
        const changed = new Set<string>();
        for (let k = Math.floor(next() * 6); k >= 0; k -= 1) {
          const id = `note:${Math.floor(next() * 330)}`;
          changed.add(id);
          const roll = next();
          if (roll < 0.15) byId.delete(id);
          // A save while typing: a newer time and a new title, same place; or anything at all changed.
          else if (roll < 0.6 && byId.has(id)) byId.set(id, { ...byId.get(id)!, title: titles[Math.floor(next() * titles.length)]!, updatedAt: 20 + round });
          else byId.set(id, make(id));
        }
        list = patchVisibleNotes(list, byId, changed, filter, books, sort);
        assert.deepEqual(list.map((n) => n.id), visibleNotes(byId, filter, books, sort, null).map((n) => n.id), `${filter.kind} ${sort} round ${round}`);
      }
    }
  }
});
