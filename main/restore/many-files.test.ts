// A folder of 100,000 document files (1 in 1000 broken): the scan and the
// restore stream it (fs.opendir, a reader thread sending chunks under credit,
// bounded batches), so the main thread's heap stays flat however many files
// there are, and the whole process stays far below its budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { locateDoc } from '../backup-format/file-name';
import { restoreBackup, scanBackupFolder } from './index';
import { tempFolder } from './restore-testing';

const FILES = 100_000;
const BROKEN_EVERY = 1000;
const MB = 1024 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

function writeFolder(folder: string) {
  const dir = path.join(folder, 'data', 'note');
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(folder, 'data', 'book'));
  fs.mkdirSync(path.join(folder, '_deleted', 'note'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'data', 'book', 'b.json'), JSON.stringify({ _id: 'book:b', _rev: '1-b', name: 'B', createdAt: 1, updatedAt: 1 }));
  for (let i = 0; i < FILES - 1; i++) {
    const id = `note:n${i}`;
    const file = path.join(dir, `${locateDoc(id).stem}.json`);
    if (i % BROKEN_EVERY === 0) fs.writeFileSync(file, `{"_id": "${id}", "title": "cut sho`);
    else fs.writeFileSync(file, `{"_id":"${id}","_rev":"1-${(i + 1).toString(16).padStart(32, '0')}","title":"Note ${i}","body":"Body ${i}","bookId":"book:b","createdAt":1,"updatedAt":1}`);
  }
}

test(`${FILES} files restore with a flat heap`, async (t) => {
  await using tmp = tempFolder('quire-restore-many-');
  const folder = tmp.path('backup');
  writeFolder(folder);
  const broken = Math.ceil((FILES - 1) / BROKEN_EVERY);

  const baseline = heap();
  const rssBase = process.memoryUsage().rss;
  let rssPeak = 0;
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  t.after(() => clearInterval(rssTimer));
  let scanPeak = 0;
  const plan = await scanBackupFolder(folder, { onProgress: (n) => (n % 20_000 === 0 ? (scanPeak = Math.max(scanPeak, heap())) : undefined) });
  assert.deepEqual([plan.files, plan.documents, plan.skippedCount], [FILES, FILES - broken, broken]);

  const db = tmp.open();
  const samples: { done: number; heap: number }[] = [];
  let calls = 0;
  const result = await restoreBackup(db, folder, {
    total: plan.files,
    onProgress: (p) => {
      if (++calls % 40 === 0) samples.push({ done: p.done, heap: heap() });
    },
  });
  assert.deepEqual([result.restored, result.skippedCount, result.skipped.length], [FILES - broken, broken, broken]);
  assert.equal((await db.info()).doc_count, FILES - broken);

  clearInterval(rssTimer);
  const growth = (bytes: number) => Math.round((bytes - baseline) / MB);
  t.diagnostic(`heap: baseline ${Math.round(baseline / MB)} MB, scan peak +${growth(scanPeak)} MB, restore ${samples.map((s) => `${s.done}: +${growth(s.heap)} MB`).join(', ')}; ` +
    `process RSS (both threads, LevelDB's caches) +${Math.round((rssPeak - rssBase) / MB)} MB at most`);
  assert.ok(samples.length >= 5);
  // Bounded: a few tens of MB whatever the folder's size…
  assert.ok(scanPeak - baseline < 48 * MB, `scan grew the heap by ${growth(scanPeak)} MB`);
  for (const s of samples) assert.ok(s.heap - baseline < 48 * MB, `restore grew the heap by ${growth(s.heap)} MB at ${s.done}`);
  // The whole process too (the reader thread, LevelDB's caches): far below the 300 MB budget.
  assert.ok(rssPeak - rssBase < 250 * MB, `the process grew by ${Math.round((rssPeak - rssBase) / MB)} MB`);
  // …and flat: the last quarter of the files costs no more memory than the first.
  const early = samples[1]!.heap;
  const late = samples.at(-1)!.heap;
  assert.ok(late - early < 16 * MB, `heap grew from +${growth(early)} MB to +${growth(late)} MB`);
});
