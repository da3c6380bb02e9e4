// A backup folder full of hostile and broken files: each is skipped with its
// reason, nothing outside the folder is read, and everything else restores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DocumentStore } from '../db/document-store';
import { locateDoc } from '../backup-format/file-name';
import { restoreBackup, scanBackupFolder } from './index';
import { md5Digest } from '../backup-format/digest';
import { assertAccounted, backUp, tempFolder, writeJson } from './restore-testing';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const note = (id: string, extra: Record<string, unknown> = {}) => ({
  _id: id, _rev: '1-0123456789abcdef0123456789abcdef', title: 'x', body: 'y', bookId: 'book:b', tags: [], createdAt: 1, updatedAt: 1, ...extra,
});
const docPath = (folder: string, id: string) => {
  const { type, stem } = locateDoc(id);
  return path.join(folder, 'data', type, `${stem}.json`);
};
const fileDoc = (id: string, bytes: Buffer, attachment: Record<string, unknown>) => ({
  _id: id, _rev: '1-0123456789abcdef0123456789abcdef', name: 'a.png', contentType: 'image/png', contentLength: bytes.length, createdAt: 1, publicIn: [],
  _attachments: { index: { content_type: 'image/png', length: bytes.length, digest: md5Digest(bytes), ...attachment } },
});

