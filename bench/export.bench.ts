// Benchmark: File > Export > All Notes… on the corpus profile (38k notes,
// plus 500 image attachments linked from 500 of them). The export is
// compared with a floor measured in the same run: the very files it wrote
// (same bytes, same number of files, same modification times) written with
// the same atomic sequence (temporary file, fsync, rename, utimes; 16 at a
// time, one fsync per folder per batch of 200) with no database in the way.
// Each is run twice, alternately, and the faster run counts, so a burst of
// other work on the machine does not decide the ratio.
//
// Peak memory is measured at two sizes, a quarter of the notes and all of
// them: the export streams notes in batches, so what it keeps alive must not
// grow with the corpus, beyond one file name per note.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../main/db/open-database';
import { DocumentStore } from '../main/db/document-store';
import { createImageAttachment } from '../main/attachments/create-attachment';
import { AtomicWriter } from '../main/backup/atomic-write';
import { exportAllNotes } from '../main/export/index';
import { round, type BenchRow } from './bench-row';

const MB = 1024 * 1024;
const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/corpora/images');
const IMAGE_COUNT = 500;
const BATCH = 200;
const CONCURRENCY = 16;

interface ExportedFile {
  rel: string;
  data: Buffer;
  mtime: Date;
}

const gc = (globalThis as { gc?: () => void }).gc;
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

/**
 * The most memory an export keeps alive: after each batch, a full garbage
 * collection (npm run bench runs node with --expose-gc), then heap +
 * buffers, less what was in use at the start once the work before it had
 * settled. A separate run from the timed ones, since collecting costs time.
 */
export async function liveMemoryPeak(store: DocumentStore, to: string): Promise<{ peak: number; notes: number }> {
  if (!gc) throw new Error('benchExport needs node --expose-gc (npm run bench passes it)');
  const sample = () => {
    gc();
    return used();
  };
  // Buffers of earlier work are released a little after they are collected: wait until the count holds still.
  let base = sample();
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = sample();
    const settled = Math.abs(now - base) < MB / 2;
    base = now;
    if (settled) break;
  }
  let peak = 0;
  const result = await exportAllNotes(store, to, {
    onProgress: () => {
      peak = Math.max(peak, sample() - base);
    },
  });
  return { peak, notes: result.notes };
}

function readExport(root: string): ExportedFile[] {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const abs = path.join(e.parentPath, e.name);
      return { rel: path.relative(root, abs), data: fs.readFileSync(abs), mtime: fs.statSync(abs).mtime };
    })
    .sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

async function writeFloor(root: string, files: ExportedFile[]): Promise<number> {
  fs.mkdirSync(root, { recursive: true });
  const writer = new AtomicWriter(root, 'floor');
  const started = performance.now();
  for (let i = 0; i < files.length; i += BATCH) {
    const queue = files.slice(i, i + BATCH);
    const work = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        await writer.write(file.rel, file.data, { deferDirSync: true });
        await fs.promises.utimes(writer.resolve(file.rel), file.mtime, file.mtime);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, work));
    await writer.flush();
  }
  return performance.now() - started;
}

/** 500 images attached to the first 500 notes, each note linking its image as the app does. */
async function addImages(db: Database): Promise<void> {
  const images = fs.readdirSync(IMAGES).filter((f) => /\.(png|jpe?g|gif|webp|svg)$/i.test(f)).map((f) => ({ name: f, bytes: fs.readFileSync(path.join(IMAGES, f)) }));
  if (!images.length) return;
  const store = new DocumentStore(db);
  const notes = await db.allDocs({ include_docs: true, startkey: 'note:', endkey: 'note:\uffff', limit: IMAGE_COUNT });
  const updated = [];
  for (const [i, row] of notes.rows.entries()) {
    const image = images[i % images.length]!;
    const file = await createImageAttachment(store, { name: image.name, bytes: image.bytes });
    updated.push({ ...row.doc!, body: `${String(row.doc!.body)}\n![${image.name}](quire://${file._id})\n` });
  }
  await db.bulkDocs(updated);
}

