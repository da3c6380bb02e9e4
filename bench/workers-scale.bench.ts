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
import { takeSnapshot } from '../main/snapshots/index';
import { timedMirror } from './backup.bench';
import { liveMemoryPeak } from './export.bench';
import { timedRestore } from './restore.bench';
import { PeakMemory } from './peak-memory';
import { copyScaleProfile } from './scale-profile';
import { round, type BenchRow } from './bench-row';

const MB = 1024 * 1024;
const TARGET = 300 * MB;

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
    const started = performance.now();
    const snapshot = await memory.measure(() => takeSnapshot(db, folder));
    const snapshotMs = performance.now() - started;
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
      row('snapshot: peak memory growth, first snapshot', snapshot.growth, `the process's resident set above its start; ${snapshot.result.docs} documents in ${round(snapshotMs / 1000, 1)} s`),
      row('export: peak live memory', exported.peak, `${exported.notes} notes; heap + buffers after a full GC per batch`),
      row('restore: peak memory (heap + buffers)', restored.peak, `${restored.result.restored} restored in ${round(restored.ms / 1000, 1)} s; main thread above its start + reader thread (${round(restored.reader / MB, 0)} MB)`),
    ];
  } finally {
    await memory.close();
    await db.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
