import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { openDatabase, type Database } from '../db/open-database';
import type { BackupDoc } from './mirror';
import { readFeedChanges, type ChangeBatch } from './read-changes';
import leveldown from 'leveldown';
import { levelStoreAt } from '../db/level-store';
import { DOC_STORE } from '../db/pouchdb-layout';
import { DamagedDatabaseError, readStoredChanges } from './read-stored';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
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

/** A database with every kind of change the backup meets. */
async function fill(db: Database) {
  const put = async (doc: Record<string, unknown> & { _id: string }) => db.put(doc);
  for (let i = 0; i < 230; i++) await put({ _id: `note:n${i}`, title: `Note ${i}`, body: `body ${i}`, tags: ['tag:a'], updatedAt: i });
  // Edited several times; the later edits leave stale by-sequence entries behind.
  let doc = await db.get('note:n1');
  for (let i = 0; i < 4; i++) doc = { ...doc, _rev: (await db.put({ ...doc, body: `edit ${i}` })).rev };
  // Attachments: two on one document, an empty one, one replaced by new bytes.
  await put({ _id: 'file:two', name: 'two', _attachments: { 'a.png': attachment(PNG), 'b.txt': attachment(Buffer.from('hello'), 'text/plain') } });
  await put({ _id: 'file:empty', _attachments: { 'empty.bin': attachment(Buffer.alloc(0), 'application/octet-stream') } });
  const img = await db.put({ _id: 'file:replaced', _attachments: { 'index.png': attachment(PNG) } });
  await db.put({ _id: 'file:replaced', _rev: img.rev, _attachments: { 'index.png': attachment(Buffer.concat([PNG, PNG])) } });
  // Deleted, deleted with an attachment, deleted and made again.
  await db.remove(await db.get('note:n2'));
  const withFile = await db.put({ _id: 'file:gone', _attachments: { 'index.png': attachment(PNG) } });
  await db.remove('file:gone', withFile.rev);
  await db.remove(await db.get('note:n3'));
  await put({ _id: 'note:n3', title: 'back again' });
  // Conflicts: the losing branch written last, and the winning branch written last.
  const base = await db.get('note:n4');
  await db.bulkDocs([{ ...base, _rev: '2-ffff', body: 'winner', _revisions: { start: 2, ids: ['ffff', base._rev.split('-')[1]] } }], { new_edits: false });
  await db.bulkDocs([{ ...base, _rev: '2-0000', body: 'loser', _revisions: { start: 2, ids: ['0000', base._rev.split('-')[1]] } }], { new_edits: false });
  const base5 = await db.get('note:n5');
  await db.bulkDocs([{ ...base5, _rev: '2-0000', body: 'loser', _revisions: { start: 2, ids: ['0000', base5._rev.split('-')[1]] } }], { new_edits: false });
  await db.bulkDocs([{ ...base5, _rev: '2-ffff', body: 'winner', _revisions: { start: 2, ids: ['ffff', base5._rev.split('-')[1]] } }], { new_edits: false });
  // A deleted branch that loses to a live one.
  const base6 = await db.get('note:n6');
  await db.bulkDocs([{ _id: 'note:n6', _rev: '3-dddd', _deleted: true, _revisions: { start: 3, ids: ['dddd', 'cccc', base6._rev.split('-')[1]] } }], { new_edits: false });
  // Ids that are awkward elsewhere, a design document, a local one (never in the feed).
  await put({ _id: 'note:../../etc/passwd', title: 'hostile' });
  await put({ _id: 'note:😀 emoji', title: 'emoji' });
  await put({ _id: 'config', theme: 'dark' });
  await put({ _id: '_design/index', views: {} });
  await put({ _id: '_local/state', value: 1 });
}

test('reading the store directly gives what PouchDB gives, whatever the changes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-read-stored-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    await fill(db);
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
    await fill(db);
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

/** Rewrites one key of a closed database's store, as damage or an older PouchDB would have left it. */
async function alterStore(location: string, key: string, value: string | null) {
  const store = leveldown(location);
  const call = (fn: (cb: (error?: Error | null) => void) => void) => new Promise<void>((resolve, reject) => fn((e) => (e ? reject(e) : resolve())));
  await call((cb) => store.open(cb));
  await call((cb) => (value === null ? store.del(key, cb) : store.put(key, value, cb)));
  await call((cb) => store.close(cb));
}

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
