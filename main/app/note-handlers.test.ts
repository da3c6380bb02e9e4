import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTempStore } from '../testing/temp-store';
import { NoteIndex } from '../notes/note-index';
import { BacklinkIndex } from '../notes/backlink-index';
import { SearchService } from '../search/search-service';
import { readEverySummary, SUMMARY_PAGE_SIZE } from '../notes/summary-pages';
import { createNoteHandlers } from './note-handlers';

test("a window's full list waits for what beforeEverySummary waits for, once per list of several pages, and the first rows never do; its last page is told", async () => {
  await withTempStore(async (store) => {
    await store.putMany([{ _id: 'book:b', name: 'B', createdAt: 1, updatedAt: 1 }]);
    const notes = new NoteIndex(store.db);
    const search = new SearchService(store.db);
    let release!: () => void;
    let waits = 0;
    let firstRowsTold = 0;
    let everySummaryTold = 0;
    const handlers = createNoteHandlers({
      store, notes, search, backlinks: new BacklinkIndex(store.db),
      onFirstRowsSent: () => (firstRowsTold += 1),
      onEverySummarySent: () => (everySummaryTold += 1),
      beforeEverySummary: () => {
        waits += 1;
        return waits === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
      },
    });
    try {
      // More than one page of summaries (5,000 each): the wait is once per list, not per page.
      const many = SUMMARY_PAGE_SIZE * 2 + 1;
      await store.db.bulkDocs(Array.from({ length: many }, (_, i) => ({
        _id: `note:${String(i).padStart(6, '0')}`, title: `Note ${i}`, body: '', bookId: 'book:b', createdAt: i, updatedAt: i,
      })));
      await handlers['notes.create']({ bookId: 'book:b', title: 'One' });
      const first = await handlers['notes.firstPage']({ filter: { kind: 'all' }, sort: 'updatedAt', limit: 10 });
      assert.equal(first.notes[0]?.title, 'One');
      assert.equal(first.total, many + 1);
      assert.equal(firstRowsTold, 1);
      let answered = false;
      const every = readEverySummary(handlers['notes.summaries']).then((all) => {
        answered = true;
        return all;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(answered, false);
      assert.equal(everySummaryTold, 0);
      let pagesAsked = 0;
      release();
      const all = await every;
      // Told once the last page is out, not at each page.
      assert.equal(everySummaryTold, 1);
      assert.equal(all.length, many + 1);
      assert.equal(new Set(all.map((n) => n.id)).size, many + 1);
      assert.equal(waits, 1);
      // Asked page by page, by hand: still one wait, at the first page.
      let page = await handlers['notes.summaries']({});
      while (page.next) {
        pagesAsked += 1;
        page = await handlers['notes.summaries']({ cursor: page.next });
      }
      assert.equal(pagesAsked, 2);
      assert.equal(waits, 2);
      assert.equal(everySummaryTold, 2);
      // A search's first rows are not "the first rows" that start the background work.
      await handlers['notes.firstPage']({ filter: { kind: 'all' }, sort: 'updatedAt', limit: 10, query: 'one' });
      assert.equal(firstRowsTold, 1);
    } finally {
      await search.close();
    }
  });
});

test('a search typed before every summary is read gets the rows, count and ids it gets once they are read', async () => {
  await withTempStore(async (store) => {
    await store.putMany([
      { _id: 'book:a', name: 'A', createdAt: 1, updatedAt: 1 },
      { _id: 'book:a1', name: 'A1', parentBookId: 'book:a', createdAt: 1, updatedAt: 1 },
      { _id: 'tag:t', name: 'T', createdAt: 1, updatedAt: 1 },
    ]);
    await store.db.bulkDocs(Array.from({ length: 300 }, (_, i) => ({
      _id: `note:${i}`, title: i % 7 === 0 ? 'Same' : `Apple ${(i * 37) % 300}`, body: `apple pie number ${i}`,
      bookId: i % 11 === 0 ? 'trash' : i % 2 ? 'book:a1' : 'book:a', tags: i % 3 ? [] : ['tag:t'], status: i % 4 ? 'none' : 'active',
      pinned: i % 13 === 0, createdAt: i % 29, updatedAt: (i * 7) % 31,
    })));
    // A note with a conflict: its summary counts the other revision either way.
    await store.db.bulkDocs([{ _id: 'note:5', _rev: '1-ffffffffffffffffffffffffffffffff', title: 'Apple other', body: 'apple', bookId: 'book:a', createdAt: 1, updatedAt: 1 }], { new_edits: false });
    const notes = new NoteIndex(store.db);
    const search = new SearchService(store.db);
    const handlers = createNoteHandlers({ store, notes, search, backlinks: new BacklinkIndex(store.db) });
    try {
      const asks = [
        { filter: { kind: 'all' as const }, sort: 'updatedAt' as const, query: 'apple' },
        { filter: { kind: 'book' as const, id: 'book:a' }, sort: 'title' as const, query: 'apple -pie' },
        { filter: { kind: 'tag' as const, id: 'tag:t' }, sort: 'createdAt' as const, query: 'apple status:active' },
        { filter: { kind: 'trash' as const }, sort: 'updatedAt' as const, query: 'apple', includeTrash: true },
        { filter: { kind: 'pinned' as const }, sort: 'title' as const, query: 'number' },
      ];
      const before = [];
      for (const ask of asks) before.push(await handlers['notes.firstPage']({ ...ask, limit: 12 }));
      assert.equal(notes.isLoaded, false, 'the summaries were not read for those');
      await notes.load();
      for (const [i, ask] of asks.entries()) {
        const after = await handlers['notes.firstPage']({ ...ask, limit: 12 });
        assert.ok(after.total > 0, ask.query);
        assert.deepEqual(before[i], after, JSON.stringify(ask));
      }
      assert.ok(before.some((page) => page.notes.some((n) => n.conflicts === 1)), 'the conflicted note is among the rows');
    } finally {
      await search.close();
    }
  });
});
