// What a deletion leaves in _deleted/: always the last live revision before
// it (docs/backup-format.md), which is what the folder watcher accepts back
// when the file is moved to data/. data/ may hold something else at that
// moment: an older revision (the document edited, then deleted before a pass
// wrote the edit) or an unusable file (a FIFO); neither is moved there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { BackupRunner, inProcessSink } from './backup-runner';
import { assertFolderMatches, listFiles, readBackupDoc } from './backup-testing';

async function withFolder(fn: (db: Database, folder: string, dir: string) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-deleted-copy-'));
  const folder = path.join(dir, 'backup');
  fs.mkdirSync(folder);
  const db = openDatabase(path.join(dir, 'db'));
  try {
    await fn(db, folder, dir);
  } finally {
    await db.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pass = (db: Database, folder: string) => new BackupRunner({ db, folder, sink: inProcessSink(folder, 'client1'), appVersion: 'test' }).runOnce();
const image = (bytes: string) => ({ index: { content_type: 'image/png', data: Buffer.from(bytes).toString('base64') } });

test('edited, then deleted before a pass wrote the edit: _deleted/ holds the edited revision, not the older file data/ had', { timeout: 20_000 }, async () => {
  await withFolder(async (db, folder) => {
    await db.bulkDocs([
      { _id: 'note:n1', title: 'first' },
      { _id: 'file:F1', name: 'a', contentType: 'image/png', _attachments: image('first bytes') },
    ]);
    await pass(db, folder);
    await db.put({ ...(await db.get('note:n1')), title: 'edited' });
    const f1 = await db.get('file:F1');
    await db.put({ ...f1, name: 'b', contentType: 'text/plain', _attachments: { index: { content_type: 'text/plain', data: Buffer.from('second bytes').toString('base64') } } });
    const lastRevs = { n1: (await db.get('note:n1'))._rev, f1: (await db.get('file:F1'))._rev };
    await db.remove(await db.get('note:n1'));
    await db.remove(await db.get('file:F1'));
    assert.deepEqual(await pass(db, folder).then((r) => [r.written, r.deleted]), [0, 2]);

    const n1 = readBackupDoc(folder, '_deleted', 'note:n1');
    assert.deepEqual([n1?._rev, n1?.title], [lastRevs.n1, 'edited'], 'the last revision before the deletion');
    const f1Copy = readBackupDoc(folder, '_deleted', 'file:F1') as { _rev: string; name: string; _attachments: { index: { path: string } } };
    assert.deepEqual([f1Copy._rev, f1Copy.name, f1Copy._attachments.index.path], [lastRevs.f1, 'b', '_f1.txt']);
    assert.equal(fs.readFileSync(path.join(folder, '_deleted/file/_f1.txt'), 'utf8'), 'second bytes');
    assert.deepEqual(listFiles(folder).filter((f) => !f.startsWith('state/')), ['_deleted/file/_f1.json', '_deleted/file/_f1.txt', '_deleted/note/n1.json'], 'the older files left data/');
    await assertFolderMatches(db, folder);
  });
});

test('deleted while its file in data/ is a FIFO: the FIFO is removed, not moved, and _deleted/ gets the last revision', { timeout: 20_000 }, async () => {
  await withFolder(async (db, folder) => {
    await db.put({ _id: 'note:n1', title: 'one' });
    await pass(db, folder);
    const file = path.join(folder, 'data/note/n1.json');
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    const last = await db.get('note:n1');
    await db.remove(last);
    await pass(db, folder);
    assert.equal(fs.existsSync(file), false);
    assert.equal(fs.lstatSync(path.join(folder, '_deleted/note/n1.json')).isFile(), true);
    assert.equal(readBackupDoc(folder, '_deleted', 'note:n1')?._rev, last._rev);
  });
});
