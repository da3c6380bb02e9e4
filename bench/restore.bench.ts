// Benchmark: restoring the corpus backup into an empty database, compared
// with a floor measured in the same run: the same documents read from the
// same files (attachments included) with plain blocking reads and written
// with one pass of bulkDocs (new_edits:false, the same batch size), with no
// checks at all: no validation, no digest, no revision lookup, no link or
// size checks, no reader thread. Memory: the peak while restoring (what the
// heap reaches between collections, both threads), and the live memory
// (after forced collections) restoring the whole corpus and a quarter of it,
// which must be the same: flat in the size of the folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../main/db/open-database';
import { DocumentStore } from '../main/db/document-store';
import { createImageAttachment } from '../main/attachments/create-attachment';
import { BackupRunner, backupClientId, workerSink } from '../main/backup/index';
import { restoreBackup, scanBackupFolder, type RestoreResult } from '../main/restore/index';
import { readerStats } from '../main/restore/reader';
import { round, type BenchRow } from './bench-row';

const MB = 1024 * 1024;
const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpora/images');
const IMAGE_COUNT = 500;
const BATCH = 250;
const ROUNDS = 5;

const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** The backup's worker, as the app runs it, from the folder's checkpoint (none: from the start) up to the database's last change. */
export async function mirrorOnce(db: Database, folder: string): Promise<void> {
  const sink = workerSink(folder, await backupClientId(db));
  try {
    await new BackupRunner({ db, folder, sink, appVersion: 'bench' }).runOnce();
  } finally {
    await sink.close();
  }
}

async function makeBackup(profile: string, tmp: string): Promise<string> {
  fs.cpSync(path.join(profile, 'db', 'notes'), path.join(tmp, 'source'), { recursive: true });
  const db = openDatabase(path.join(tmp, 'source'));
  try {
    const images = fs.readdirSync(IMAGES).filter((f) => /\.(png|jpe?g|gif|webp|svg)$/i.test(f)).map((f) => fs.readFileSync(path.join(IMAGES, f)));
    const store = new DocumentStore(db);
    for (let i = 0; i < IMAGE_COUNT && images.length > 0; i++) await createImageAttachment(store, { name: `image-${i}`, bytes: images[i % images.length]! });
    const folder = path.join(tmp, 'backup');
    fs.mkdirSync(folder);
    await mirrorOnce(db, folder);
    return folder;
  } finally {
    await db.close();
  }
}

/** A copy of the backup with every fourth document of each type (and its attachment files). */
function quarterOf(folder: string, to: string): void {
  for (const type of fs.readdirSync(path.join(folder, 'data'))) {
    const from = path.join(folder, 'data', type);
    const dir = path.join(to, 'data', type);
    fs.mkdirSync(dir, { recursive: true });
    const stems = [...new Set(fs.readdirSync(from).map((n) => n.slice(0, n.indexOf('.'))))].sort();
    const kept = new Set(stems.filter((_, i) => i % 4 === 0));
    for (const name of fs.readdirSync(from)) if (kept.has(name.slice(0, name.indexOf('.')))) fs.copyFileSync(path.join(from, name), path.join(dir, name));
  }
  fs.cpSync(path.join(folder, 'state'), path.join(to, 'state'), { recursive: true });
}

/**
 * The floor: each document file and its attachment files read with plain
 * blocking reads (the cheapest way, and the one the restore's reader thread
 * uses), JSON.parse, one bulkDocs (new_edits:false) per batch. Nothing checked.
 */
export async function floor(folder: string, db: Database): Promise<number> {
  const started = performance.now();
  for (const type of fs.readdirSync(path.join(folder, 'data')).sort()) {
    const dir = path.join(folder, 'data', type);
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
    for (let i = 0; i < names.length; i += BATCH) {
      const docs = names.slice(i, i + BATCH).map((name) => {
        const doc = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Record<string, unknown> & { _attachments?: Record<string, { path: string; content_type: string }> };
        for (const [key, stub] of Object.entries(doc._attachments ?? {})) {
          doc._attachments![key] = { content_type: stub.content_type, data: fs.readFileSync(path.join(dir, stub.path)) } as never;
        }
        return doc;
      });
      await db.bulkDocs(docs as never[], { new_edits: false });
    }
  }
  return performance.now() - started;
}

/**
 * What the main thread holds live (after a forced collection, after every
 * batch) while restoring, untimed: its heap, and apart from it the buffers
 * (attachment bytes of the batches in flight, bounded by BATCH_BYTES each).
 */
async function liveGrowth(folder: string, dbDir: string, total: number): Promise<{ heap: number; buffers: number; reader: number; restored: number }> {
  const db = openDatabase(dbDir);
  try {
    await db.info();
    const live = () => {
      gc();
      return process.memoryUsage();
    };
    const base = live();
    let heap = 0;
    let buffers = 0;
    const sample = () => {
      const m = live();
      heap = Math.max(heap, m.heapUsed - base.heapUsed);
      buffers = Math.max(buffers, m.external - base.external);
    };
    const result = await restoreBackup(db, folder, { total, onProgress: sample });
    sample();
    return { heap, buffers, reader: readerStats.peakBytes, restored: result.restored };
  } finally {
    await db.close();
  }
}

