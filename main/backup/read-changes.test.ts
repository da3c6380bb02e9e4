// readChanges() when the direct store reader finds nothing although the
// database has changes after the checkpoint (as it would if PouchDB's
// storage layout changed under it): it reads through PouchDB instead, and
// says so once in the log, rather than report "up to date" having copied
// nothing. The store reader handed in is the real one, pointed past the end
// of the by-sequence keys, so it reads a real, empty range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { readChanges, readFeedChanges, type ChangeBatch } from './read-changes';
import { readStoredChanges } from './read-stored';

async function withDb(fn: (db: Database, open: (name: string) => Database) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-read-changes-'));
  const dbs: Database[] = [];
  const open = (name: string) => {
    const db = openDatabase(path.join(dir, name));
    dbs.push(db);
    return db;
  };
  try {
    await fn(open('db'), open);
  } finally {
    for (const db of dbs) await db.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The store reader looking where nothing is: a real read of an empty range of the store. */
const readsNothing: typeof readStoredChanges = (db, since, limit) => readStoredChanges(db, Number(since) + 1_000_000, limit);

const summary = (batch: ChangeBatch | null) =>
  batch && { ids: batch.docs.map((d) => d.doc._id).sort(), lastSeq: batch.lastSeq, count: batch.count };

test('a store read that finds nothing while the database has later changes falls back to the changes feed, with one line in the log', { timeout: 20_000 }, async (t) => {
  await withDb(async (db, open) => {
    await db.bulkDocs(Array.from({ length: 30 }, (_, i) => ({ _id: `note:n${i}`, title: `${i}` })));
    await db.remove(await db.get('note:n3'));
    const warn = t.mock.method(console, 'warn', () => undefined);

    const all: string[] = [];
    let since: number | string = 0;
    for (let batch; (batch = await readChanges(db, since, 10, readsNothing)); since = batch.lastSeq) {
      assert.deepEqual(summary(batch), summary(await readFeedChanges(db, since, 10)), 'what the feed gives');
      all.push(...batch.docs.map((d) => d.doc._id));
    }
    assert.equal(all.length, 30, 'every document, the deletion included');
    assert.equal(since, (await db.info()).update_seq);
    assert.equal(warn.mock.callCount(), 1, 'said once for this database');
    assert.match(String(warn.mock.calls[0]!.arguments[0]), /^backup: the database's store could not be read directly \(layout changed\?\); reading through PouchDB instead$/);

    // At the end, nothing to read is simply the end: no fallback, no warning.
    assert.equal(await readChanges(db, since, 10, readsNothing), null);
    // Another database gets its own line.
    const other = open('other');
    await other.put({ _id: 'note:x', title: 'x' });
    assert.equal(summary(await readChanges(other, 0, 10, readsNothing))?.ids.join(), 'note:x');
    assert.equal(warn.mock.callCount(), 2);
  });
});

test('the default path reads the store directly and says nothing', { timeout: 20_000 }, async (t) => {
  await withDb(async (db) => {
    await db.bulkDocs(Array.from({ length: 12 }, (_, i) => ({ _id: `note:n${i}`, title: `${i}` })));
    const warn = t.mock.method(console, 'warn', () => undefined);
    const direct = await readStoredChanges(db, 0, 100);
    assert.ok(direct, 'the store reader reads this database');
    assert.deepEqual(summary(await readChanges(db, 0, 100)), summary(direct));
    const end = (await db.info()).update_seq;
    assert.equal(await readChanges(db, end, 100), null);
    assert.equal(warn.mock.callCount(), 0);
  });
});
