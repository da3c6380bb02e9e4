// Documents in conflict, mirrored (docs/backup-format.md, "Conflicts"): the
// winner at the top of its file, every other leaf under `_conflicts` with its
// own attachment files (`<stem>.~r<hex>.<ext>`); when the conflict is
// resolved the file is written again, the losing revision leaves it (its
// deletion, a leaf too, takes its place) and its attachment files go.
// A real PouchDB and real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { conflictAttachmentFileName } from '../backup-format/index';
import { BackupRunner, inProcessSink } from './backup-runner';
import { assertFolderMatches, listFiles, readBackupDoc } from './backup-testing';

async function withFolder(fn: (db: Database, folder: string) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-conflicts-'));
  const folder = path.join(dir, 'backup');
  fs.mkdirSync(folder);
  const db = openDatabase(path.join(dir, 'db'));
  try {
    await fn(db, folder);
  } finally {
    await db.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const PNG_A = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489aa', 'hex');
const PNG_B = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489bbbb', 'hex');

type FileJson = {
  _id: string;
  _rev: string;
  name?: string;
  _attachments?: Record<string, { path: string; length: number }>;
  _conflicts?: { _rev: string; _deleted?: boolean; name?: string; _revisions: { start: number; ids: string[] }; _attachments?: Record<string, { path: string }> }[];
};

/** `file:F1` at 2-aaa (loses) and 2-bbb (wins), each with its own image, on a common first revision. */
async function conflicted(db: Database) {
  const revision = (hash: string, name: string, bytes: Buffer) => ({
    _id: 'file:F1',
    _rev: `2-${hash}`,
    _revisions: { start: 2, ids: [hash, 'root'] },
    name,
    contentType: 'image/png',
    _attachments: { index: { content_type: 'image/png', data: bytes.toString('base64') } },
  });
  await db.bulkDocs([revision('aaa', 'phone.png', PNG_A), revision('bbb', 'laptop.png', PNG_B)], { new_edits: false });
}

const pass = async (db: Database, folder: string) => new BackupRunner({ db, folder, sink: inProcessSink(folder, 'client1'), appVersion: 'test' }).runOnce();
const bytesAt = (folder: string, file: string) => fs.readFileSync(path.join(folder, 'data/file', file));

test('a document in conflict is written with its losing leaf under _conflicts, each revision with its own attachment file', { timeout: 20_000 }, async () => {
  await withFolder(async (db, folder) => {
    await conflicted(db);
    await pass(db, folder);
    const file = readBackupDoc(folder, 'data', 'file:F1') as FileJson;
    assert.deepEqual([file._rev, file.name], ['2-bbb', 'laptop.png']);
    assert.equal(file._conflicts?.length, 1);
    const loser = file._conflicts![0]!;
    assert.deepEqual([loser._rev, loser.name, loser._revisions], ['2-aaa', 'phone.png', { start: 2, ids: ['aaa', 'root'] }]);
    const loserFile = conflictAttachmentFileName('_f1', '2-aaa', 'index', 'image/png');
    assert.equal(loser._attachments?.index?.path, loserFile);
    assert.match(loserFile, /^_f1\.~r[0-9a-f]{12}\.png$/);
    assert.ok(bytesAt(folder, file._attachments!.index!.path).equals(PNG_B), 'the winner’s image');
    assert.ok(bytesAt(folder, loserFile).equals(PNG_A), 'the losing revision’s image, under its own name');
    await assertFolderMatches(db, folder);
  });
});

test('resolving the conflict (the losing leaf deleted) writes the file again without that revision, and its attachment file goes', { timeout: 20_000 }, async () => {
  await withFolder(async (db, folder) => {
    await conflicted(db);
    await pass(db, folder);
    const loserFile = conflictAttachmentFileName('_f1', '2-aaa', 'index', 'image/png');
    assert.ok(fs.existsSync(path.join(folder, 'data/file', loserFile)));

    await db.remove('file:F1', '2-aaa');
    const resolved = await pass(db, folder);
    assert.equal(resolved.written, 1, 'the winner did not change, the file is written again all the same');
    const file = readBackupDoc(folder, 'data', 'file:F1') as FileJson;
    assert.equal(file._rev, '2-bbb');
    // What stays of the losing branch is its deletion, a leaf too: a restore gives it back, so the
    // conflict stays resolved there. The losing revision's content is gone from the file.
    assert.deepEqual(
      file._conflicts?.map((c) => [c._rev.split('-')[0], c._deleted, c._revisions.ids.slice(1), c.name, c._attachments]),
      [['3', true, ['aaa', 'root'], undefined, undefined]],
    );
    assert.deepEqual(
      listFiles(folder).filter((f) => f.startsWith('data/file/')),
      ['data/file/_f1.json', 'data/file/_f1.png'],
      'the losing revision’s image file is removed',
    );
    assert.ok(bytesAt(folder, '_f1.png').equals(PNG_B));
    assert.equal((await pass(db, folder)).written, 0, 'and then left alone');
    await assertFolderMatches(db, folder);
  });
});

test('resolved the other way (the winner deleted): the other revision becomes the winner, its image moves to the plain name', { timeout: 20_000 }, async () => {
  await withFolder(async (db, folder) => {
    await conflicted(db);
    await pass(db, folder);
    await db.remove('file:F1', '2-bbb');
    await pass(db, folder);
    const file = readBackupDoc(folder, 'data', 'file:F1') as FileJson;
    assert.deepEqual([file._rev, file.name, file._attachments?.index?.path], ['2-aaa', 'phone.png', '_f1.png']);
    assert.deepEqual(file._conflicts?.map((c) => [c._deleted, c._revisions.ids.slice(1)]), [[true, ['bbb', 'root']]]);
    assert.ok(bytesAt(folder, '_f1.png').equals(PNG_A));
    assert.deepEqual(listFiles(folder).filter((f) => f.startsWith('data/file/')), ['data/file/_f1.json', 'data/file/_f1.png']);
    assert.equal(readBackupDoc(folder, '_deleted', 'file:F1'), null, 'the document is alive: nothing in _deleted/');
    await assertFolderMatches(db, folder);
  });
});

test('a conflict arriving for a winner already in the folder rewrites the file with it; the loser edited further replaces its entry and image', { timeout: 20_000 }, async () => {
  await withFolder(async (db, folder) => {
    await db.bulkDocs(
      [{ _id: 'file:F1', _rev: '2-bbb', _revisions: { start: 2, ids: ['bbb', 'root'] }, name: 'laptop.png', contentType: 'image/png', _attachments: { index: { content_type: 'image/png', data: PNG_B.toString('base64') } } }],
      { new_edits: false },
    );
    await pass(db, folder);
    assert.equal((readBackupDoc(folder, 'data', 'file:F1') as FileJson)._conflicts, undefined);
    await conflicted(db); // 2-aaa arrives (a replication); 2-bbb is unchanged and still wins
    assert.equal((await pass(db, folder)).written, 1);
    assert.deepEqual((readBackupDoc(folder, 'data', 'file:F1') as FileJson)._conflicts?.map((c) => c._rev), ['2-aaa']);

    // The losing branch edited further: 3-ccc, a higher generation, wins now; 2-bbb becomes the conflict.
    await db.bulkDocs(
      [{ _id: 'file:F1', _rev: '3-ccc', _revisions: { start: 3, ids: ['ccc', 'aaa', 'root'] }, name: 'phone2.png', contentType: 'image/png', _attachments: { index: { content_type: 'image/png', data: PNG_A.toString('base64') } } }],
      { new_edits: false },
    );
    await pass(db, folder);
    const file = readBackupDoc(folder, 'data', 'file:F1') as FileJson;
    assert.deepEqual([file._rev, file.name, file._conflicts?.map((c) => c._rev)], ['3-ccc', 'phone2.png', ['2-bbb']]);
    const oldLoserFile = conflictAttachmentFileName('_f1', '2-aaa', 'index', 'image/png');
    const newLoserFile = conflictAttachmentFileName('_f1', '2-bbb', 'index', 'image/png');
    assert.deepEqual(
      listFiles(folder).filter((f) => f.startsWith('data/file/')).sort(),
      ['data/file/_f1.json', 'data/file/_f1.png', `data/file/${newLoserFile}`].sort(),
      `the old loser's image (${oldLoserFile}) went`,
    );
    assert.ok(bytesAt(folder, '_f1.png').equals(PNG_A));
    assert.ok(bytesAt(folder, newLoserFile).equals(PNG_B));
    await assertFolderMatches(db, folder);
  });
});

/** Two databases sharing one folder, both with the conflict; `a` resolves it, `b` has not seen that. */
async function withTwo(fn: (a: Database, b: Database, folder: string) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-conflicts-two-'));
  const folder = path.join(dir, 'backup');
  fs.mkdirSync(folder);
  const a = openDatabase(path.join(dir, 'a'));
  const b = openDatabase(path.join(dir, 'b'));
  try {
    await conflicted(a);
    await conflicted(b);
    await fn(a, b, folder);
  } finally {
    await a.close().catch(() => undefined);
    await b.close().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const passAs = (db: Database, folder: string, clientId: string) =>
  new BackupRunner({ db, folder, sink: inProcessSink(folder, clientId), appVersion: 'test' });

for (const resolution of [
  { what: 'the losing leaf deleted', remove: '2-aaa', winner: '2-bbb' },
  { what: 'the winner deleted', remove: '2-bbb', winner: '2-aaa' },
]) {
  for (const order of ['b wrote first', 'a wrote first'] as const) {
    test(`shared folder, conflict resolved in one installation (${resolution.what}), ${order}: the resolution stays in the folder, the other installation does not undo it`, { timeout: 20_000 }, async () => {
      await withTwo(async (a, b, folder) => {
        const runnerA = passAs(a, folder, 'clienta');
        const runnerB = passAs(b, folder, 'clientb');
        await a.remove('file:F1', resolution.remove);
        if (order === 'b wrote first') await runnerB.runOnce();
        await runnerA.runOnce();
        await runnerB.runOnce();
        // b's watcher would ask for the file again, seeing it differ from b's view: a refresh leaves it too.
        assert.deepEqual(await runnerB.refresh(['file:F1']), { written: 0, deleted: 0, unchanged: 1 });
        const file = readBackupDoc(folder, 'data', 'file:F1') as FileJson;
        assert.equal(file._rev, resolution.winner);
        assert.deepEqual(file._conflicts?.map((c) => c._deleted), [true], 'the other leaf is the deletion a made');
        assert.deepEqual(listFiles(folder).filter((f) => f.startsWith('data/file/')), ['data/file/_f1.json', 'data/file/_f1.png']);
        assert.ok(bytesAt(folder, '_f1.png').equals(resolution.winner === '2-aaa' ? PNG_A : PNG_B));
        await assertFolderMatches(a, folder);
      });
    });
  }
}