/**
 * Restores into a new database as the UI does (the scan's file count as the
 * progress total). Memory: the main thread's heap + buffers above the start,
 * sampled every 50 ms and after each batch, plus the reader thread's peak.
 */
export async function timedRestore(folder: string, dbDir: string, total: number): Promise<{ ms: number; peak: number; reader: number; result: RestoreResult }> {
  const db = openDatabase(dbDir);
  try {
    await db.info();
    gc();
    const used = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.external;
    };
    const base = used();
    let peak = 0;
    const sample = () => (peak = Math.max(peak, used() - base));
    const timer = setInterval(sample, 50);
    const started = performance.now();
    const result = await restoreBackup(db, folder, { total, onProgress: sample });
    const ms = performance.now() - started;
    clearInterval(timer);
    return { ms, peak: peak + readerStats.peakBytes, reader: readerStats.peakBytes, result };
  } finally {
    await db.close();
  }
}

export async function benchRestore(profile: string): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-restore-'));
  try {
    const folder = await makeBackup(profile, tmp);
    const quarter = path.join(tmp, 'quarter');
    quarterOf(folder, quarter);

    let started = performance.now();
    const plan = await scanBackupFolder(folder);
    const scanMs = performance.now() - started;

    // Floor and restore back to back, five times: each round's ratio compares two runs made under the same
    // conditions (the 2 cores are shared with other work), and the median round is the figure.
    const floors: number[] = [];
    const restores: Awaited<ReturnType<typeof timedRestore>>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const floorDb = openDatabase(path.join(tmp, `floor-${round}`));
      try {
        floors.push(await floor(folder, floorDb));
      } finally {
        await floorDb.close();
      }
      restores.push(await timedRestore(folder, path.join(tmp, `restore-${round}`), plan.files));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ratios = restores.map((r, i) => r.ms / floors[i]!);
    const ratio = median(ratios);
    const floorMs = median(floors);
    const typical = restores.find((r) => r.ms === median(restores.map((x) => x.ms)))!;
    const peak = Math.max(...restores.map((r) => r.peak));
    const whole = await liveGrowth(folder, path.join(tmp, 'live-whole'), plan.files);
    const small = await liveGrowth(quarter, path.join(tmp, 'live-quarter'), (await scanBackupFolder(quarter)).files);

    // Restoring the same folder again: nothing to write, every document found up to date.
    const againDb = openDatabase(path.join(tmp, 'restore-0'));
    let again: RestoreResult;
    try {
      started = performance.now();
      again = await restoreBackup(againDb, folder, { total: plan.files });
    } finally {
      await againDb.close();
    }
    const againMs = performance.now() - started;

    const { result } = typical;
    const docs = `${result.restored} documents (${plan.counts.notes} notes, ${plan.counts.files} images), ${result.skippedCount} skipped`;
    return [
      { name: 'restore: scan the corpus backup', value: round(scanMs / 1000, 2), unit: 's', note: `${plan.files} document files, attachments read and checked` },
      { name: 'restore: corpus backup into an empty database', value: round(typical.ms / 1000, 2), unit: 's', note: `median of ${ROUNDS}; ${docs}` },
      { name: 'restore: floor (same files, one bulkDocs pass, no checks)', value: round(floorMs / 1000, 2), unit: 's', note: `median of ${ROUNDS}` },
      { name: 'restore: restore / floor', value: round(ratio, 2), unit: '×', target: '≤ 1.3× floor', ok: ratio <= 1.3, note: `median round; rounds ${ratios.map((r) => round(r, 2)).join(', ')} (restore ${restores.map((r) => round(r.ms / 1000, 2)).join(', ')} s, floor ${floors.map((f) => round(f / 1000, 2)).join(', ')} s)` },
      { name: 'restore: peak memory (heap + buffers)', value: round(peak / MB, 0), unit: 'MB', target: '≤ 300 MB', ok: peak <= 300 * MB, note: `main thread above its start (sampled every 50 ms and after each batch) + reader thread (${round(Math.max(...restores.map((r) => r.reader)) / MB, 0)} MB)` },
      { name: 'restore: live heap, whole − quarter corpus', value: round((whole.heap - small.heap) / MB, 1), unit: 'MB', target: '≤ 8 MB (flat)', ok: whole.heap - small.heap <= 8 * MB, note: `main thread after forced collections: +${round(whole.heap / MB, 1)} MB for ${whole.restored} documents, +${round(small.heap / MB, 1)} MB for ${small.restored}; attachment bytes in flight at most ${round(whole.buffers / MB, 0)} vs ${round(small.buffers / MB, 0)} MB (bounded per batch); reader thread peak ${round(whole.reader / MB, 0)} vs ${round(small.reader / MB, 0)} MB` },
      { name: 'restore: again (everything up to date)', value: round(againMs / 1000, 2), unit: 's', note: `${again.upToDate} up to date, ${again.restored} restored` },
    ];
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
