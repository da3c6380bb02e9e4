// The background work at 200k notes (issue 16: "memory in the mirror,
// restore, export and snapshot workers stays flat at 200k"): on a copy of
// the 192k profile, the first full mirror through the backup worker, the
// first snapshot of that folder, an export of every note and a restore of
// the mirror into a new database, each measured as its corpus benchmark
// measures it (backup, snapshot, export, restore .bench.ts), against the
// same 300 MB target; docs/benchmarks.md sets the 38k figures beside them.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../main/db/open-database';
import { DocumentStore } from '../main/db/document-store';
import { scanBackupFolder } from '../main/restore/index';
import { takeSnapshotWith } from '../main/snapshots/take';
import { workerSink } from '../main/backup/worker-sink';
import type { Database } from '../main/db/open-database';
import { timedMirror } from './backup.bench';
import { liveMemoryPeak } from './export.bench';
import { timedRestore } from './restore.bench';
import { PeakMemory } from './peak-memory';
import { copyScaleProfile } from './scale-profile';
import { round, type BenchRow } from './bench-row';

const MB = 1024 * 1024;
const TARGET = 300 * MB;

/**
 * The first snapshot as the app takes it: the main thread reads the
 * database, the backup worker writes the store (worker-sink.ts). Its peak is
 * the worker's heap + buffers, sampled as timedMirror samples the mirror's.
 */
async function snapshotInWorker(db: Database, folder: string, memory: PeakMemory) {
  const sink = workerSink(folder, 'benchclient');
  let peak = 0;
  const sample = () => sink.memory().then((m) => (peak = Math.max(peak, m.heapUsed + m.external)), () => undefined);
  await sample();
  const sampler = setInterval(() => void sample(), 100);
  try {
    const started = performance.now();
    const { result, growth } = await memory.measure(() => takeSnapshotWith(sink.snapshotWriter!(), db));
    const ms = performance.now() - started;
    clearInterval(sampler);
    await sample();
    return { peak, growth, ms, docs: result.docs };
  } finally {
    clearInterval(sampler);
    await sink.close();
  }
}

export async function benchWorkersScale(tmp: string): Promise<BenchRow[]> {
  const profile = path.join(tmp, 'workers-scale-profile');
  const { notes } = await copyScaleProfile(profile);
  const db = openDatabase(path.join(profile, 'db', 'notes'));
  const memory = new PeakMemory();
  try {
    const folder = path.join(tmp, 'workers-scale-mirror');
    console.log('  at 200k: the first full mirror…');
    const mirror = await timedMirror(db, folder, { sampleMemory: true });
    console.log('  at 200k: the first snapshot…');
    const snapshot = await snapshotInWorker(db, folder, memory);
    console.log('  at 200k: export…');
    const exported = await liveMemoryPeak(new DocumentStore(db), path.join(tmp, 'workers-scale-export'));
    fs.rmSync(path.join(tmp, 'workers-scale-export'), { recursive: true, force: true });
    console.log('  at 200k: restore…');
    const plan = await scanBackupFolder(folder);
    const restored = await timedRestore(folder, path.join(tmp, 'workers-scale-restored'), plan.files);
    const row = (name: string, bytes: number, note: string): BenchRow => ({
      name: `${name} at 200k`, value: round(bytes / MB, 0), unit: 'MB', target: '≤ 300 MB', ok: bytes <= TARGET, note,
    });
    return [
      row('backup: worker peak memory', mirror.peak, `worker heap + buffers, sampled every 100 ms; ${notes} notes mirrored in ${round(mirror.ms / 1000, 1)} s`),
      row(
        'snapshot: worker peak memory, first snapshot',
        snapshot.peak,
        `the backup worker's heap + buffers, sampled every 100 ms; ${snapshot.docs} documents in ${round(snapshot.ms / 1000, 1)} s; ` +
          `the whole process's resident set (the main thread reading the database too) rose ${round(snapshot.growth / MB, 0)} MB`,
      ),
      row('export: peak live memory', exported.peak, `${exported.notes} notes; heap + buffers after a full GC per batch`),
      row('restore: peak memory (heap + buffers)', restored.peak, `${restored.result.restored} restored in ${round(restored.ms / 1000, 1)} s; main thread above its start + reader thread (${round(restored.reader / MB, 0)} MB)`),
    ];
  } finally {
    await memory.close();
    await db.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
