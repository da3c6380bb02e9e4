// The host's live feed, read from the store after each write, against
// PouchDB's own live feed on the same writes: every kind of change, a burst
// of thousands, writes made while a read runs; and watchWrites, which only
// says that something was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { openDatabase, type Database } from './open-database';
import type { DocChange } from './doc-changes';
import { followDocChanges, watchWrites } from './live-doc-changes';
import { fillWithEveryKindOfChange } from '../testing/every-kind-of-change';
import { until } from '../testing/until';

async function withDatabase(fn: (db: Database) => Promise<void>, open: (dir: string) => Database = openDatabase) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-live-changes-'));
  const db = open(path.join(dir, 'db'));
  try {
    await db.info();
    await fn(db);
  } finally {
    await db.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Each id's last change, as a consumer that applies them in turn ends up with. */
function lastOfEach(changes: readonly DocChange[]) {
  const last = new Map<string, unknown>();
  for (const { id, deleted, doc } of changes) last.set(id, { deleted: deleted === true, doc });
  return last;
}

const seqOf = async (db: Database) => Number((await db.info()).update_seq);

let probes = 0;
/** A new note each time: written until a feed has started and heard of one. */
const probe = (db: Database, body = 'probe') => db.put({ _id: `note:probe-${++probes}`, body });

test('every change written after it starts arrives, in order, as PouchDB\'s live feed has it', async () => {
  await withDatabase(async (db) => {
    await db.put({ _id: 'note:before', title: 'written before the feed started' });
    const ours: DocChange[] = [];
    const theirs: DocChange[] = [];
    const live = followDocChanges(db, (changes) => ours.push(...changes));
    const pouch = db.changes({ since: 'now', live: true, include_docs: true, conflicts: true });
    pouch.on('change', (change) => theirs.push(change as unknown as DocChange));
    try {
      // Both have taken 'now' before the writes begin.
      await until('a first write to be seen by both', async () => {
        await probe(db);
        return ours.length > 0 && theirs.length > 0;
      });
      await fillWithEveryKindOfChange(db);
      // A burst, as a bulk move writes it.
      const burst = Array.from({ length: 3000 }, (_, i) => ({ _id: `note:burst${String(i).padStart(4, '0')}`, body: `burst ${i}` }));
      await db.bulkDocs(burst);
      const end = await seqOf(db);
      await until('both feeds to reach the last change', () =>
        Number(ours.at(-1)?.seq) >= end && Number(theirs.at(-1)?.seq) >= end);

      assert.ok(!ours.some((c) => c.id === 'note:before'), 'a change from before the feed started is not handed over');
      const seqs = ours.map((c) => Number(c.seq));
      assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in sequence order');
      assert.equal(new Set(seqs).size, seqs.length, 'each change once');
      // PouchDB's feed may skip a change a later one superseded while it was behind; what each document
      // ends as must be the same, for every document either saw.
      const [mine, pouchs] = [lastOfEach(ours), lastOfEach(theirs)];
      assert.deepEqual([...mine.keys()].sort(), [...pouchs.keys()].sort());
      for (const [id, last] of pouchs) assert.deepEqual(mine.get(id), last, id);
      assert.ok(mine.size > 3200, `${mine.size} documents`);
    } finally {
      live.cancel();
      pouch.cancel();
    }
  });
});

test('writes made while the feed reads, and one made from its own callback, are handed over too', async () => {
  await withDatabase(async (db) => {
    const seen: DocChange[] = [];
    let wroteFromCallback = false;
    const live = followDocChanges(db, (changes) => {
      seen.push(...changes);
      if (!wroteFromCallback) {
        wroteFromCallback = true;
        void db.put({ _id: 'note:from-callback', body: 'written while the first page was handed over' });
      }
    });
    try {
      await until('the feed to start', async () => {
        await probe(db);
        return seen.length > 0;
      });
      const writes = Array.from({ length: 20 }, (_, i) => db.bulkDocs(Array.from({ length: 200 }, (_, j) => ({ _id: `note:w${i}-${j}` }))));
      await Promise.all(writes);
      const end = await seqOf(db);
      await until('every write to be handed over', () => Number(seen.at(-1)?.seq) >= end);
      const ids = new Set(seen.map((c) => c.id));
      assert.ok(ids.has('note:from-callback'));
      for (let i = 0; i < 20; i++) for (let j = 0; j < 200; j++) assert.ok(ids.has(`note:w${i}-${j}`), `note:w${i}-${j}`);
    } finally {
      live.cancel();
    }
  });
});

test('cancel: nothing is handed over after it, and watchWrites says that something was written until cancelled', async () => {
  await withDatabase(async (db) => {
    const seen: DocChange[] = [];
    let writes = 0;
    const live = followDocChanges(db, (changes) => seen.push(...changes));
    const watch = watchWrites(db, () => writes++);
    await until('a first change', async () => {
      await probe(db);
      return seen.length > 0 && writes > 0;
    });
    live.cancel();
    const count = seen.length;
    await db.bulkDocs(Array.from({ length: 50 }, (_, i) => ({ _id: `note:after-${i}` })));
    const before = writes;
    await db.put({ _id: 'note:watched' });
    await until('watchWrites to hear of the write', () => writes > before);
    watch.cancel();
    const atCancel = writes;
    await db.put({ _id: 'note:unwatched' });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(seen.length, count, 'no change after cancel');
    assert.equal(writes, atCancel, 'no write told after cancel');
  });
});

test('a database opened without Quire\'s binding is followed through PouchDB\'s feed', async () => {
  await withDatabase(async (db) => {
    const seen: DocChange[] = [];
    const live = followDocChanges(db, (changes) => seen.push(...changes));
    let writes = 0;
    const watch = watchWrites(db, () => writes++);
    try {
      await until('changes through PouchDB\'s feed', async () => {
        await probe(db, 'plain PouchDB');
        return seen.length > 1 && writes > 1;
      });
      assert.equal((seen[0]!.doc as { body?: string }).body, 'plain PouchDB');
    } finally {
      live.cancel();
      watch.cancel();
    }
  }, (dir) => new PouchDB(dir, { adapter: 'leveldb' }) as unknown as Database);
});

test('made before the database has opened, it still reads the store in bulk: a burst comes as a page, not a change at a time', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-live-changes-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    const calls: DocChange[][] = [];
    const live = followDocChanges(db, (changes) => calls.push(changes));
    await db.info();
    await until('the feed to start', async () => {
      await probe(db);
      return calls.length > 0;
    });
    const before = calls.length;
    await db.bulkDocs(Array.from({ length: 50 }, (_, i) => ({ _id: `note:burst-${i}` })));
    const end = await seqOf(db);
    await until('the burst', () => Number(calls.at(-1)?.at(-1)?.seq) >= end);
    assert.ok(calls.length - before <= 2, `${calls.length - before} calls for 50 changes`);
    live.cancel();
  } finally {
    await db.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a consumer that throws is told of it, and the feed goes on', async () => {
  await withDatabase(async (db) => {
    const seen: string[] = [];
    const errors: unknown[] = [];
    const live = followDocChanges(db, (changes) => {
      if (changes.some((c) => c.id === 'note:bad')) throw new Error('the consumer failed');
      seen.push(...changes.map((c) => c.id));
    }, (error) => errors.push(error));
    try {
      await until('the feed to start', async () => {
        await probe(db);
        return seen.length > 0;
      });
      await db.put({ _id: 'note:bad' });
      await until('the failure to be told', () => errors.length > 0);
      await db.put({ _id: 'note:after' });
      await until('the next change', () => seen.includes('note:after'));
      assert.equal(errors.length, 1);
    } finally {
      live.cancel();
    }
  });
});

