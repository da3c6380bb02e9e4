// A batch whose writing fails: nothing goes on writing after the failure,
// and the checkpoint never covers a file whose folder was not fsynced (a
// folder whose fsync failed stays pending through the next prepare(), and the
// next pass makes it durable before its checkpoint is written). Real files,
// real failures: a folder where a document's file must go (rename: EISDIR,
// which root cannot override either), a folder swapped for a link loop
// (fsync: ELOOP), a FIFO in place of a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forEachLimited } from '../util/concurrency';
import { openDatabase, type Database } from '../db/open-database';
import { AtomicWriter, isTempName } from './atomic-write';
import { BackupRunner, type BackupSink } from './backup-runner';
import { listFiles } from './backup-testing';
import { BackupMirror, type BackupDoc } from './mirror';

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-failed-batch-'));
  const folder = path.join(dir, 'backup');
  fs.mkdirSync(folder);
  const dbs: Database[] = [];
  return {
    dir,
    folder,
    open(name = 'db') {
      const db = openDatabase(path.join(dir, name));
      dbs.push(db);
      return db;
    },
    async [Symbol.asyncDispose]() {
      for (const db of dbs) await db.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Lets every callback and I/O completion queued so far run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await turn();
};

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('forEachLimited: after the first failure no new item starts, and it rejects only once every started call has ended', { timeout: 10_000 }, async () => {
  const started: number[] = [];
  const ended: number[] = [];
  const gates = new Map<number, ReturnType<typeof deferred>>();
  const run = forEachLimited(
    Array.from({ length: 20 }, (_, i) => i),
    4,
    async (i) => {
      started.push(i);
      const gate = deferred();
      gates.set(i, gate);
      try {
        await gate.promise;
      } finally {
        ended.push(i);
      }
    },
  );
  let settled = false;
  run.then(
    () => (settled = true),
    () => (settled = true),
  );
  await turns(3);
  assert.deepEqual(started, [0, 1, 2, 3], 'four lanes');
  gates.get(0)!.resolve();
  await turns(3);
  assert.deepEqual(started, [0, 1, 2, 3, 4], 'a lane that finished takes the next item');
  gates.get(2)!.reject(new Error('item 2 failed'));
  await turns(3);
  gates.get(1)!.resolve();
  gates.get(3)!.resolve();
  await turns(3);
  assert.deepEqual(started, [0, 1, 2, 3, 4], 'no item starts after the failure');
  assert.equal(settled, false, 'item 4 is still running: not settled yet');
  gates.get(4)!.reject(new Error('item 4 failed too'));
  await assert.rejects(run, /item 2 failed/, 'the first failure is the one reported');
  assert.deepEqual([...ended].sort((a, b) => a - b), started, 'every started call had ended');
});

test('forEachLimited with real asynchronous work: nothing is in flight when it rejects, nothing starts after the failure', { timeout: 10_000 }, async () => {
  using tmp = { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'quire-lanes-')), [Symbol.dispose]() { fs.rmSync(this.dir, { recursive: true, force: true }); } };
  let inFlight = 0;
  let startedAtFailure = -1;
  const started: number[] = [];
  const failure = forEachLimited(
    Array.from({ length: 400 }, (_, i) => i),
    16,
    async (i) => {
      started.push(i);
      inFlight++;
      try {
        await fs.promises.writeFile(path.join(tmp.dir, `${i}`), `${i}`);
        if (i === 25) {
          startedAtFailure = started.length;
          throw new Error('write 25 failed');
        }
        await fs.promises.readFile(path.join(tmp.dir, `${i}`));
      } finally {
        inFlight--;
      }
    },
  );
  await assert.rejects(failure, /write 25 failed/);
  assert.equal(inFlight, 0, 'every lane ended before the rejection');
  assert.equal(started.length, startedAtFailure, 'no item started after the failure');
  assert.ok(started.length <= 26 + 15, `at most the items already in flight (${started.length})`);
  const files = fs.readdirSync(tmp.dir).length;
  await turns(10);
  assert.equal(fs.readdirSync(tmp.dir).length, files, 'nothing written after the rejection');
});

const doc = (id: string, extra: Record<string, unknown> = {}): BackupDoc => ({
  doc: { _id: id, _rev: '1-a1', _revisions: { start: 1, ids: ['a1'] }, title: id, ...extra },
  attachments: [],
});

