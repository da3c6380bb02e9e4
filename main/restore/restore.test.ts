// The restore's merge, on real PouchDB databases in temporary folders and
// real backup folders written by the backup's own runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentStore } from '../db/document-store';
import type { Database } from '../db/open-database';
import { readAttachment } from '../attachments/read-attachment';
import { locateDoc } from '../backup-format/file-name';
import { NotABackupError, restoreBackup, scanBackupFolder, type RestoreProgress } from './index';
import { md5Digest } from '../backup-format/digest';
import { backUp, contentOf, tempFolder, writeJson } from './restore-testing';

const INKDROP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/inkdrop-backup-v5-flat');
const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/images');
const LOGO = fs.readFileSync(path.join(IMAGES, 'logo.png'));
const SVG = fs.readFileSync(path.join(IMAGES, 'logo.svg'));

const note = (id: string, extra: Record<string, unknown> = {}) => ({
  _id: id, title: `Title of ${id}`, body: `Body of ${id}\n`, bookId: 'book:b', tags: ['tag:t'], createdAt: 1, updatedAt: 1, ...extra,
});
const image = (id: string, bytes: Buffer, type = 'image/png') => ({
  _id: id, name: `${id}.png`, contentType: type, contentLength: bytes.length, createdAt: 1, publicIn: [],
  _attachments: { index: { content_type: type, data: bytes.toString('base64') } },
});

async function seed(db: Database, notes = 30) {
  const store = new DocumentStore(db);
  await store.putMany([
    { _id: 'book:b', name: 'Book', createdAt: 1, updatedAt: 1 },
    { _id: 'tag:t', name: 'Tag', createdAt: 1, updatedAt: 1 },
    ...Array.from({ length: notes }, (_, i) => note(`note:n${i}`)),
  ]);
  await store.put(image('file:logo', LOGO));
  await store.put(image('file:svg', SVG, 'image/svg+xml'));
  await db.put({ _id: 'config', theme: 'dark' });
  // Histories longer than one revision.
  for (const id of ['note:n1', 'note:n2', 'note:n2']) {
    const doc = await db.get(id);
    await store.put({ ...doc, body: `${String(doc.body)}more\n` });
  }
}

const liveOnly = (content: Awaited<ReturnType<typeof contentOf>>) => new Map([...content].filter(([, s]) => !s.deleted));

test('an empty database gets every document, revision history and attachment back; a second restore changes nothing', async () => {
  await using t = tempFolder();
  const source = t.open('source');
  await seed(source);
  await source.remove(await source.get('note:n3'));
  const folder = t.path('backup');
  await backUp(source, folder);

  const target = t.open('target');
  const progress: RestoreProgress[] = [];
  const result = await restoreBackup(target, folder, { onProgress: (p) => progress.push(p) });
  assert.deepEqual(
    { restored: result.restored, upToDate: result.upToDate, conflicts: result.conflicts, skipped: result.skipped, deleted: result.deleted, cancelled: result.cancelled },
    { restored: 34, upToDate: 0, conflicts: 0, skipped: [], deleted: 1, cancelled: false },
  );
  assert.deepEqual(result.layouts, ['quire']);
  assert.equal(progress.at(-1)!.done, 34);
  assert.equal(progress.at(-1)!.total, 34);
  assert.deepEqual(await contentOf(target), liveOnly(await contentOf(source)));
  assert.equal((await readAttachment(target, 'file:logo'))!.data.equals(LOGO), true);

  const seq = (await target.info()).update_seq;
  const again = await restoreBackup(target, folder);
  assert.deepEqual([again.restored, again.upToDate, again.conflicts, again.skippedCount], [0, 34, 0, 0]);
  assert.equal((await target.info()).update_seq, seq, 'nothing was written');
});

test('the scan counts what a restore would find, without a database', async () => {
  await using t = tempFolder();
  const source = t.open('source');
  await seed(source, 10);
  await source.remove(await source.get('note:n0'));
  const folder = t.path('backup');
  await backUp(source, folder);
  writeJson(path.join(folder, 'data', 'note', 'broken.json'), '{"_id": "note:broken", "title": ');
  const plan = await scanBackupFolder(folder);
  assert.deepEqual(plan.counts, { notes: 9, books: 1, tags: 1, files: 2, other: 1, attachments: 2 });
  assert.equal(plan.documents, 14);
  assert.equal(plan.deleted, 1);
  assert.equal(plan.files, 15);
  assert.deepEqual(plan.skipped, [{ path: 'data/note/broken.json', reason: 'truncated JSON: the file ends in the middle of the document' }]);
  assert.equal(plan.folder, fs.realpathSync(folder));
});

