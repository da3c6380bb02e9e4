// The reports this guards against: a valid note with one field nested 6,000
// levels deep (a 12 KB file) made the reader thread's chunk unreadable on the
// main thread, which dropped it without a word: a folder holding that file
// and one ordinary note restored `restored 0, skipped []`; 250 documents with
// it and a FIFO restored 125; 20 such files among 700 never ended, and Cancel
// could not stop it. Every file must be restored or listed with its reason,
// the restore must end, and Cancel must stop it at any moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DocumentStore } from '../db/document-store';
import { locateDoc } from '../backup-format/file-name';
import { restoreBackup, scanBackupFolder } from './index';
import { assertAccounted, backUp, tempFolder } from './restore-testing';

const TIMEOUT = { timeout: 60_000 };
const canFifo = process.platform !== 'win32';

const docPath = (folder: string, id: string) => {
  const { type, stem } = locateDoc(id);
  return path.join(folder, 'data', type, `${stem}.json`);
};

/** A valid note whose one field `deep` is nested `depth` levels deep: 2 bytes a level. */
const deepNote = (id: string, depth: number) =>
  `{"_id":${JSON.stringify(id)},"_rev":"1-0123456789abcdef0123456789abcdef","title":"deep","body":"","bookId":"book:b","createdAt":1,"updatedAt":1,"deep":` +
  '['.repeat(depth) + ']'.repeat(depth) + '}';

async function backupOf(t: ReturnType<typeof tempFolder>, notes: number): Promise<string> {
  const source = t.open('source');
  await new DocumentStore(source).putMany([
    { _id: 'book:b', name: 'B', createdAt: 1, updatedAt: 1 },
    ...Array.from({ length: notes }, (_, i) => ({ _id: `note:n${i}`, title: `n${i}`, body: `body ${i}`, bookId: 'book:b', createdAt: 1, updatedAt: 1 })),
  ]);
  const folder = t.path('backup');
  await backUp(source, folder);
  return folder;
}

function addDeep(folder: string, count: number, depth = 6000): string[] {
  return Array.from({ length: count }, (_, i) => {
    const file = docPath(folder, `note:deep${i}`);
    fs.writeFileSync(file, deepNote(`note:deep${i}`, depth));
    return path.relative(folder, file).split(path.sep).join('/');
  });
}

async function check(folder: string, t: ReturnType<typeof tempFolder>, good: number, hostile: string[]) {
  const plan = await scanBackupFolder(folder);
  const target = t.open(`target-${Math.random().toString(36).slice(2)}`);
  const result = await restoreBackup(target, folder, { total: plan.files });
  for (const outcome of [plan, result]) {
    assert.deepEqual(outcome.skipped.map((s) => s.path).sort(), [...hostile].sort());
    for (const s of outcome.skipped) {
      assert.match(s.reason, s.path.includes('fifo') ? /not a regular file/ : /nested more than 100 levels deep/, s.path);
    }
    assertAccounted(folder, outcome);
  }
  assert.equal(plan.documents, good);
  assert.deepEqual([result.restored, result.upToDate, result.conflicts, result.cancelled], [good, 0, 0, false]);
  assert.equal((await target.info()).doc_count, good);
}

test('a note nested 6,000 levels deep beside an ordinary note: the note restores, the deep one is listed', TIMEOUT, async () => {
  await using t = tempFolder();
  const folder = await backupOf(t, 1);
  const deep = addDeep(folder, 1);
  assert.ok(fs.statSync(path.join(folder, deep[0]!)).size < 13_000, 'a small file');
  await check(folder, t, 2, deep);
});

test('250 documents with a deep note and a FIFO: 250 restored, both files listed', TIMEOUT, async () => {
  await using t = tempFolder();
  const folder = await backupOf(t, 249);
  const hostile = addDeep(folder, 1);
  if (canFifo) {
    execFileSync('mkfifo', [path.join(folder, 'data', 'note', 'fifo.json')]);
    hostile.push('data/note/fifo.json');
  }
  await check(folder, t, 250, hostile);
});

test('700 documents with 20 deep notes and a FIFO: the restore ends, every file accounted for', TIMEOUT, async () => {
  await using t = tempFolder();
  const folder = await backupOf(t, 699);
  const hostile = addDeep(folder, 20);
  if (canFifo) {
    execFileSync('mkfifo', [path.join(folder, 'data', 'note', 'fifo.json')]);
    hostile.push('data/note/fifo.json');
  }
  await check(folder, t, 700, hostile);
});

test('Cancel stops a restore at any moment, the wait for the reader thread included; the next restore finishes the job', TIMEOUT, async () => {
  await using t = tempFolder();
  const folder = await backupOf(t, 1999);
  addDeep(folder, 20);
  const target = t.open('target');
  // Abort after a growing number of turns of the event loop: before the reader starts, while the main
  // thread waits for its first chunk, between chunks, while a batch is written.
  for (const turns of [0, 1, 2, 4, 8, 16, 32, 64, 128]) {
    const controller = new AbortController();
    const running = restoreBackup(target, folder, { signal: controller.signal, total: 2020 });
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const result = await running;
    assert.equal(result.cancelled || result.restored + result.upToDate + result.skippedCount === 2020, true, `after ${turns} turns`);
  }
  const rest = await restoreBackup(target, folder);
  assert.equal(rest.cancelled, false);
  assert.equal(rest.skippedCount, 20);
  assertAccounted(folder, rest);
  assert.equal((await target.info()).doc_count, 2000);
});
