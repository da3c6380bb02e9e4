import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTempStore } from '../testing/temp-store';
import { NoteIndex } from '../notes/note-index';
import { BacklinkIndex } from '../notes/backlink-index';
import { SearchService } from '../search/search-service';
import { readEverySummary } from '../notes/summary-pages';
import { createNoteHandlers } from './note-handlers';

test("a window's full list waits for what beforeEverySummary waits for, once per list, and the first rows never do", async () => {
  await withTempStore(async (store) => {
    await store.putMany([{ _id: 'book:b', name: 'B', createdAt: 1, updatedAt: 1 }]);
    const notes = new NoteIndex(store.db);
    const search = new SearchService(store.db);
    let release!: () => void;
    let waits = 0;
    let firstRowsTold = 0;
    const handlers = createNoteHandlers({
      store, notes, search, backlinks: new BacklinkIndex(store.db),
      onFirstRowsSent: () => (firstRowsTold += 1),
      beforeEverySummary: () => {
        waits += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    try {
      await handlers['notes.create']({ bookId: 'book:b', title: 'One' });
      const first = await handlers['notes.firstPage']({ filter: { kind: 'all' }, sort: 'updatedAt', limit: 10 });
      assert.deepEqual(first.notes.map((n) => n.title), ['One']);
      assert.equal(firstRowsTold, 1);
      let answered = false;
      const every = readEverySummary(handlers['notes.summaries']).then((all) => {
        answered = true;
        return all;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(answered, false);
      release();
      assert.deepEqual((await every).map((n) => n.title), ['One']);
      assert.equal(waits, 1);
      // A search's first rows are not "the first rows" that start the background work.
      await handlers['notes.firstPage']({ filter: { kind: 'all' }, sort: 'updatedAt', limit: 10, query: 'one' });
      assert.equal(firstRowsTold, 1);
    } finally {
      await search.close();
    }
  });
});