test('edits made here after the backup survive a restore', async () => {
  await using t = tempFolder();
  const db = t.open();
  await seed(db, 5);
  const folder = t.path('backup');
  await backUp(db, folder);
  const store = new DocumentStore(db);
  const edited = await store.put({ ...(await db.get('note:n1')), body: 'edited after the backup' });
  const result = await restoreBackup(db, folder);
  assert.deepEqual([result.restored, result.conflicts], [0, 0]);
  const now = await db.get('note:n1', { conflicts: true });
  assert.equal(now._rev, edited._rev);
  assert.equal(now.body, 'edited after the backup');
  assert.equal(now._conflicts, undefined);
});

test('a newer revision in the backup fast-forwards; one changed on both sides is kept as a conflict', async () => {
  await using t = tempFolder();
  const laptop = t.open('laptop');
  await seed(laptop, 5);
  const folder = t.path('backup');
  await backUp(laptop, folder);
  const desktop = t.open('desktop');
  await restoreBackup(desktop, folder);

  // The laptop edits n1 and n2; the desktop edits n2 too, concurrently.
  const laptopStore = new DocumentStore(laptop);
  await laptopStore.put({ ...(await laptop.get('note:n1')), body: 'laptop n1' });
  const laptopN2 = await laptopStore.put({ ...(await laptop.get('note:n2')), body: 'laptop n2' });
  await backUp(laptop, folder);
  const desktopN2 = await new DocumentStore(desktop).put({ ...(await desktop.get('note:n2')), body: 'desktop n2' });

  const result = await restoreBackup(desktop, folder);
  assert.deepEqual([result.restored, result.conflicts, result.upToDate], [1, 1, 8]);
  assert.equal((await desktop.get('note:n1')).body, 'laptop n1');
  const n2 = await desktop.get('note:n2', { conflicts: true });
  // CouchDB's rule: same generation, the greater hash wins; the loser stays as a conflict.
  const [winner, loser] = [laptopN2._rev, desktopN2._rev].sort().reverse();
  assert.equal(n2._rev, winner);
  assert.deepEqual(n2._conflicts, [loser]);
  // And the laptop, which never saw the desktop's edit, agrees after restoring the desktop's backup.
  const desktopFolder = t.path('desktop-backup');
  await backUp(desktop, desktopFolder);
  await restoreBackup(laptop, desktopFolder);
  assert.equal((await laptop.get('note:n2'))._rev, winner);
});

test('a document deleted here stays deleted, unless its file was moved from _deleted/ back into data/', async () => {
  await using t = tempFolder();
  const db = t.open();
  await seed(db, 5);
  const folder = t.path('backup');
  await backUp(db, folder);
  const before = t.path('before-deletion');
  fs.cpSync(folder, before, { recursive: true });

  const logo = await db.get('file:logo');
  await db.remove(logo);
  await db.remove(await db.get('note:n1'));
  await backUp(db, folder); // the backup moves both to _deleted/

  // An older copy of the folder, from before the deletions: they stay deleted.
  const old = await restoreBackup(db, before);
  assert.deepEqual([old.restored, old.conflicts], [0, 0]);
  await assert.rejects(db.get('note:n1'), { status: 404 });
  await assert.rejects(db.get('file:logo'), { status: 404 });
  // The folder itself: the deleted documents are in _deleted/, which is never restored.
  const current = await restoreBackup(db, folder);
  assert.deepEqual([current.restored, current.deleted], [0, 2]);
  await assert.rejects(db.get('file:logo'), { status: 404 });

  // The user moves the image's files from _deleted/ back into data/.
  const { stem } = locateDoc('file:logo');
  for (const name of fs.readdirSync(path.join(folder, '_deleted', 'file')).filter((n) => n.startsWith(`${stem}.`))) {
    fs.renameSync(path.join(folder, '_deleted', 'file', name), path.join(folder, 'data', 'file', name));
  }
  const back = await restoreBackup(db, folder);
  assert.deepEqual([back.restored, back.deleted, back.skippedCount], [1, 1, 0]);
  const restored = await db.get('file:logo');
  assert.equal(restored.name, logo.name);
  assert.equal(Number(restored._rev.split('-')[0]), 3, 'a new revision on top of the deletion');
  assert.equal((await readAttachment(db, 'file:logo'))!.data.equals(LOGO), true);
  await assert.rejects(db.get('note:n1'), { status: 404 });
  // And restoring again changes nothing.
  const again = await restoreBackup(db, folder);
  assert.equal(again.restored, 0);
});