/** A database with every `keepEvery`-th note of `from` (and every notebook, tag and file). */
async function sample(from: Database, dir: string, keepEvery: number): Promise<Database> {
  const to = openDatabase(dir);
  let n = 0;
  let after: string | null = null;
  for (;;) {
    const page = await from.allDocs({ include_docs: true, attachments: true, binary: true, limit: 1000, ...(after === null ? {} : { startkey: after, skip: 1 }) });
    const docs = page.rows.flatMap((row) => {
      if (!row.doc || (row.id.startsWith('note:') && n++ % keepEvery !== 0)) return [];
      const { _rev, ...doc } = row.doc;
      return [doc];
    });
    if (docs.length) await to.bulkDocs(docs);
    if (page.rows.length < 1000) return to;
    after = page.rows.at(-1)!.id;
  }
}

export async function benchExport(profile: string): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-export-'));
  // A copy of the profile's database, so the other scenarios' profile stays as it was.
  fs.cpSync(path.join(profile, 'db', 'notes'), path.join(tmp, 'db'), { recursive: true });
  const db = openDatabase(path.join(tmp, 'db'));
  let small: Database | null = null;
  try {
    await addImages(db);
    small = await sample(db, path.join(tmp, 'db-quarter'), 4);
    const store = new DocumentStore(db);

    // Memory at a quarter of the corpus, then at all of it.
    const quarter = await liveMemoryPeak(new DocumentStore(small), path.join(tmp, 'quarter'));
    const whole = await liveMemoryPeak(store, path.join(tmp, 'whole'));
    fs.rmSync(path.join(tmp, 'quarter'), { recursive: true, force: true });
    fs.rmSync(path.join(tmp, 'whole'), { recursive: true, force: true });

    const runs: { ms: number; notes: number; attachments: number; folder: string }[] = [];
    const floors: number[] = [];
    let files: ExportedFile[] = [];
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      const result = await exportAllNotes(store, path.join(tmp, `export-${run}`));
      runs.push({ ms: performance.now() - started, ...result });
      if (run === 0) files = readExport(result.folder);
      fs.rmSync(result.folder, { recursive: true, force: true });
      floors.push(await writeFloor(path.join(tmp, `floor-${run}`), files));
      fs.rmSync(path.join(tmp, `floor-${run}`), { recursive: true, force: true });
    }
    const fileCount = files.length;
    const bytes = files.reduce((n, f) => n + f.data.length, 0);
    files = [];

    const exportMs = Math.min(...runs.map((r) => r.ms));
    const floorMs = Math.min(...floors);
    const ratio = exportMs / floorMs;
    const growth = whole.peak - quarter.peak;
    const { notes, attachments } = runs[0]!;
    return [
      { name: 'export: all notes as Markdown', value: round(exportMs / 1000, 2), unit: 's', note: `${notes} notes, ${attachments} attachments, ${fileCount} files, ${round(bytes / MB, 0)} MB; best of 2 (${runs.map((r) => round(r.ms / 1000, 1)).join(', ')} s)` },
      { name: 'export: floor (same files, no database)', value: round(floorMs / 1000, 2), unit: 's', note: `best of 2 (${floors.map((f) => round(f / 1000, 1)).join(', ')} s)` },
      { name: 'export: export / floor', value: round(ratio, 2), unit: '×', target: '≤ 1.5× floor', ok: ratio <= 1.5 },
      { name: 'export: peak live memory, quarter corpus', value: round(quarter.peak / MB, 1), unit: 'MB', note: `${quarter.notes} notes; heap + buffers after a full GC per batch` },
      { name: 'export: peak live memory, whole corpus', value: round(whole.peak / MB, 1), unit: 'MB', note: `${whole.notes} notes` },
      {
        name: 'export: peak live memory, whole − quarter', value: round(growth / MB, 1), unit: 'MB', target: '≤ 10 MB (flat: no note kept)', ok: growth <= 10 * MB,
        note: growth > 0
          ? `${round(growth / Math.max(whole.notes - quarter.notes, 1), 0)} bytes per added note (names kept to keep files distinct)`
          : '4× the notes, no more memory',
      },
    ];
  } finally {
    await small?.close();
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
