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

const TITLES = ['alpha', 'Alpha', 'beta', 'Ärger', 'zebra', '静夜思', 'item 10', 'item 9', ''];
const BOOKS = [
  { id: 'book:a', parentBookId: null },
  { id: 'book:b', parentBookId: 'book:a' },
  { id: 'book:c', parentBookId: null },
  { id: 'trash', parentBookId: null },
];
const FILTERS: NoteFilter[] = [
  { kind: 'all' }, { kind: 'pinned' }, { kind: 'trash' }, { kind: 'book', id: 'book:a' },
  { kind: 'tag', id: 'tag:x' }, { kind: 'status', status: 'active' },
];
const pick = <T>(next: () => number, list: readonly T[]) => list[Math.floor(next() * list.length)]!;

/** A note with random fields; few distinct times, so ties are common and the ids must break them the same way. */
const randomNote = (next: () => number, id: string): NoteSummary => ({
  id, title: pick(next, TITLES), snippet: '', tags: next() < 0.3 ? ['tag:x'] : [],
  bookId: pick(next, BOOKS).id, status: next() < 0.5 ? 'active' : 'none',
  pinned: next() < 0.1, numOfTasks: 0, numOfCheckedTasks: 0,
  createdAt: Math.floor(next() * 20), updatedAt: Math.floor(next() * 20),
});

test('the first rows and the count are those of the full list, for every filter, sort, search and size', () => {
  const next = random(7);
  const byId = new Map<string, NoteSummary>();
  for (let i = 0; i < 800; i += 1) {
    const id = `note:${Math.floor(next() * 1e6)}-${i}`;
    byId.set(id, randomNote(next, id));
  }
  const ids = [...byId.keys()];
  const search = ids.filter(() => next() < 0.4).sort(() => next() - 0.5).concat(['note:missing']);
  for (const filter of FILTERS) {
    for (const sort of ['updatedAt', 'createdAt', 'title'] as const) {
      for (const searchIds of [null, search]) {
        const full = visibleNotes(byId, filter, BOOKS, sort, searchIds);
        for (const limit of [1, 7, 60, 2000]) {
          const first = firstVisibleNotes(byId, filter, BOOKS, sort, searchIds, limit);
          assert.deepEqual(first.notes.map((n) => n.id), full.slice(0, limit).map((n) => n.id), `${JSON.stringify(filter)} ${sort} ${limit}`);
          assert.equal(first.total, full.length);
        }
      }
    }
  }
});

test('a list patched after notes changed is the list made again, for every filter and sort, over many rounds of changes', () => {
  const next = random(11);
  for (const filter of FILTERS) {
    for (const sort of ['updatedAt', 'createdAt', 'title'] as const) {
      const byId = new Map<string, NoteSummary>();
      for (let i = 0; i < 300; i += 1) byId.set(`note:${i}`, randomNote(next, `note:${i}`));
      let list = visibleNotes(byId, filter, BOOKS, sort, null);
      for (let round = 0; round < 40; round += 1) {
        const changed = new Set<string>();
        for (let k = Math.floor(next() * 6); k >= 0; k -= 1) {
          const id = `note:${Math.floor(next() * 330)}`;
          changed.add(id);
          const roll = next();
          if (roll < 0.15) byId.delete(id);
          // A save while typing: a newer time and a new title, same place; or anything at all changed.
          else if (roll < 0.6 && byId.has(id)) byId.set(id, { ...byId.get(id)!, title: pick(next, TITLES), updatedAt: 20 + round });
          else byId.set(id, randomNote(next, id));
        }
        list = patchVisibleNotes(list, byId, changed, filter, BOOKS, sort);
        assert.deepEqual(list.map((n) => n.id), visibleNotes(byId, filter, BOOKS, sort, null).map((n) => n.id), `${filter.kind} ${sort} round ${round}`);
      }
    }
  }
});
