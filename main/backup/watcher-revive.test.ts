// The folder watcher bringing documents back from files moved from _deleted/
// to data/, with a live runner and a real PouchDB: ids whose file names start
// with `~`, a file in data/ that was not moved back (the copy is still in
// _deleted/), and files in data/ that are not regular files or are too big.
// Waits are for the outcome itself (a document back, a reason reported, a
// file written again), bounded by each test's timeout; where something must
// NOT happen, the test waits for a later event in the same folder to have
// been handled (a probe file in data/ reported) instead of sleeping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { noteSchema } from '../../shared/schema';
import { docFileName, locateDoc } from '../backup-format/index';
import { BackupRunner, inProcessSink, type BackupStatus } from './backup-runner';
import { readBackupDoc } from './backup-testing';
import { watchBackupFolder, type WatchProblem } from './folder-watcher';

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-revive-'));
  const folder = path.join(dir, 'backup');
  fs.mkdirSync(folder);
  const dbs: Database[] = [];
  const cleanups: (() => Promise<unknown> | void)[] = [];
  return {
    dir,
    folder,
    open(name = 'db') {
      const db = openDatabase(path.join(dir, name));
      dbs.push(db);
      return db;
    },
    defer(fn: () => Promise<unknown> | void) {
      cleanups.push(fn);
    },
    async [Symbol.asyncDispose]() {
      for (const fn of cleanups.reverse()) await fn();
      for (const db of dbs) await db.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const note = (id: string, extra: Record<string, unknown> = {}) =>
  noteSchema.parse({ _id: id, title: `Title of ${id}`, body: `Body of ${id}\n`, bookId: 'book:b1', createdAt: 1, updatedAt: 1, ...extra });

/** Polls until `check` holds; the test's own timeout bounds it. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

const rel = (top: 'data' | '_deleted', id: string) => {
  const { type, stem } = locateDoc(id);
  return `${top}/${type}/${docFileName(stem)}`;
};
const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

const PROBE = 'note:probe';

async function live(db: Database, folder: string) {
  const statuses: BackupStatus[] = [];
  const problems: WatchProblem[] = [];
  const probes: WatchProblem[] = [];
  // A deleted note whose file the probe below writes into data/: the watcher reports it, every time.
  await db.put(note(PROBE));
  await db.remove(await db.get(PROBE));
  const restored: string[] = [];
  const runner = new BackupRunner({
    db, folder, sink: inProcessSink(folder, 'client1'), appVersion: 'test',
    onStatus: (s) => statuses.push(s), settleMs: 10, retryInitialMs: 50, retryMaxMs: 300,
  });
  runner.start();
  const watcher = watchBackupFolder({
    db, folder, runner, settleMs: 50, pollMs: 100,
    onError: (p) => (p.path === rel('data', PROBE) ? probes : problems).push(p),
    onRestored: (id) => restored.push(id),
  });
  await watcher.ready;
  /** Everything in the database is in the folder, and the runner is at rest. */
  const caughtUp = async () => {
    await until(async () => statuses.at(-1)?.state === 'up-to-date' && Number(runner.session.lastSeq) >= Number((await db.info()).update_seq));
    await runner.idle();
  };
  await caughtUp();
  /**
   * Every event the watcher got for data/note/ so far has been handled: a
   * file in data/ for the deleted probe note, not valid JSON, is reported
   * once it has been through the same queue. (A live note's file would not
   * do: a change within a moment of Quire writing it is taken for its own.)
   */
  const handledSoFar = async () => {
    const seen = probes.length;
    fs.writeFileSync(path.join(folder, rel('data', PROBE)), `{ probe ${seen}`);
    await until(() => probes.length > seen);
    await caughtUp();
  };
  // The start-up comparison of data/ with the database runs first in the watcher's queue: done once the probe is.
  await handledSoFar();
  return {
    runner, problems, restored, caughtUp, handledSoFar,
    /** The watcher at rest: past the moment in which a change is taken for the runner's own write, among others (BackupFolderWatcher.settled). */
    settled: () => watcher.settled(),
    async stop() {
      await watcher.close();
      await runner.stop();
    },
  };
}

test('notes whose file names start with `~` (é, emoji, a dot, a tilde) come back when moved from _deleted/ to data/', { timeout: 30_000 }, async () => {
  await using t = setup();
  const db = t.open();
  const ids = ['note:éclair', 'note:😀x', 'note:.hidden', 'note:~tilde'];
  await db.bulkDocs([...ids.map((id) => note(id))]);
  const backup = await live(db, t.folder);
  t.defer(() => backup.stop());
  for (const id of ids) assert.match(rel('data', id), /^data\/note\/~/, `${id}'s file name starts with ~`);
  const before = new Map(await Promise.all(ids.map(async (id) => [id, await db.get(id)] as const)));
  for (const id of ids) await db.remove(await db.get(id));
  await backup.caughtUp();
  for (const id of ids) assert.ok(fs.existsSync(path.join(t.folder, rel('_deleted', id))) && !fs.existsSync(path.join(t.folder, rel('data', id))));

  for (const id of ids) fs.renameSync(path.join(t.folder, rel('_deleted', id)), path.join(t.folder, rel('data', id)));
  await until(() => backup.restored.length === ids.length);
  assert.deepEqual([...backup.restored].sort(), [...ids].sort());
  for (const id of ids) {
    const { _rev, ...fields } = await db.get(id);
    const { _rev: _old, ...expected } = before.get(id)!;
    assert.deepEqual(fields, expected, `${id} has its content back`);
  }
  await backup.caughtUp();
  for (const id of ids) assert.equal(readBackupDoc(t.folder, 'data', id)?._rev, (await db.get(id))._rev, `${id} is in data/ at its new revision`);
  assert.deepEqual(backup.problems, []);
});

test(
  'a file in data/ at the revision our deletion is on top of, while _deleted/ still holds the copy, is reported and left alone; ' +
    'the copy removed afterwards brings nothing back by itself (_deleted/ is not watched); the file in data/ changing again then does',
  { timeout: 30_000 },
  async () => {
    await using t = setup();
    const db = t.open();
    await db.bulkDocs([note('note:gone')]);
    const backup = await live(db, t.folder);
    t.defer(() => backup.stop());
    await db.remove(await db.get('note:gone'));
    await backup.caughtUp();
    const dataFile = path.join(t.folder, rel('data', 'note:gone'));
    const copy = path.join(t.folder, rel('_deleted', 'note:gone'));
    const seq = (await db.info()).update_seq;

    // Another installation's rewrite of the last revision, delivered before (or instead of) its move.
    fs.copyFileSync(copy, dataFile);
    await until(() => backup.problems.length > 0);
    assert.deepEqual(backup.problems.map((p) => p.path), ['data/note/gone.json']);
    assert.match(backup.problems[0]!.reason, /_deleted\/note\/gone\.json is still there/);
    await assert.rejects(db.get('note:gone'), { status: 404 });

    // The copy goes (the other half of a move, or by hand): no event in data/, nothing comes back.
    fs.rmSync(copy);
    await backup.handledSoFar();
    await assert.rejects(db.get('note:gone'), { status: 404 }, 'still deleted');
    assert.deepEqual(backup.restored, []);
    assert.equal((await db.info()).update_seq, seq, 'the database was not touched');
    assert.equal(backup.problems.length, 1);

    // The file in data/ written again with the copy gone: now it is a move back, and the note returns.
    fs.writeFileSync(dataFile, fs.readFileSync(dataFile));
    await until(() => backup.restored.length === 1);
    assert.equal((await db.get('note:gone')).title, 'Title of note:gone');
  },
);

test('links, FIFOs and oversized files in data/ are refused and reported; the database is untouched and nothing waits', { timeout: 30_000 }, async () => {
  await using t = setup();
  const db = t.open();
  const gone = ['note:link', 'note:fifo', 'note:big', 'note:linkdir'];
  await db.bulkDocs([note('note:live1'), note('note:live2'), ...gone.map((id) => note(id))]);
  const backup = await live(db, t.folder);
  t.defer(() => backup.stop());
  for (const id of gone) await db.remove(await db.get(id));
  await backup.caughtUp();
  const at = (r: string) => path.join(t.folder, r);
  const outside = path.join(t.dir, 'outside');
  fs.mkdirSync(outside);
  // Each file's copy leaves _deleted/ (as in a move back), but what arrives in data/ is not a regular file of the folder.
  const copyOf = (id: string) => {
    const target = path.join(outside, `${locateDoc(id).stem}.json`);
    fs.renameSync(at(rel('_deleted', id)), target);
    return target;
  };
  fs.symlinkSync(copyOf('note:link'), at(rel('data', 'note:link')));
  copyOf('note:fifo');
  mkfifo(at(rel('data', 'note:fifo')));
  copyOf('note:big');
  fs.writeFileSync(at(rel('data', 'note:big')), '');
  fs.truncateSync(at(rel('data', 'note:big')), 100 * 1024 * 1024); // sparse, over the 64 MiB cap
  copyOf('note:linkdir');
  fs.symlinkSync(outside, at(rel('data', 'note:linkdir'))); // a link to a folder, named like a document file
  const seq = (await db.info()).update_seq;

  await until(() => backup.problems.length >= 4);
  const reasons = Object.fromEntries(backup.problems.map((p) => [p.path, p.reason]));
  assert.match(reasons['data/note/link.json']!, /not restored: .*is a link: links are not followed/);
  assert.match(reasons['data/note/fifo.json']!, /not restored: .*not a regular file/);
  assert.match(reasons['data/note/big.json']!, /not restored: .*100\.0 MiB, over the 64 MiB limit/);
  assert.match(reasons['data/note/linkdir.json']!, /not restored: .*is a link/);
  for (const id of gone) await assert.rejects(db.get(id), { status: 404 }, `${id} stays deleted`);
  assert.equal((await db.info()).update_seq, seq, 'nothing was written to the database');

  // A live note's file swapped for a FIFO, another's for a link out of the folder: written again in their place.
  // (Not within a quarter of a second of Quire writing them, which is taken for its own write: docs/backup-format.md.
  // settled() returns once that moment is over.)
  await backup.settled();
  fs.writeFileSync(path.join(outside, 'kept.json'), '{"_id":"note:live2","_rev":"1-x","title":"outside"}');
  fs.rmSync(at(rel('data', 'note:live1')));
  mkfifo(at(rel('data', 'note:live1')));
  fs.rmSync(at(rel('data', 'note:live2')));
  fs.symlinkSync(path.join(outside, 'kept.json'), at(rel('data', 'note:live2')));
  const isFile = (r: string) => fs.lstatSync(at(r), { throwIfNoEntry: false })?.isFile() === true;
  await until(() => isFile(rel('data', 'note:live1')) && isFile(rel('data', 'note:live2')));
  await backup.caughtUp();
  assert.equal(readBackupDoc(t.folder, 'data', 'note:live1')?.title, 'Title of note:live1');
  assert.equal(readBackupDoc(t.folder, 'data', 'note:live2')?.title, 'Title of note:live2');
  assert.equal(fs.readFileSync(path.join(outside, 'kept.json'), 'utf8'), '{"_id":"note:live2","_rev":"1-x","title":"outside"}');
  assert.deepEqual(backup.problems.filter((p) => /live/.test(p.path ?? '')), [], 'rewriting a live note’s file is not a problem to report');
  assert.deepEqual(backup.restored, []);
});

test('another installation at the revision our deletion is on top of, with its file back in data/, leaves the copy in _deleted/ (the deletion) where it is', { timeout: 30_000 }, async () => {
  await using t = setup();
  const a = t.open('a');
  const b = t.open('b');
  await a.put(note('note:gone'));
  await b.bulkDocs([await a.get('note:gone', { revs: true })], { new_edits: false });
  const runnerA = new BackupRunner({ db: a, folder: t.folder, sink: inProcessSink(t.folder, 'clienta'), appVersion: 'test' });
  const runnerB = new BackupRunner({ db: b, folder: t.folder, sink: inProcessSink(t.folder, 'clientb'), appVersion: 'test' });
  await runnerA.runOnce();
  await runnerB.runOnce();
  await a.remove(await a.get('note:gone'));
  await runnerA.runOnce();
  const copy = path.join(t.folder, rel('_deleted', 'note:gone'));
  const dataFile = path.join(t.folder, rel('data', 'note:gone'));
  // b's rewrite of its (same) revision, delivered by a sync tool after a's move.
  fs.copyFileSync(copy, dataFile);

  // b writes its revision again (its watcher saw the file change, or a pass): the deletion a made on top of it stays.
  assert.deepEqual(await runnerB.refresh(['note:gone']), { written: 1, deleted: 0, unchanged: 0 });
  assert.ok(fs.existsSync(copy), 'the copy in _deleted/ is not removed by an installation that has not seen the deletion');
  assert.deepEqual(await runnerB.refresh(['note:gone']), { written: 1, deleted: 0, unchanged: 0 });
  assert.ok(fs.existsSync(copy));

  // b's own edit is a revision the deletion does not cover: it wins, and the copy goes.
  await b.put({ ...(await b.get('note:gone')), title: 'edited in b' });
  await runnerB.runOnce();
  assert.equal(readBackupDoc(t.folder, 'data', 'note:gone')?.title, 'edited in b');
  assert.equal(fs.existsSync(copy), false);
});