test('the Inkdrop 5 backup restores to 2 notes, 1 notebook, 1 tag and its config, histories from _rev alone', async () => {
  await using t = tempFolder();
  const db = t.open();
  const plan = await scanBackupFolder(INKDROP);
  assert.deepEqual(plan.layouts, ['inkdrop-flat']);
  assert.deepEqual(plan.counts, { notes: 2, books: 1, tags: 1, files: 0, other: 1, attachments: 0 });
  const result = await restoreBackup(db, INKDROP, { total: plan.files });
  assert.deepEqual([result.restored, result.skippedCount], [5, 0]);
  const stats = await new DocumentStore(db).stats();
  assert.deepEqual({ notes: stats.notes, books: stats.books, tags: stats.tags }, { notes: 2, books: 1, tags: 1 });
  const welcome = await db.get('note:welcome', { revs: true });
  assert.equal(welcome._rev, '2-74ea42a7d83755c13ef44a6667707642');
  assert.deepEqual(welcome._revisions, { start: 2, ids: ['74ea42a7d83755c13ef44a6667707642'] });
  assert.equal(welcome.migratedBy, 'migrateAddingNumOfTasks', 'unknown fields are kept');
  assert.deepEqual((await db.get('config')).core, { defaultBook: 'book:first' });
  assert.equal((await restoreBackup(db, INKDROP)).upToDate, 5);
});

test("Inkdrop's inline attachments, flat and in folders per type: inkdrop://file: links keep their ids", async () => {
  await using t = tempFolder();
  const fileDoc = (id: string, bytes: Buffer) => ({
    _id: id, _rev: '1-0123456789abcdef0123456789abcdef', name: 'logo.png', contentType: 'image/png', contentLength: bytes.length,
    createdAt: 1, publicIn: [], md5: 'x',
    _attachments: { index: { content_type: 'image/png', digest: md5Digest(bytes), revpos: 1, data: bytes.toString('base64') } },
  });
  const inkNote = (id: string, fileId: string) => ({ ...note(id, { bookId: 'book:first', tags: [] }), body: `![logo](inkdrop://${fileId})`, _rev: '3-aaaabbbbccccddddeeeeffff00001111' });
  const flat = t.path('flat');
  writeJson(path.join(flat, 'data', 'file:Hk1.json'), fileDoc('file:Hk1', LOGO));
  writeJson(path.join(flat, 'data', 'note:a1.json'), inkNote('note:a1', 'file:Hk1'));
  const folders = t.path('folders');
  writeJson(path.join(folders, 'data', 'file', 'Hk2.json'), fileDoc('file:Hk2', SVG));
  writeJson(path.join(folders, 'data', 'note', 'a2.json'), inkNote('note:a2', 'file:Hk2'));
  writeJson(path.join(folders, 'data', 'book', 'book:first.json'), { _id: 'book:first', _rev: '1-ab', name: 'First', createdAt: 1, updatedAt: 1 });

  const db = t.open();
  const a = await restoreBackup(db, flat);
  const b = await restoreBackup(db, folders);
  assert.deepEqual(a.layouts, ['inkdrop-flat']);
  assert.deepEqual(b.layouts, ['inkdrop-folders']);
  assert.deepEqual([a.restored, b.restored, a.skippedCount + b.skippedCount], [2, 3, 0]);
  assert.match(String((await db.get('note:a1')).body), /inkdrop:\/\/file:Hk1/);
  assert.equal((await readAttachment(db, 'file:Hk1'))!.data.equals(LOGO), true);
  assert.equal((await readAttachment(db, 'file:Hk2'))!.data.equals(SVG), true);
  const stored = await db.get('file:Hk1');
  assert.equal(stored.md5, 'x');
  assert.equal((stored._attachments as Record<string, { digest: string }>).index!.digest, md5Digest(LOGO));
});

