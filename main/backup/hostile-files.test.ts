// Files put in the backup folder by someone else, where the backup reads:
// FIFOs (a plain open or read waits for a writer forever), links pointing out
// of the folder, a huge sparse file. Every reader goes through the one safe
// reader (lstat first, O_NOFOLLOW | O_NONBLOCK, regular files only, size
// capped), so each is passed over or replaced, and the backup carries on.
// A live runner and a real PouchDB; bounded by each test's timeout, so a hang
// fails instead of waiting for ever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { assertFolderMatches, readBackupDoc, startLiveRunner } from './backup-testing';

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-hostile-'));
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

const mkfifo = (file: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
};
const kind = (file: string) => {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!stat) return 'missing';
  return stat.isFile() ? 'file' : stat.isFIFO() ? 'fifo' : stat.isSymbolicLink() ? 'link' : 'other';
};

const note = (i: number, extra: Record<string, unknown> = {}) => ({ _id: `note:n${i}`, title: `Note ${i}`, body: `Body ${i}\n`, ...extra });
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

test('FIFOs, links out of the folder and a huge sparse file in the backup folder never stall the backup', { timeout: 60_000 }, async () => {
  await using t = setup();
  const db = t.open();
  await db.bulkDocs([
    ...Array.from({ length: 8 }, (_, i) => note(i + 1)),
    { _id: 'file:F1', name: 'a.png', _attachments: { index: { content_type: 'image/png', data: PNG.toString('base64') } } },
  ]);
  const at = (rel: string) => path.join(t.folder, rel);
  const outside = path.join(t.dir, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'target.json'), '{"_id":"note:n4","_rev":"9-ffff","title":"not the backup’s"}');
  fs.writeFileSync(path.join(outside, 'other.json'), 'outside, kept');
  mkfifo(path.join(outside, 'pipe'));

  mkfifo(at('data/note/n1.json')); // where a live note's file goes
  mkfifo(at('_deleted/note/n2.json')); // a live note's copy in _deleted/ (unusable: removed)
  mkfifo(at('state/client1.json')); // our own checkpoint
  mkfifo(at('state/clientother.json')); // another installation's
  fs.symlinkSync(path.join(outside, 'target.json'), at('data/note/n4.json'));
  fs.writeFileSync(at('data/note/n5.json'), '');
  fs.truncateSync(at('data/note/n5.json'), 4 * 1024 ** 3); // 4 GiB, sparse
  fs.symlinkSync(path.join(outside, 'other.json'), at('_deleted/note/n6.json'));
  fs.symlinkSync(path.join(outside, 'pipe'), at('data/note/n7.json')); // a link to a FIFO
  mkfifo(at('data/file/_f1.json'));
  mkfifo(at('data/file/_f1.png'));

  const backup = startLiveRunner(db, t.folder);
  t.defer(() => backup.runner.stop());
  await backup.upToDate();
  assert.deepEqual(backup.errors(), []);
  for (const rel of ['data/note/n1.json', 'data/note/n4.json', 'data/note/n5.json', 'data/note/n7.json', 'data/file/_f1.json', 'data/file/_f1.png', 'state/client1.json']) {
    assert.equal(kind(at(rel)), 'file', `${rel} is the backup's own file now`);
  }
  assert.equal(kind(at('_deleted/note/n2.json')), 'missing', 'an unusable copy of a live note in _deleted/ is removed');
  assert.equal(kind(at('_deleted/note/n6.json')), 'missing', 'the link in _deleted/ is removed, not followed');
  assert.equal(kind(at('state/clientother.json')), 'fifo', 'another installation’s state file is left alone');
  assert.equal(fs.readFileSync(path.join(outside, 'target.json'), 'utf8'), '{"_id":"note:n4","_rev":"9-ffff","title":"not the backup’s"}');
  assert.equal(fs.readFileSync(path.join(outside, 'other.json'), 'utf8'), 'outside, kept');
  assert.equal(kind(path.join(outside, 'pipe')), 'fifo');
  assert.equal(fs.statSync(at('data/note/n5.json')).size < 1024, true, 'the sparse file is replaced');
  await assertFolderMatches(db, t.folder);

  // Later edits are backed up; a deletion moves its file over a FIFO put in _deleted/ meanwhile.
  mkfifo(at('_deleted/note/n3.json'));
  for (let i = 1; i <= 8; i++) await db.put({ ...(await db.get(`note:n${i}`)), title: `edited ${i}` });
  await db.remove(await db.get('note:n3'));
  await backup.upToDate();
  for (const i of [1, 2, 4, 5, 6, 7, 8]) assert.equal(readBackupDoc(t.folder, 'data', `note:n${i}`)?.title, `edited ${i}`);
  assert.equal(kind(at('_deleted/note/n3.json')), 'file');
  assert.equal(readBackupDoc(t.folder, '_deleted', 'note:n3')?.title, 'edited 3');

  // Our checkpoint swapped for a FIFO while the backup runs: the next look at the folder passes it over
  // (as no checkpoint: a full pass, every file already in place) and writes a real one.
  fs.rmSync(at('state/client1.json'));
  mkfifo(at('state/client1.json'));
  const writtenBefore = backup.runner.session.written;
  backup.runner.recheck();
  await db.put({ ...(await db.get('note:n8')), title: 'after the checkpoint went' });
  await backup.upToDate();
  assert.equal(kind(at('state/client1.json')), 'file');
  const state = JSON.parse(fs.readFileSync(at('state/client1.json'), 'utf8')) as { lastSeq: number };
  assert.equal(state.lastSeq, Number((await db.info()).update_seq));
  assert.equal(backup.runner.session.written, writtenBefore + 1, 'only the edited note was written again');
  assert.equal(readBackupDoc(t.folder, 'data', 'note:n8')?.title, 'after the checkpoint went');
  assert.deepEqual(backup.errors(), []);
  await backup.runner.stop();
  await assertFolderMatches(db, t.folder);
});
