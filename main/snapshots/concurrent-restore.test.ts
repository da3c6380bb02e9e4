import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { contentOf, tempFolder } from '../restore/restore-testing';
import { ObjectStore, listSnapshots, restoreSnapshot, takeSnapshot } from './index';

const note = (i: number) => ({ _id: `note:n${i}`, title: `Note ${i}`, body: `Body ${i}\n`.repeat(20), bookId: 'book:b1', tags: [], createdAt: 1, updatedAt: 1 });

test('two restores from snapshots at once, into two databases and into one: both finish and every document is restored', { timeout: 120_000 }, async () => {
  await using t = tempFolder('quire-snapshots-concurrent-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs([{ _id: 'book:b1', name: 'Book', createdAt: 1, updatedAt: 1 }, ...Array.from({ length: 300 }, (_, i) => note(i))]);
  await takeSnapshot(db, folder);
  const want = await contentOf(db);
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    const [snapshot] = listSnapshots(store).snapshots;
    const a = t.open('a');
    const b = t.open('b');
    // Two reader threads at once (as a large snapshot is read), then two restores on this thread into one database.
    const [ra, rb] = await Promise.all([restoreSnapshot(a, store, snapshot!, { inThread: true }), restoreSnapshot(b, store, snapshot!, { inThread: true })]);
    assert.equal(ra.restored, 301);
    assert.equal(rb.restored, 301);
    assert.deepEqual(await contentOf(a), want);
    assert.deepEqual(await contentOf(b), want);
    const c = t.open('c');
    const [r1, r2] = await Promise.all([restoreSnapshot(c, store, snapshot!), restoreSnapshot(c, store, snapshot!)]);
    assert.equal(r1.restored + r1.upToDate, 301);
    assert.equal(r2.restored + r2.upToDate, 301);
    assert.deepEqual(await contentOf(c), want);
  } finally {
    store.close();
  }
});