test('a write failing midway through a batch: the other writes stop, nothing is written after apply() rejects, the next apply waits for prepare()', { timeout: 30_000 }, async () => {
  await using t = setup();
  const mirror = new BackupMirror(t.folder, 'client1');
  await mirror.prepare();
  // A folder where note:n100's file must go: its rename fails (EISDIR) whoever runs it.
  fs.mkdirSync(path.join(t.folder, 'data/note/n100.json'), { recursive: true });
  const docs = Array.from({ length: 400 }, (_, i) => doc(`note:n${i}`));
  await assert.rejects(mirror.apply(docs), { code: 'EISDIR' });
  const atFailure = listFiles(t.folder);
  await turns(20);
  await fs.promises.readdir(t.folder); // one more round trip through the thread pool
  assert.deepEqual(listFiles(t.folder), atFailure, 'no file is written after apply() rejected');
  const written = atFailure.filter((f) => /^data\/note\/n\d+\.json$/.test(f));
  // The lanes stop taking documents once n100's write fails (how many finished meanwhile depends on the
  // disk; forEachLimited's tests above pin the rule down): far from all 400.
  assert.ok(written.length < 300, `the writes stopped at the failure (${written.length} of 400 written)`);
  assert.ok(!written.includes('data/note/n399.json'));
  assert.deepEqual(atFailure.filter((f) => isTempName(path.basename(f))), [], 'no temporary file left');
  assert.deepEqual(mirror.writer.pendingDirs, [], 'the folder of the renames that did happen was fsynced');

  // The runner reads ahead: a batch handed over before it saw the failure is refused, not written.
  await assert.rejects(mirror.apply([doc('note:later')]), { code: 'EISDIR' });
  assert.equal(fs.existsSync(path.join(t.folder, 'data/note/nlater.json')), false);

  fs.rmdirSync(path.join(t.folder, 'data/note/n100.json'));
  await mirror.prepare();
  const retry = await mirror.apply([...docs, doc('note:later')]);
  assert.deepEqual(retry, { written: 401 - written.length, deleted: 0, unchanged: written.length });
  assert.equal(listFiles(t.folder).length, 401);
});

test('a folder whose fsync fails stays pending through prepare(); the checkpoint is written only after a pass made it durable', { timeout: 30_000 }, async () => {
  await using t = setup();
  const db = t.open();
  await db.bulkDocs([{ _id: 'note:n1', title: 'one' }, { _id: 'tag:t1', name: 'tag' }]);
  const mirror = new BackupMirror(t.folder, 'client1');
  const pendingAtCommit: string[][] = [];
  const sink: BackupSink = {
    prepare: () => mirror.prepare(),
    apply: (docs, options) => mirror.apply(docs, options),
    cleanup: () => mirror.cleanup(),
    commit: (checkpoint) => {
      pendingAtCommit.push([...mirror.writer.pendingDirs]);
      return mirror.commit(checkpoint);
    },
    close: async () => undefined,
  };
  const runner = new BackupRunner({ db, folder: t.folder, sink, appVersion: 'test' });
  const first = await runner.runOnce();
  await runner.idle(); // its clean-up of our temporary files, which must not meet the write below
  const stateFile = path.join(t.folder, 'state/client1.json');
  const lastSeq = () => (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { lastSeq: number }).lastSeq;
  assert.equal(lastSeq(), first.lastSeq);

  // A rename into data/tag/ deferred to the batch's fsync, as apply() writes, and then that fsync fails:
  // the folder swapped for a link to itself (ELOOP) before the flush.
  const tagDir = path.join(t.folder, 'data/tag');
  await mirror.writer.write('data/tag/t2.json', '{"_id":"tag:t2"}', { deferDirSync: true });
  fs.renameSync(tagDir, `${tagDir}.away`);
  fs.symlinkSync('tag', tagDir);
  await assert.rejects(mirror.writer.flush(), { code: 'ELOOP' });
  assert.deepEqual(mirror.writer.pendingDirs, [tagDir], 'the folder not fsynced is still pending');
  await mirror.prepare();
  assert.deepEqual(mirror.writer.pendingDirs, [tagDir], 'prepare() does not forget it');

  // A pass while it still cannot be fsynced: its files are in place, but the checkpoint does not move.
  await db.put({ _id: 'note:n2', title: 'two' });
  await assert.rejects(runner.runOnce());
  assert.equal(fs.existsSync(path.join(t.folder, 'data/note/n2.json')), true);
  assert.equal(lastSeq(), first.lastSeq, 'the checkpoint did not move past a folder that was not fsynced');
  assert.deepEqual(mirror.writer.pendingDirs, [tagDir]);

  // The folder back: the next pass finds its files in place, flushes what was pending, then writes the checkpoint.
  fs.rmSync(tagDir);
  fs.renameSync(`${tagDir}.away`, tagDir);
  const retry = await runner.runOnce();
  assert.equal(retry.written, 0, 'n2 was already in place');
  assert.equal(lastSeq(), Number((await db.info()).update_seq));
  assert.deepEqual(mirror.writer.pendingDirs, []);
  assert.deepEqual(pendingAtCommit, pendingAtCommit.map(() => []), 'nothing was pending when a checkpoint was written');
});

test('a FIFO put in place of a folder waiting for its fsync is not waited on', { timeout: 10_000 }, async () => {
  await using t = setup();
  const writer = new AtomicWriter(t.folder, 'abc');
  await writer.write('data/note/a.json', '{}', { deferDirSync: true });
  const dir = path.join(t.folder, 'data/note');
  fs.renameSync(dir, `${dir}.away`);
  execFileSync('mkfifo', [dir]);
  // The folder's entries went with it: nothing is left to make durable at that path.
  await writer.flush();
  assert.deepEqual(writer.pendingDirs, []);
  // Our leftovers are looked for in it without waiting either.
  assert.equal(await writer.removeOwnTempFiles(['data/note', 'data']), 0);
});
