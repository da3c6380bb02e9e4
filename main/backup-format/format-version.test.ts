// The folder's format version: every state file records it; a folder a newer
// Quire wrote is neither written into nor restored from, and the reason is a
// sentence; a folder from before versions existed (format 1) is used as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BackupFolderError, BackupRunner, backupClientId, inProcessSink } from '../backup/index';
import { DocumentStore } from '../db/document-store';
import { NotABackupError, restoreBackup, scanBackupFolder } from '../restore/index';
import { backUp, tempFolder } from '../restore/restore-testing';
import { listFiles } from '../backup/backup-testing';
import { FORMAT_VERSION } from './index';

const note = (id: string) => ({ _id: id, title: id, body: 'text', bookId: 'book:b', createdAt: 1, updatedAt: 1 });

async function seeded(t: ReturnType<typeof tempFolder>) {
  const db = t.open('source');
  await new DocumentStore(db).putMany([{ _id: 'book:b', name: 'B', createdAt: 1, updatedAt: 1 }, note('note:a')]);
  const folder = t.path('backup');
  await backUp(db, folder);
  return { db, folder };
}

test('every state file records the format version this Quire writes', async () => {
  await using t = tempFolder();
  const { db, folder } = await seeded(t);
  const state = JSON.parse(fs.readFileSync(path.join(folder, 'state', `${await backupClientId(db)}.json`), 'utf8')) as { formatVersion?: unknown };
  assert.equal(state.formatVersion, FORMAT_VERSION);
  assert.equal(FORMAT_VERSION, 2);
});

test('a folder a newer Quire wrote: no file is written, restore refuses, both in a sentence', async () => {
  await using t = tempFolder();
  const { folder } = await seeded(t);
  // Another installation, a newer Quire, shares the folder.
  fs.writeFileSync(
    path.join(folder, 'state', 'newer-installation.json'),
    JSON.stringify({ clientId: 'newer-installation', lastSeq: 5, formatVersion: FORMAT_VERSION + 1 }),
  );
  const before = new Map(listFiles(folder).map((f) => [f, fs.readFileSync(path.join(folder, f))]));

  // A second database backing up into it: refused before any write.
  const other = t.open('other');
  await new DocumentStore(other).putMany([{ _id: 'book:b', name: 'B', createdAt: 1, updatedAt: 1 }, note('note:other')]);
  const sink = inProcessSink(folder, await backupClientId(other));
  try {
    const runner = new BackupRunner({ db: other, folder, sink, appVersion: 'test' });
    await assert.rejects(runner.runOnce(), (error: unknown) => {
      assert.ok(error instanceof BackupFolderError);
      assert.match(error.reason, /written by a newer version of Quire \(backup format 3; this version knows format 2 and older\)/);
      assert.match(error.reason, /update Quire/);
      return true;
    });
  } finally {
    await sink.close();
  }
  const after = listFiles(folder);
  assert.deepEqual(after.sort(), [...before.keys()].sort(), 'no file added or removed');
  for (const [file, bytes] of before) assert.ok(fs.readFileSync(path.join(folder, file)).equals(bytes), `${file} unchanged`);

  // Restore and its scan refuse too.
  const target = t.open('target');
  await assert.rejects(restoreBackup(target, folder), (error: unknown) => error instanceof NotABackupError && /newer version of Quire/.test(error.message));
  await assert.rejects(scanBackupFolder(folder), (error: unknown) => error instanceof NotABackupError && /newer version of Quire/.test(error.message));
  assert.equal((await target.info()).doc_count, 0);
});

test('a folder from before versions existed (format 1, no formatVersion) is written and restored as it is', async () => {
  await using t = tempFolder();
  const { db, folder } = await seeded(t);
  const stateFile = path.join(folder, 'state', `${await backupClientId(db)}.json`);
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
  delete state.formatVersion;
  fs.writeFileSync(stateFile, JSON.stringify(state));
  await new DocumentStore(db).put(note('note:later'));
  await backUp(db, folder);
  assert.ok(listFiles(folder).includes('data/note/later.json'));
  const target = t.open('target');
  const result = await restoreBackup(target, folder);
  assert.equal(result.restored, 3);
});

test('a state file that is a FIFO or a link is passed over, never waited on', { timeout: 30_000 }, async (t2) => {
  if (process.platform === 'win32') return t2.skip('no FIFOs on Windows');
  await using t = tempFolder();
  const { db, folder } = await seeded(t);
  const { execFileSync } = await import('node:child_process');
  execFileSync('mkfifo', [path.join(folder, 'state', 'fifo-installation.json')]);
  fs.writeFileSync(t.path('outside.json'), JSON.stringify({ clientId: 'linked', lastSeq: 1, formatVersion: 99 }));
  fs.symlinkSync(t.path('outside.json'), path.join(folder, 'state', 'linked.json'));
  await new DocumentStore(db).put(note('note:after'));
  await backUp(db, folder);
  assert.ok(listFiles(folder).includes('data/note/after.json'), 'the backup went on');
  const result = await restoreBackup(t.open('target'), folder);
  assert.equal(result.restored, 3, 'a linked state file naming a newer format outside the folder is not read');
});