test('large inline attachments pass one at a time: the reader waits for the main thread, never stalls', async () => {
  await using t = tempFolder();
  const folder = t.path('inkdrop');
  const big = (i: number) => Buffer.alloc(10 * 1024 * 1024, i);
  for (let i = 0; i < 4; i++) {
    const bytes = big(i);
    writeJson(path.join(folder, 'data', `file:big${i}.json`), {
      _id: `file:big${i}`, _rev: '1-abcd', name: `big${i}.bin`, contentType: 'application/octet-stream', contentLength: bytes.length, createdAt: 1,
      _attachments: { index: { content_type: 'application/octet-stream', digest: md5Digest(bytes), data: bytes.toString('base64') } },
    });
  }
  const plan = await scanBackupFolder(folder);
  assert.deepEqual([plan.counts.files, plan.skippedCount], [4, 0]);
  const db = t.open();
  const result = await restoreBackup(db, folder);
  assert.deepEqual([result.restored, result.skippedCount], [4, 0]);
  assert.equal((await readAttachment(db, 'file:big3'))!.data.equals(big(3)), true);
});

test('an id found twice in a folder (both Inkdrop layouts) is counted once as restored', async () => {
  await using t = tempFolder();
  const folder = t.path('inkdrop');
  const doc = { ...note('note:twice', { bookId: 'book:first', tags: [] }), _rev: '2-aaaa' };
  writeJson(path.join(folder, 'data', 'note:twice.json'), doc);
  writeJson(path.join(folder, 'data', 'note', 'twice.json'), doc);
  writeJson(path.join(folder, 'data', 'note:other.json'), { ...doc, _id: 'note:other', _rev: '2-aaaa' });
  writeJson(path.join(folder, 'data', 'note', 'other.json'), { ...doc, _id: 'note:other', _rev: '2-bbbb', body: 'concurrent' });
  const db = t.open();
  const result = await restoreBackup(db, folder);
  assert.deepEqual(result.layouts, ['inkdrop-folders', 'inkdrop-flat']);
  assert.deepEqual([result.restored, result.upToDate, result.conflicts], [2, 1, 1]);
  assert.deepEqual((await db.get('note:other', { conflicts: true }))._conflicts, ['2-aaaa']);
});

test('progress after each batch; cancelling stops between batches and the next restore finishes the job', async () => {
  await using t = tempFolder();
  const source = t.open('source');
  await seed(source, 700);
  const folder = t.path('backup');
  await backUp(source, folder);
  const target = t.open('target');
  const controller = new AbortController();
  const seen: RestoreProgress[] = [];
  const first = await restoreBackup(target, folder, {
    signal: controller.signal,
    onProgress: (p) => {
      seen.push(p);
      controller.abort();
    },
  });
  assert.equal(first.cancelled, true);
  assert.equal(seen.length, 1);
  assert.ok(first.restored > 0 && first.restored < 705, `${first.restored} restored before stopping`);
  assert.equal((await target.info()).doc_count, first.restored, 'only whole batches were written');
  const rest = await restoreBackup(target, folder);
  assert.deepEqual([rest.restored + first.restored, rest.upToDate, rest.cancelled], [705, first.restored, false]);
  assert.deepEqual(await contentOf(target), await contentOf(source));
});

test('a folder that is not a backup is refused in one plain sentence', async () => {
  await using t = tempFolder();
  fs.mkdirSync(t.path('empty'));
  fs.writeFileSync(t.path('file.txt'), 'x');
  fs.mkdirSync(t.path('notes', 'data'), { recursive: true });
  fs.writeFileSync(t.path('notes', 'data', 'readme.md'), '# hi');
  const db = t.open();
  for (const [folder, message] of [
    [t.path('empty'), /is not a backup folder: it has no data\/ folder/],
    [t.path('notes'), /is not a backup folder/],
    [t.path('file.txt'), /is a file, not a backup folder/],
    [t.path('missing'), /There is no folder at/],
  ] as const) {
    await assert.rejects(scanBackupFolder(folder), (e: Error) => e instanceof NotABackupError && message.test(e.message));
    await assert.rejects(restoreBackup(db, folder), NotABackupError);
  }
});
