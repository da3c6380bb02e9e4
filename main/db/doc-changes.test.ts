import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { openDatabase, type Database } from './open-database';
import { docChangesSince, type DocChange } from './doc-changes';
import { DOC_STORE, seqKey } from './pouchdb-layout';
import { alterStore, fillWithEveryKindOfChange } from '../testing/every-kind-of-change';

async function readAll(db: Database, since: number | string = 0, pageSize?: number) {
  const results: DocChange[] = [];
  let lastSeq = since;
  let pages = 0;
  for await (const page of docChangesSince(db, since, pageSize)) {
    results.push(...page.results);
    lastSeq = page.lastSeq;
    pages++;
  }
  return { results, lastSeq, pages };
}

/** PouchDB's own feed, as the note list read it before. */
async function feed(db: Database, since: number | string) {
  const changes = await db.changes({ since, include_docs: true, conflicts: true });
  return changes.results.map(({ id, seq, deleted, doc }) => ({ id, seq, ...(deleted ? { deleted } : {}), doc }));
}

const comparable = (changes: DocChange[]) =>
  changes.map(({ id, seq, deleted, doc }) => ({ id, seq: Number(seq), ...(deleted ? { deleted } : {}), doc }));

async function withDatabase(fn: (db: Database, dir: string) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-doc-changes-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    await fn(db, dir);
  } finally {
    await db.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Counts the reads that went through PouchDB's feed rather than the store. */
function countFeedReads(db: Database) {
  const calls = { feed: 0 };
  const changes = db.changes.bind(db);
  (db as { changes: unknown }).changes = (options: Parameters<Database["changes"]>[0]) => {
    calls.feed++;
    return changes(options);
  };
  return calls;
}

test('the store read gives what PouchDB\'s feed gives, change by change, from any sequence and page size', async () => {
  await withDatabase(async (db) => {
    await fillWithEveryKindOfChange(db);
    const calls = countFeedReads(db);
    const updateSeq = Number((await db.info()).update_seq);
    for (const since of [0, 57, 231, updateSeq - 3, updateSeq]) {
      for (const pageSize of [1, 7, 1000]) {
        const before = calls.feed;
        const read = await readAll(db, since, pageSize);
        // The store answered every page; the database's update sequence confirmed the end.
        assert.equal(calls.feed - before, 0, `no feed read after ${since}, ${pageSize} at a time`);
        const expected = await feed(db, since);
        assert.deepEqual(comparable(read.results), expected, `after ${since}, ${pageSize} at a time`);
        if (expected.length > 0) assert.equal(Number(read.lastSeq), updateSeq, 'read to the end');
      }
    }
    // The cases are all there, as PouchDB reads them.
    const byId = new Map((await readAll(db)).results.map((c) => [c.id, c]));
    assert.equal(byId.get('note:n4')!.doc!.body, 'winner');
    assert.deepEqual(byId.get('note:n4')!.doc!._conflicts, ['2-0000']);
    assert.equal(byId.get('note:n5')!.doc!.body, 'winner');
    assert.equal(byId.get('note:n2')!.deleted, true);
    assert.equal(byId.get('note:n3')!.doc!.title, 'back again');
    assert.equal(byId.get('note:n1')!.doc!.body, 'edit 3');
    assert.deepEqual(Object.keys(byId.get('file:two')!.doc!._attachments as object), ['a.png', 'b.txt']);
    assert.ok(!byId.has('_local/state'));
  });
});

test('a database whose store cannot be read directly is read through PouchDB\'s feed, with the same result', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-doc-changes-'));
  // Opened without Quire's store binding: nothing to read around PouchDB.
  const plain = new PouchDB<Record<string, unknown>>(path.join(dir, 'plain'), { adapter: 'leveldb' });
  try {
    await fillWithEveryKindOfChange(plain);
    const calls = countFeedReads(plain);
    const read = await readAll(plain, 0, 50);
    assert.deepEqual(comparable(read.results), await feed(plain, 0));
    assert.ok(calls.feed > 2, 'every page through the feed');
  } finally {
    await plain.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an entry without its metadata (a damaged database) is left out, as allDocs leaves it out, and does not stop the read', async () => {
  await withDatabase(async (db) => {
    for (let i = 0; i < 5; i++) await db.put({ _id: `note:n${i}`, title: `Note ${i}` });
    const location = db.name;
    await db.close();
    await alterStore(location, `${DOC_STORE}note:n2`, null);
    const reopened = openDatabase(location);
    try {
      await reopened.info(); // open: until then the store is PouchDB's alone to read
      const read = await readAll(reopened);
      assert.deepEqual(read.results.map((c) => c.id), ['note:n0', 'note:n1', 'note:n3', 'note:n4']);
      assert.deepEqual((await reopened.allDocs()).rows.map((r) => r.id), ['note:n0', 'note:n1', 'note:n3', 'note:n4']);
    } finally {
      await reopened.close();
    }
  });
});

test('a damaged store is read as far as it can be, never through PouchDB\'s feed (which throws out of a callback) and never waited on', async () => {
  await withDatabase(async (db) => {
    for (let i = 0; i < 10; i++) await db.put({ _id: `note:n${i}`, title: `Note ${i}`, body: '' });
    const three = await db.get('note:n3');
    await db.put({ ...three, title: 'Edited' });
    await db.put({ _id: 'file:x', name: 'x' });
    const location = db.name;
    await db.close();
    // An old revision of note:n3 (seq 4, superseded by the edit) that is not JSON, and another document's metadata cut short.
    await alterStore(location, seqKey(4), 'garbage');
    await alterStore(location, `${DOC_STORE}file:x`, '{"id":"file:x"');
    const reopened = openDatabase(location);
    try {
      await reopened.info();
      const calls = countFeedReads(reopened);
      const read = await readAll(reopened);
      assert.equal(calls.feed, 0, 'PouchDB\'s feed is never asked');
      const byId = new Map(read.results.map((c) => [c.id, c]));
      assert.equal(byId.get('note:n3')?.doc?.title, 'Edited', 'the edit, whose entry is intact');
      assert.equal(byId.size, 10, 'every note; file:x, whose metadata is damaged, left out');
      assert.deepEqual((await reopened.allDocs({ startkey: 'note:', endkey: 'note;' })).rows.length, 10);
    } finally {
      await reopened.close();
    }
  });
});