test('hostile files are each skipped with their reason; the rest of the folder restores', async () => {
  await using t = tempFolder();
  // A real backup of a small database: the good part of the folder.
  const source = t.open('source');
  const store = new DocumentStore(source);
  await store.putMany([
    { _id: 'book:b', name: 'B', createdAt: 1, updatedAt: 1 },
    ...Array.from({ length: 20 }, (_, i) => ({ _id: `note:good${i}`, title: `good ${i}`, body: 'fine', bookId: 'book:b', createdAt: 1, updatedAt: 1 })),
  ]);
  const folder = t.path('backup');
  await backUp(source, folder);
  const outside = t.path('outside');
  fs.mkdirSync(outside);
  writeJson(path.join(outside, 'secret.json'), note('note:secret'));
  fs.writeFileSync(path.join(outside, 'secret.png'), PNG);

  const expected: Record<string, RegExp> = {};
  const put = (id: string, value: unknown, reason: RegExp, file = docPath(folder, id)) => {
    writeJson(file, value);
    expected[path.relative(folder, file).split(path.sep).join('/')] = reason;
  };
  put('note:notjson', 'hello, I am not JSON', /^not JSON$/);
  put('note:truncated', JSON.stringify(note('note:truncated'), null, 2).slice(0, 80), /^truncated JSON/);
  put('note:array', '[1, 2, 3]', /JSON, but not a document/);
  put('note:noid', { title: 'no id' }, /it has no _id/);
  put('note:norev', { ...note('note:norev'), _rev: undefined }, /it has no revision/);
  put('note:badrev', note('note:badrev', { _rev: 'banana' }), /is not a revision/);
  put('note:badhistory', note('note:badhistory', { _revisions: { start: 1, ids: ['ffff'] } }), /_revisions\) does not match/);
  put('note:invalid', note('note:invalid', { title: 42 }), /fails validation: title/);
  put('note:nobook', note('note:nobook', { bookId: undefined }), /fails validation: bookId/);
  put('note:special', note('note:special', { _evil: true }), /fields starting with "_" are reserved/);
  put('note:inbook', note('note:inbook'), /a note: document .* does not belong in data\/book\//, path.join(folder, 'data', 'book', `${locateDoc('note:inbook').stem}.json`));
  put('note:copy', note('note:copy'), /its name does not match the id/, path.join(folder, 'data', 'note', 'copy (conflicted copy).json'));
  put('note:renamed', note('note:renamed'), /its name does not match the id/, path.join(folder, 'data', 'note', 'something-else.json'));
  // Ids that look like paths or hold control characters are ids like any other: the naming rule made their
  // file names safe, and the file name is the encoding of the id inside, so they restore.
  const pathLike = ['note:../../../etc/passwd', 'note:C:\\Windows\\x', 'note:..', 'note:ctrl\u0000\u001f'];
  for (const id of pathLike) writeJson(docPath(folder, id), note(id, { bookId: 'book:b' }));
  // The same id in a file whose name is not its encoding: refused.
  put('note:../elsewhere', note('note:../elsewhere'), /its name does not match the id/, docPath(folder, 'note:elsewhere'));
  put('note:lone\ud800', note('note:lone\ud800'), /lone surrogate/);
  put('_design/evil', { _id: '_design/evil', _rev: '1-ab', views: {} }, /is reserved/, path.join(folder, 'data', 'other', `${locateDoc('_design/evil').stem}.json`));
  put('file:escape', fileDoc('file:escape', PNG, { path: '../../outside/secret.png' }), /tries to leave the document's folder/);
  put('file:absolute', fileDoc('file:absolute', PNG, { path: '/etc/passwd' }), /tries to leave the document's folder/);
  put('file:missing', fileDoc('file:missing', PNG, { path: `${locateDoc('file:missing').stem}.png` }), /file .* is missing/);
  put('file:nobytes', fileDoc('file:nobytes', PNG, { stub: true }), /bytes are not in the backup/);
  put('file:badbase64', fileDoc('file:badbase64', PNG, { data: 'not base64!!' }), /not valid base64/);
  put('file:inlinedigest', fileDoc('file:inlinedigest', PNG, { data: Buffer.alloc(PNG.length).toString('base64') }), /do not match its digest/);
  put('file:sha', fileDoc('file:sha', PNG, { data: PNG.toString('base64'), digest: 'sha1-abc' }), /not an md5 digest/);
  const attachmentFile = (id: string, bytes: Buffer) => {
    const name = `${locateDoc(id).stem}.png`;
    fs.writeFileSync(path.join(folder, 'data', 'file', name), bytes);
    return name;
  };
  // Same length, other bytes: only the digest can tell.
  put('file:digest', fileDoc('file:digest', PNG, { path: attachmentFile('file:digest', Buffer.alloc(PNG.length, 7)) }), /do not match its digest/);
  put('file:length', fileDoc('file:length', PNG, { path: attachmentFile('file:length', PNG.subarray(0, 10)) }), /is 10 bytes, but the document says/);
  const linkName = `${locateDoc('file:linked').stem}.png`;
  fs.symlinkSync(path.join(outside, 'secret.png'), path.join(folder, 'data', 'file', linkName));
  put('file:linked', fileDoc('file:linked', PNG, { path: linkName }), /link pointing outside the backup folder/);
  // A document file that is a link to a document outside the folder.
  const linked = docPath(folder, 'note:secret');
  fs.symlinkSync(path.join(outside, 'secret.json'), linked);
  expected[path.relative(folder, linked)] = /link pointing outside the backup folder/;
  const dangling = docPath(folder, 'note:dangling');
  fs.symlinkSync(path.join(outside, 'nothing.json'), dangling);
  expected[path.relative(folder, dangling)] = /link to something that does not exist/;
  // Binary junk with a .json name.
  put('note:binary', '', /not UTF-8|not JSON/);
  fs.writeFileSync(docPath(folder, 'note:binary'), Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b]));
  put('note:empty', '', /an empty file/);
  // Over 64 MiB: refused from its size alone (a sparse file, nothing is read).
  const huge = docPath(folder, 'note:huge');
  fs.writeFileSync(huge, '{');
  fs.truncateSync(huge, 65 * 1024 * 1024);
  expected[path.relative(folder, huge)] = /65\.0 MiB, over the 64 MiB limit/;
  // A folder and a FIFO named like documents (a FIFO must not block the restore).
  fs.mkdirSync(docPath(folder, 'note:folder'));
  expected[path.relative(folder, docPath(folder, 'note:folder'))] = /a folder, not a document file/;
  if (process.platform !== 'win32') {
    execFileSync('mkfifo', [docPath(folder, 'note:fifo')]);
    expected[path.relative(folder, docPath(folder, 'note:fifo'))] = /not a regular file/;
  }
  // A type folder that is a link to a folder outside.
  fs.symlinkSync(outside, path.join(folder, 'data', 'tag'));
  expected['data/tag'] = /links to folders are not followed/;
  // Not ours, never read: hidden and temporary files, other tools' files, state/.
  fs.writeFileSync(path.join(folder, 'data', 'note', '.quire-tmp-abc-123'), 'partial');
  fs.writeFileSync(path.join(folder, 'data', 'note', '.hidden.json'), 'x');
  fs.writeFileSync(path.join(folder, 'data', 'note', 'readme.txt'), 'x');
  fs.writeFileSync(path.join(folder, 'notes-to-self.json'), 'x');

  const plan = await scanBackupFolder(folder);
  const target = t.open('target');
  const result = await restoreBackup(target, folder);
  for (const outcome of [plan, result]) {
    const byPath = new Map(outcome.skipped.map((s) => [s.path, s.reason]));
    for (const [file, reason] of Object.entries(expected)) {
      assert.ok(byPath.has(file), `${file} is listed as skipped`);
      assert.match(byPath.get(file)!, reason, file);
    }
    assert.deepEqual([...byPath.keys()].filter((p) => !(p in expected)), [], 'nothing else is skipped');
    assert.equal(outcome.skippedCount, Object.keys(expected).length);
    assertAccounted(folder, outcome);
  }
  assert.deepEqual(plan.counts, { notes: 20 + pathLike.length, books: 1, tags: 0, files: 0, other: 0, attachments: 0 });
  assert.deepEqual([result.restored, result.conflicts], [21 + pathLike.length, 0]);
  const ids = (await target.allDocs()).rows.map((r) => r.id);
  assert.equal(ids.length, 21 + pathLike.length);
  assert.ok(ids.every((id) => id === 'book:b' || id.startsWith('note:good') || pathLike.includes(id)), ids.join(' '));
  for (const id of pathLike) assert.equal(((await target.get(id)) as { title?: string }).title, note(id).title, id);
});
