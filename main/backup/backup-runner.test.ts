import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { BackupFolderError, BackupRunner, inProcessSink, type BackupStatus } from './backup-runner';
import { assertFolderMatches, listFiles, readBackupDoc } from './backup-testing';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-backup-'));
  const folder = path.join(dir, 'backup');
  fs.mkdirSync(folder);
  const dbs: Database[] = [];
  const open = (name = 'db') => {
    const db = openDatabase(path.join(dir, name));
    dbs.push(db);
    return db;
  };
  return {
    dir,
    folder,
    open,
    async [Symbol.asyncDispose]() {
      for (const db of dbs) await db.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const runner = (db: Database, folder: string, clientId = 'client1', extra: Partial<ConstructorParameters<typeof BackupRunner>[0]> = {}) =>
  new BackupRunner({ db, folder, sink: inProcessSink(folder, clientId), appVersion: 'test', ...extra });

const note = (i: number, extra: Record<string, unknown> = {}) => ({
  _id: `note:n${i}`,
  title: `Note ${i}`,
  body: `Body of note ${i}\n`.repeat(i % 7),
  bookId: 'book:b1',
  tags: [],
  createdAt: i,
  updatedAt: i,
  ...extra,
});

const image = (i: number) => ({
  _id: `file:F${i}`,
  name: `image${i}.png`,
  contentType: 'image/png',
  _attachments: { index: { content_type: 'image/png', data: Buffer.concat([PNG, Buffer.from([i % 256])]).toString('base64') } },
});

test('first pass mirrors every document and attachment; later passes write only the changes', async () => {
  await using t = setup();
  const db = t.open();
  await db.bulkDocs([{ _id: 'book:b1', name: 'Book' }, { _id: 'config', theme: 'dark' }, ...Array.from({ length: 300 }, (_, i) => note(i))]);
  await db.bulkDocs(Array.from({ length: 20 }, (_, i) => image(i)));
  const first = await runner(db, t.folder).runOnce();
  assert.equal(first.written, 322);
  assert.deepEqual(await assertFolderMatches(db, t.folder), { live: 322, deleted: 0 });
  assert.ok(fs.existsSync(path.join(t.folder, 'data/file/_f3.png')), 'image bytes keep their extension');
  assert.ok(fs.existsSync(path.join(t.folder, 'data/other/config.json')));
  const state = JSON.parse(fs.readFileSync(path.join(t.folder, 'state/client1.json'), 'utf8'));
  assert.equal(state.lastSeq, first.lastSeq);
  assert.equal(state.counts.docs, 322);

  // A new runner (a restart) continues from the checkpoint in the folder.
  const n5 = await db.get('note:n5');
  await db.put({ ...n5, title: 'edited once' });
  await db.put({ ...(await db.get('note:n5')), title: 'edited twice' });
  await db.put(note(1000));
  const second = await runner(db, t.folder).runOnce();
  assert.deepEqual({ written: second.written, deleted: second.deleted }, { written: 2, deleted: 0 });
  assert.equal((readBackupDoc(t.folder, 'data', 'note:n5') as { title: string }).title, 'edited twice');
  await assertFolderMatches(db, t.folder);
  assert.equal((await runner(db, t.folder).runOnce()).written, 0);
});

test('deletion moves the file and its attachment to _deleted/; a re-created document comes back', async () => {
  await using t = setup();
  const db = t.open();
  await db.bulkDocs([note(1), note(2), image(1)]);
  await runner(db, t.folder).runOnce();
  await db.remove(await db.get('note:n1'));
  await db.remove(await db.get('file:F1'));
  const pass = await runner(db, t.folder).runOnce();
  assert.equal(pass.deleted, 2);
  assert.equal((readBackupDoc(t.folder, '_deleted', 'note:n1') as { title: string }).title, 'Note 1');
  assert.ok(fs.existsSync(path.join(t.folder, '_deleted/file/_f1.png')));
  assert.ok(!fs.existsSync(path.join(t.folder, 'data/file/_f1.png')));
  await assertFolderMatches(db, t.folder);

  // Deleted while data/ had no file (e.g. created and deleted between two passes): the last revision is written to _deleted/.
  await db.put(note(3));
  await db.remove(await db.get('note:n3'));
  await runner(db, t.folder).runOnce();
  assert.equal((readBackupDoc(t.folder, '_deleted', 'note:n3') as { title: string }).title, 'Note 3');

  const tomb = await db.get('note:n1', { revs: true, open_revs: 'all' });
  const deletedRev = (tomb[0] as { ok: { _rev: string } }).ok._rev;
  await db.put({ ...note(1, { title: 'back' }), _rev: deletedRev });
  await runner(db, t.folder).runOnce();
  assert.equal((readBackupDoc(t.folder, 'data', 'note:n1') as { title: string }).title, 'back');
  await assertFolderMatches(db, t.folder);
});

test('hostile and case-only ids stay inside the folder, each in its own file', async () => {
  await using t = setup();
  const db = t.open();
  const ids = ['note:../../escape', 'note:..\\..\\x', 'note:CON', 'note:con', 'note:a:b', 'note:\u0001\u001f', `note:${'x'.repeat(1000)}`,
    `note:${'x'.repeat(999)}y`, 'note:日本語', 'note:Abc', 'note:aBC', 'note:abc', 'aux', 'AUX', 'note: trailing. ', 'tag:/'];
  await db.bulkDocs(ids.map((id, i) => ({ _id: id, n: i })));
  await runner(db, t.folder).runOnce();
  await assertFolderMatches(db, t.folder);
  const files = listFiles(t.folder).filter((f) => f.startsWith('data'));
  assert.equal(files.length, ids.length);
  assert.equal(new Set(files.map((f) => f.toLowerCase())).size, ids.length, 'unique on a case-insensitive disk');
  assert.deepEqual(fs.readdirSync(t.dir).sort(), ['backup', 'db']);
});

test('two databases sharing a folder never replace each other’s newer revisions', async () => {
  await using t = setup();
  const a = t.open('a');
  const b = t.open('b');
  // The same document in both (as after a restore), then edited further in b only.
  await a.put({ _id: 'note:shared', title: 'v1' });
  await b.bulkDocs([await a.get('note:shared', { revs: true })], { new_edits: false });
  const bDoc = await b.get('note:shared');
  await b.put({ ...bDoc, title: 'v2 from b' });
  await a.put({ _id: 'note:only-a', title: 'a' });

  await runner(b, t.folder, 'clientb').runOnce();
  await runner(a, t.folder, 'clienta').runOnce();
  assert.equal((readBackupDoc(t.folder, 'data', 'note:shared') as { title: string }).title, 'v2 from b', 'a did not overwrite b’s newer revision');
  // a deletes its older revision: b's live one is not its to move away.
  await a.remove(await a.get('note:shared'));
  await runner(a, t.folder, 'clienta').runOnce();
  assert.equal((readBackupDoc(t.folder, 'data', 'note:shared') as { title: string }).title, 'v2 from b');
  assert.ok(fs.existsSync(path.join(t.folder, 'state/clienta.json')) && fs.existsSync(path.join(t.folder, 'state/clientb.json')));
  // Cloud-sync conflict copies and others' temporary files are left alone.
  fs.writeFileSync(path.join(t.folder, 'data/note/shared (conflicted copy).json'), '{}');
  fs.writeFileSync(path.join(t.folder, 'data/note/.quire-tmp-other-1'), 'x');
  await a.put({ _id: 'note:another', title: 'x' });
  await runner(a, t.folder, 'clienta').runOnce();
  assert.ok(fs.existsSync(path.join(t.folder, 'data/note/shared (conflicted copy).json')));
  assert.ok(fs.existsSync(path.join(t.folder, 'data/note/.quire-tmp-other-1')));
});

test('an unusable folder: error status in plain words, back-off, then catching up by itself', async () => {
  await using t = setup();
  const db = t.open();
  await db.bulkDocs(Array.from({ length: 30 }, (_, i) => note(i)));
  const gone = path.join(t.dir, 'gone');
  await assert.rejects(runner(db, gone).runOnce(), (e: BackupFolderError) => /is not there/.test(e.reason));
  assert.ok(!fs.existsSync(gone), 'a missing folder is not re-created');

  const statuses: BackupStatus[] = [];
  const live = runner(db, t.folder, 'client1', { onStatus: (s) => statuses.push(s), retryInitialMs: 50, retryMaxMs: 200, settleMs: 10 });
  live.start();
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(check());
  };
  await waitFor(() => statuses.at(-1)?.state === 'up-to-date');
  // A file where the note folder should be: writes fail until it goes.
  fs.rmSync(path.join(t.folder, 'data/note'), { recursive: true });
  fs.writeFileSync(path.join(t.folder, 'data/note'), 'in the way');
  await db.put(note(100));
  await waitFor(() => statuses.filter((s) => s.state === 'error').length >= 2);
  const error = statuses.find((s) => s.state === 'error') as Extract<BackupStatus, { state: 'error' }>;
  assert.match(error.reason, /not a folder is in the way/);
  assert.ok(error.retryInMs! >= 50);
  fs.rmSync(path.join(t.folder, 'data/note'));
  await waitFor(() => statuses.at(-1)?.state === 'up-to-date' && readBackupDoc(t.folder, 'data', 'note:n100') !== null);
  // The whole folder removed and put back empty: everything is copied again.
  fs.rmSync(t.folder, { recursive: true });
  await db.put(note(101));
  await waitFor(() => statuses.at(-1)?.state === 'error');
  fs.mkdirSync(t.folder);
  await db.put(note(102));
  await waitFor(() => statuses.at(-1)?.state === 'up-to-date' && readBackupDoc(t.folder, 'data', 'note:n102') !== null);
  await live.stop();
  await assertFolderMatches(db, t.folder);
});

test('a document in conflict is mirrored at its winning revision', async () => {
  await using t = setup();
  const db = t.open();
  await db.bulkDocs(
    [
      { _id: 'note:c', _rev: '2-aaa', title: 'loses', _revisions: { start: 2, ids: ['aaa', 'root'] } },
      { _id: 'note:c', _rev: '2-bbb', title: 'wins', _revisions: { start: 2, ids: ['bbb', 'root'] } },
    ],
    { new_edits: false },
  );
  await runner(db, t.folder).runOnce();
  const file = readBackupDoc(t.folder, 'data', 'note:c') as { _rev: string; title: string; _revisions: { ids: string[] } };
  assert.deepEqual([file._rev, file.title, file._revisions.ids], ['2-bbb', 'wins', ['bbb', 'root']]);
  await assertFolderMatches(db, t.folder);
});

test('refresh() rewrites files changed or deleted from outside, from the database', async () => {
  await using t = setup();
  const db = t.open();
  await db.bulkDocs([note(1), note(2), image(1)]);
  await db.remove(await db.get('note:n2'));
  const backup = runner(db, t.folder);
  await backup.runOnce();
  fs.writeFileSync(path.join(t.folder, 'data/note/n1.json'), '{"_id":"note:n1","title":"tampered"}');
  fs.rmSync(path.join(t.folder, 'data/file/_f1.png'));
  fs.rmSync(path.join(t.folder, 'data/file/_f1.json'));
  fs.rmSync(path.join(t.folder, '_deleted/note/n2.json'));
  const result = await backup.refresh(['note:n1', 'file:F1', 'note:n2', 'note:unknown']);
  assert.deepEqual(result, { written: 2, deleted: 1, unchanged: 0 });
  await assertFolderMatches(db, t.folder);
  // A file at our own revision with changed content is put back too.
  const file = path.join(t.folder, 'data/note/n1.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Note 1', 'changed outside'));
  await backup.refresh(['note:n1']);
  assert.equal((readBackupDoc(t.folder, 'data', 'note:n1') as { title: string }).title, 'Note 1');
});

