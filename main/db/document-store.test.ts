import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './open-database';
import { DocumentStore } from './document-store';

async function withStore(fn: (store: DocumentStore) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-store-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    await fn(new DocumentStore(db));
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const note = (id: string, bookId = 'book:b') => ({
  _id: id, title: id, body: 'b', bookId, createdAt: 1, updatedAt: 1,
});

test('put validates and stores; get returns null for missing ids', async () => {
  await withStore(async (store) => {
    const saved = await store.put(note('note:1'));
    assert.match(saved._rev, /^1-/);
    const read = await store.get<{ title: string; status: string }>('note:1');
    assert.equal(read?.title, 'note:1');
    assert.equal(read?.status, 'none');
    assert.equal(await store.get('note:missing'), null);
    await assert.rejects(store.put({ ...note('note:2'), tags: 'x' }), /tags/);
    assert.equal(await store.get('note:2'), null);
  });
});

test('putMany writes nothing when one document is invalid', async () => {
  await withStore(async (store) => {
    await assert.rejects(store.putMany([note('note:1'), { ...note('note:2'), title: 5 }]), /title/);
    assert.equal((await store.db.info()).doc_count, 0);
    const results = await store.putMany([note('note:1'), note('note:2')]);
    assert.deepEqual(results.map((r) => r.id), ['note:1', 'note:2']);
  });
});

test('stats counts live, trashed and deleted documents', async () => {
  await withStore(async (store) => {
    await store.putMany([
      note('note:1'), note('note:2'), note('note:3', 'trash'),
      { _id: 'book:b', name: 'B', createdAt: 1, updatedAt: 1 },
      { _id: 'tag:t', name: 'T', createdAt: 1, updatedAt: 1 },
    ]);
    const doc = await store.db.get('note:2');
    await store.db.remove(doc);
    assert.deepEqual(await store.stats(), { notes: 1, books: 1, tags: 1, files: 0, trashed: 1, deleted: 1 });
  });
});

test('allOfType and stats count ids with characters past U+FFFF (emoji)', async () => {
  await withStore(async (store) => {
    await store.putMany([note('note:a'), note('note:😀'), note('note:\uffff')]);
    await store.db.put({ _id: 'note;x', x: 1 });
    await store.db.put({ _id: 'tag:🏷', name: 't', createdAt: 1, updatedAt: 1 });
    assert.deepEqual((await store.allOfType('note')).map((n) => n._id).toSorted(), ['note:a', 'note:\uffff', 'note:😀'].toSorted());
    assert.equal(await store.countOfType('tag'), 1);
    const stats = await store.stats();
    assert.equal(stats.notes, 3);
    assert.equal(stats.tags, 1);
  });
});
