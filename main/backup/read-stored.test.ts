import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { openDatabase, type Database } from '../db/open-database';
import type { BackupDoc } from './mirror';
import { readFeedChanges, type ChangeBatch } from './read-changes';
import { levelStoreAt } from '../db/level-store';
import { DOC_STORE } from '../db/pouchdb-layout';
import { DamagedDatabaseError, readStoredChanges } from './read-stored';
import { alterStore, fillWithEveryKindOfChange, PNG } from '../testing/every-kind-of-change';

const attachment = (data: Buffer, content_type = 'image/png') => ({ content_type, data });

/** Every change after `since`, batch by batch, as the backup runner reads them. */
async function readAll(read: (since: number | string) => Promise<ChangeBatch | null | undefined>, since: number | string = 0) {
  const docs = new Map<string, BackupDoc>();
  let batches = 0;
  for (let batch = await read(since); batch; batch = await read(since)) {
    for (const d of batch.docs) docs.set(d.doc._id, d);
    since = batch.lastSeq;
    batches++;
  }
  return { docs, batches, lastSeq: since };
}

/** What a mirror would write: the JSON text (key order included) and every attachment's bytes. */
const written = (d: BackupDoc | undefined): unknown =>
  d && {
    json: JSON.stringify(d.doc),
    attachments: d.attachments.map((a) => ({ ...a, data: Buffer.from(a.data).toString('hex') })),
    previous: written(d.previous),
  };