test('a deletion another installation wrote for our revision is not undone, neither by a pass nor by refresh()', async () => {
  await using t = setup();
  const a = t.open('a');
  const b = t.open('b');
  await a.bulkDocs([note(1), note(2)]);
  for (const id of ['note:n1', 'note:n2']) await b.bulkDocs([await a.get(id, { revs: true })], { new_edits: false });
  await runner(a, t.folder, 'clienta').runOnce();
  await a.remove(await a.get('note:n1'));
  await runner(a, t.folder, 'clienta').runOnce();
  assert.ok(readBackupDoc(t.folder, '_deleted', 'note:n1'));

  // b still has n1 at the revision a deleted: its first pass into the folder, and a refresh, leave the deletion be.
  const backupB = runner(b, t.folder, 'clientb');
  await backupB.runOnce();
  assert.deepEqual(await backupB.refresh(['note:n1']), { written: 0, deleted: 0, unchanged: 1 });
  assert.equal(readBackupDoc(t.folder, 'data', 'note:n1'), null);
  assert.ok(readBackupDoc(t.folder, '_deleted', 'note:n1'));
  // An edit in b makes a revision the deletion does not cover: b's live revision wins and is written.
  await b.put({ ...(await b.get('note:n1')), title: 'edited in b' });
  await backupB.runOnce();
  assert.equal((readBackupDoc(t.folder, 'data', 'note:n1') as { title: string }).title, 'edited in b');
  assert.equal(readBackupDoc(t.folder, '_deleted', 'note:n1'), null);
});