test('closed, then opened again at the same path: the old feed and watcher stop with their database', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-live-changes-'));
  const at = path.join(dir, 'db');
  try {
    const first = openDatabase(at);
    await first.info();
    const seen: DocChange[] = [];
    let writes = 0;
    followDocChanges(first, (changes) => seen.push(...changes));
    watchWrites(first, () => writes++);
    await until('the first database followed', async () => {
      await probe(first);
      return seen.length > 0 && writes > 0;
    });
    await first.close();
    const [count, written] = [seen.length, writes];
    const second = openDatabase(at);
    const own: DocChange[] = [];
    const live = followDocChanges(second, (changes) => own.push(...changes));
    try {
      await second.info();
      await until('the second database followed', async () => {
        await probe(second);
        return own.length > 0;
      });
      await second.bulkDocs([{ _id: 'note:b1' }, { _id: 'note:b2' }]);
      const end = await seqOf(second);
      await until('the second feed to read it all', () => Number(own.at(-1)?.seq) >= end);
      assert.equal(seen.length, count, 'the closed database\'s feed hands over nothing of the new one');
      assert.equal(writes, written, 'nor does its watcher hear of its writes');
    } finally {
      live.cancel();
      await second.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('watchWrites hears of documents written, not of a _local document or a save the database refused', async () => {
  await withDatabase(async (db) => {
    await db.put({ _id: 'note:existing' });
    let writes = 0;
    const watch = watchWrites(db, () => writes++);
    try {
      await until('the watcher to start', async () => {
        await probe(db);
        return writes > 0;
      });
      const before = writes;
      await db.put({ _id: '_local/checkpoint', n: 1 });
      await assert.rejects(db.put({ _id: 'note:existing', body: 'no revision given: refused' }), /conflict/i);
      // A document written after them: when it is heard of, the two before it would have been too.
      await db.put({ _id: 'note:after' });
      await until('the document written after them', () => writes > before);
      assert.equal(writes, before + 1);
    } finally {
      watch.cancel();
    }
  });
});