test('reading the store directly gives what PouchDB gives, whatever the changes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-read-stored-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    await fillWithEveryKindOfChange(db);
    for (const since of [0, 57, 231, 250]) {
      for (const limit of [1, 7, 100]) {
        const stored = await readAll((s) => readStoredChanges(db, s, limit), since);
        const feed = await readAll((s) => readFeedChanges(db, s, limit), since);
        assert.ok(stored.batches > 0, 'the store was read directly');
        assert.deepEqual([...stored.docs.keys()].sort(), [...feed.docs.keys()].sort(), `the same documents after ${since}`);
        for (const [id, doc] of feed.docs) assert.deepEqual(written(stored.docs.get(id)), written(doc), `${id} after ${since}, ${limit} at a time`);
        assert.equal(Number(stored.lastSeq), Number((await db.info()).update_seq), 'read to the end');
      }
    }
    // The cases themselves are in there, as PouchDB reads them.
    const all = (await readAll((s) => readStoredChanges(db, s, 100))).docs;
    assert.equal(all.get('note:n4')!.doc.body, 'winner');
    assert.equal(all.get('note:n5')!.doc.body, 'winner');
    assert.deepEqual(all.get('note:n1')!.doc._revisions!.ids.length, 5);
    assert.equal(Buffer.from(all.get('file:replaced')!.attachments[0]!.data).length, PNG.length * 2);
    assert.equal(all.get('file:empty')!.attachments[0]!.data.byteLength, 0);
    assert.equal(all.get('file:gone')!.doc._deleted, true);
    assert.ok(all.get('file:gone')!.previous?.attachments[0], 'a deletion carries its last revision with its bytes');
    assert.ok(!all.has('_design/index') && !all.has('_local/state'));
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a database opened without Quire\'s store binding, or closed, is read through PouchDB', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-read-stored-'));
  const plain = new PouchDB<Record<string, unknown>>(path.join(dir, 'plain'), { adapter: 'leveldb' });
  const ours = openDatabase(path.join(dir, 'ours'));
  try {
    await plain.put({ _id: 'note:a', title: 'a' });
    await ours.put({ _id: 'note:a', title: 'a' });
    assert.equal(await readStoredChanges(plain, 0, 10), undefined);
    assert.notEqual(await readStoredChanges(ours, 0, 10), undefined);
    await ours.close();
    assert.equal(await readStoredChanges(ours, 0, 10), undefined);
  } finally {
    await plain.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a batch ends early rather than hold more attachment bytes than allowed, and loses nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-read-stored-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    const kib = (n: number) => Buffer.alloc(1024, n);
    for (let i = 0; i < 5; i++) await db.put({ _id: `file:f${i}`, _attachments: { 'index.bin': attachment(kib(i), 'application/octet-stream') } });
    await db.put({ _id: 'note:plain', title: 'no attachment' });
    const sizes: number[] = [];
    const read = await readAll(async (since) => {
      const batch = await readStoredChanges(db, since, 100, 2.5 * 1024);
      if (batch) sizes.push(batch.docs.reduce((n, d) => n + d.attachments.reduce((m, a) => m + a.data.byteLength, 0), 0));
      return batch;
    });
    assert.deepEqual(sizes, [2048, 2048, 1024]);
    assert.equal(read.docs.size, 6);
    for (let i = 0; i < 5; i++) assert.deepEqual(Buffer.from(read.docs.get(`file:f${i}`)!.attachments[0]!.data), kib(i));
    // One document over the limit on its own still gets through.
    const alone = await readStoredChanges(db, 0, 100, 10);
    assert.equal(alone!.docs.length, 1);
    assert.equal(alone!.count, 1);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Counts the reads that go through PouchDB (the documents the store reader hands over), still doing them. */
function countPouchReads(db: Database) {
  const counts = { get: 0, bulkGet: 0 };
  const { get, bulkGet } = db;
  db.get = ((...args: Parameters<typeof get>) => (counts.get++, get.apply(db, args))) as typeof get;
  db.bulkGet = ((...args: Parameters<typeof bulkGet>) => (counts.bulkGet++, bulkGet.apply(db, args))) as typeof bulkGet;
  return counts;
}

test('plain documents are read from the store itself; deletions and a loser written last go through PouchDB', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-read-stored-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    await fillWithEveryKindOfChange(db);
    const counts = countPouchReads(db);
    // The first 230 entries are the notes' first revisions (n1's is stale: edited later).
    for (let since = 0; since < 230; since += 10) assert.ok(await readStoredChanges(db, since, 10));
    assert.deepEqual(counts, { get: 0, bulkGet: 0 }, 'no PouchDB read for plain documents');
    // From there on: the edits of n1, attachments (store), deletions and the conflicts (PouchDB).
    const rest = await readAll((s) => readStoredChanges(db, s, 100), 230);
    // (Every leaf of a document with a conflict is read with get's open_revs, so its losing branch is backed up too.)
    assert.ok(counts.get > 0, `PouchDB read the deletions and the conflict: ${JSON.stringify(counts)}`);
    assert.equal(rest.docs.get('note:n4')!.doc.body, 'winner');
    // A sequence given as text, as a checkpoint file may hold it, reads the same.
    assert.deepEqual(written((await readStoredChanges(db, '57', 5))!.docs[0]), written((await readStoredChanges(db, 57, 5))!.docs[0]));
    // No limit (0, Infinity) is PouchDB's to read, not an empty batch.
    assert.equal(await readStoredChanges(db, 0, 0), undefined);
    assert.equal(await readStoredChanges(db, 0, Infinity), undefined);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('metadata without a deleted flag (older PouchDB) still reads as a deletion; missing metadata stops with a reason', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-read-stored-'));
  const location = path.join(dir, 'db');
  let db = openDatabase(location);
  try {
    await db.put({ _id: 'note:kept', title: 'kept' });
    const gone = await db.put({ _id: 'note:gone', title: 'gone' });
    await db.remove('note:gone', gone.rev);
    await db.put({ _id: 'note:lost', title: 'index entry lost' });
    const meta = await new Promise<string>((resolve, reject) =>
      levelStoreAt(location)!.getMany([`${DOC_STORE}note:gone`]).then(([v]) => (v ? resolve(v) : reject(new Error('no metadata'))), reject),
    );
    await db.close();
    const { deleted: _flag, ...withoutFlag } = JSON.parse(meta) as Record<string, unknown>;
    assert.equal(_flag, true);
    await alterStore(location, `${DOC_STORE}note:gone`, JSON.stringify(withoutFlag));
    db = openDatabase(location);
    await db.info(); // open: until then the store is PouchDB's alone to read
    const batch = (await readStoredChanges(db, 0, 3))!;
    const byId = new Map(batch.docs.map((d) => [d.doc._id, d]));
    assert.equal(byId.get('note:gone')!.doc._deleted, true, 'read as the deletion it is');
    assert.equal(byId.get('note:gone')!.previous!.doc.title, 'gone');
    await db.close();

    await alterStore(location, `${DOC_STORE}note:lost`, null);
    db = openDatabase(location);
    await db.info();
    await assert.rejects(readStoredChanges(db, 0, 100), (error: Error) => {
      assert.ok(error instanceof DamagedDatabaseError);
      assert.match(error.message, /"note:lost" has revisions but no entry in its index.*Salvage/);
      return true;
    });
  } finally {
    await db.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