test('requested refreshes wait out an unusable folder and are done once it is back; recheck() notices a folder gone at once', async () => {
  await using t = setup();
  const db = t.open();
  await db.bulkDocs([note(1), note(2)]);
  const statuses: BackupStatus[] = [];
  const live = runner(db, t.folder, 'client1', { onStatus: (s) => statuses.push(s), retryInitialMs: 50, retryMaxMs: 200, settleMs: 10 });
  const applied: string[] = [];
  live.onApply((phase, docs) => applied.push(...docs.map((d) => `${phase}:${d.id}`)));
  live.start();
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(check());
  };
  await waitFor(() => statuses.at(-1)?.state === 'up-to-date');
  assert.deepEqual(applied.sort(), ['end:note:n1', 'end:note:n2', 'start:note:n1', 'start:note:n2']);

  const moved = `${t.folder}-away`;
  fs.renameSync(t.folder, moved);
  live.recheck();
  await waitFor(() => statuses.at(-1)?.state === 'error');
  assert.match((statuses.at(-1) as Extract<BackupStatus, { state: 'error' }>).reason, /is not there/);
  fs.rmSync(path.join(moved, 'data/note/n1.json'));
  live.requestRefresh(['note:n1']);
  // Two more failed passes (retries with back-off): the second began after the request, so it tried the refresh.
  const errors = () => statuses.filter((s) => s.state === 'error').length;
  const errorsBefore = errors();
  await waitFor(() => errors() >= errorsBefore + 2 || fs.existsSync(t.folder)); // (a folder made again fails below)
  assert.ok(!fs.existsSync(t.folder), 'the folder is not created again by the refresh');
  fs.renameSync(moved, t.folder);
  await waitFor(() => statuses.at(-1)?.state === 'up-to-date' && readBackupDoc(t.folder, 'data', 'note:n1') !== null);
  await live.stop();
  await assertFolderMatches(db, t.folder);
});
