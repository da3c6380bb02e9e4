import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTempStore } from '../testing/temp-store';
import { eventLog } from '../testing/until';
import { SearchService } from './search-service';

const note = (id: string, title: string, body: string, extra: Record<string, unknown> = {}) => ({
  _id: id, title, body, bookId: 'book:w', createdAt: 1, updatedAt: 1, ...extra,
});

test('the worker-backed search follows the database through its changes feed', async () => {
  await withTempStore(async (store) => {
    await store.putMany([
      { _id: 'book:w', name: 'Work', createdAt: 1, updatedAt: 1 },
      { _id: 'tag:i', name: 'Ideas', createdAt: 1, updatedAt: 1 },
      note('note:1', 'Grocery list', 'apples and pears'),
      note('note:2', '会议记录', '今天讨论了备份功能', { tags: ['tag:i'] }),
      note('note:3', 'Old', 'apples in the trash', { bookId: 'trash' }),
    ]);
    const search = new SearchService(store.db);
    const feed = store.db.changes({ since: 'now', live: true, include_docs: true });
    const delivered = eventLog<{ id: string; rev: string }>();
    feed.on('change', (change) => {
      search.apply(change);
      delivered.push({ id: change.id, rev: change.changes[0]!.rev });
    });
    try {
      assert.deepEqual(await search.query('apples'), ['note:1']);
      assert.deepEqual((await search.query('apples', { includeTrash: true })).sort(), ['note:1', 'note:3']);
      assert.deepEqual(await search.query('备份'), ['note:2']);
      assert.deepEqual(await search.query('tag:ideas'), ['note:2']);
      assert.deepEqual(await search.query('book:work -tag:ideas'), ['note:1']);

      const one = await store.db.get('note:1');
      const edited = await store.db.put({ ...one, body: 'bananas only' });
      const fresh = await store.put(note('note:4', 'Fresh', 'apples again'));
      // Once the feed has handed both changes to the search, the next query sees them.
      await delivered.next((c) => c.id === 'note:1' && c.rev === edited.rev);
      await delivered.next((c) => c.id === 'note:4' && c.rev === fresh._rev);
      assert.deepEqual(await search.query('apples'), ['note:4']);
      assert.deepEqual(await search.query('bananas'), ['note:1']);
    } finally {
      feed.cancel();
      await search.close();
    }
  });
});

test('a page of changes reaches the worker in its order: the last of each note counts', async () => {
  await withTempStore(async (store) => {
    await store.putMany([{ _id: 'book:w', name: 'Work', createdAt: 1, updatedAt: 1 }, note('note:1', 'One', 'first words'), note('note:2', 'Two', 'second words')]);
    const search = new SearchService(store.db);
    try {
      assert.deepEqual((await search.query('words')).sort(), ['note:1', 'note:2']);
      // As the changes feed hands over a write of many notes: a page, upserts and removals mixed.
      search.applyMany([
        { id: 'note:1', seq: 10, doc: note('note:1', 'One', 'quince') },
        { id: 'note:1', seq: 11, doc: note('note:1', 'One', 'medlar') },
        { id: 'note:2', seq: 12, deleted: true },
        { id: 'note:3', seq: 13, doc: note('note:3', 'Three', 'medlar too') },
        { id: 'note:3', seq: 14, deleted: true },
        { id: 'note:2', seq: 15, doc: note('note:2', 'Two', 'quince again', { bookId: 'trash' }) },
      ]);
      assert.deepEqual(await search.query('medlar'), ['note:1']);
      assert.deepEqual(await search.query('quince'), []);
      assert.deepEqual(await search.query('quince', { includeTrash: true }), ['note:2']);
      assert.deepEqual(await search.query('words'), []);
    } finally {
      await search.close();
    }
  });
});

test('book: takes a notebook path: pages.en/linux is the linux notebook inside pages.en, not every linux', async () => {
  await withTempStore(async (store) => {
    await store.putMany([
      { _id: 'book:en', name: 'pages.en', parentBookId: null, createdAt: 1, updatedAt: 1 },
      { _id: 'book:de', name: 'pages.de', parentBookId: null, createdAt: 1, updatedAt: 1 },
      { _id: 'book:en-linux', name: 'linux', parentBookId: 'book:en', createdAt: 1, updatedAt: 1 },
      { _id: 'book:de-linux', name: 'linux', parentBookId: 'book:de', createdAt: 1, updatedAt: 1 },
      { _id: 'book:en-linux-deep', name: 'Deep', parentBookId: 'book:en-linux', createdAt: 1, updatedAt: 1 },
      { _id: 'book:slash', name: 'a/b', parentBookId: null, createdAt: 1, updatedAt: 1 },
      note('note:en', 'tar en', 'tar', { bookId: 'book:en-linux' }),
      note('note:de', 'tar de', 'tar', { bookId: 'book:de-linux' }),
      note('note:deep', 'tar deep', 'tar', { bookId: 'book:en-linux-deep' }),
      note('note:slash', 'tar slash', 'tar', { bookId: 'book:slash' }),
    ]);
    const search = new SearchService(store.db);
    try {
      const sorted = async (q: string) => (await search.query(q)).sort();
      assert.deepEqual(await sorted('tar book:linux'), ['note:de', 'note:deep', 'note:en']);
      assert.deepEqual(await sorted('tar book:pages.en/linux'), ['note:deep', 'note:en']);
      assert.deepEqual(await sorted('tar book:"Pages.EN/Linux/deep"'), ['note:deep']);
      assert.deepEqual(await sorted('tar -book:pages.de/linux'), ['note:deep', 'note:en', 'note:slash']);
      // A notebook whose own name holds a slash is that notebook, not a path.
      assert.deepEqual(await sorted('tar book:a/b'), ['note:slash']);
      assert.deepEqual(await sorted('tar book:pages.en/windows'), []);
    } finally {
      await search.close();
    }
  });
});

test('closing does not wait on a search worker that has stopped: its last save is not asked of it', async (t) => {
  await withTempStore(async (store, dir) => {
    const search = new SearchService(store.db, { indexFile: `${dir}/search-index` });
    const worker = (search as unknown as { worker: import('node:worker_threads').Worker }).worker;
    await worker.terminate();
    // The save on close waits up to 15 s for the worker's answer; with the clock stopped,
    // close() ends only if it does not wait for a worker that can no longer answer.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    await search.close();
  });
});

test('a search worker that stops by itself: the queries after it are refused, in words', async () => {
  await withTempStore(async (store) => {
    await store.put(note('note:1', 'Grocery list', 'apples'));
    const search = new SearchService(store.db);
    try {
      assert.deepEqual(await search.query('apples'), ['note:1']);
      const worker = (search as unknown as { worker: import('node:worker_threads').Worker }).worker;
      await worker.terminate();
      await assert.rejects(search.query('apples'), /Search stopped: its worker exited/);
    } finally {
      await search.close();
    }
  });
});
