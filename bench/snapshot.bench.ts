// Benchmark: snapshots (issue 14). On a copy of the corpus database with 500
// images: the first full mirror (the backup's worker, as the app runs it),
// then the first snapshot into the same folder, compared with that mirror
// (target ≤ 0.5×: a few large pack files instead of 39,000 small files);
// the store's size against data/'s; then a snapshot after 10 changed notes
// (≤ 150 ms, ≤ 200 KB new on disk). Then the series (snapshot-series.bench.ts):
// 200 snapshots, History, restore, prune, verify, memory.
import fs from 'node:fs';
import path from 'node:path';
import { BackupRunner, backupClientId, workerSink } from '../main/backup/index';
import { STORE_DIR, takeSnapshot } from '../main/snapshots/index';
import { round, type BenchRow } from './bench-row';
import { profileWithImages } from './profile-with-images';
import { benchSnapshotSeries, bytesUnder, timedSnapshot } from './snapshot-series.bench';


export async function benchSnapshot(profile: string): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(path.dirname(profile), 'snapshot-bench-'));
  try {
    const source = await profileWithImages(profile, path.join(tmp, 'source'));
    try {
      const folder = path.join(tmp, 'backup');
      fs.mkdirSync(folder);

      const sink = workerSink(folder, await backupClientId(source));
      const mirrorStarted = performance.now();
      try {
        await new BackupRunner({ db: source, folder, sink, appVersion: 'bench' }).runOnce();
      } finally {
        await sink.close();
      }
      const mirrorMs = performance.now() - mirrorStarted;

      // The series after this one dates its snapshots half an hour apart up to now: these two come before.
      const before = Date.now() - 202 * 1800_000;
      const snapStarted = performance.now();
      const first = await takeSnapshot(source, folder, { now: new Date(before) });
      const snapMs = performance.now() - snapStarted;
      const storeBytes = bytesUnder(path.join(folder, STORE_DIR));
      const dataBytes = bytesUnder(path.join(folder, 'data'));

      const changes = await source.allDocs({ startkey: 'note:', endkey: 'note:\uffff', limit: 1000, include_docs: true });
      const notes = changes.rows.filter((_, i) => i % 100 === 0).slice(0, 10);
      for (const row of notes) {
        const doc = row.doc as unknown as Record<string, unknown> & { _id: string; body: string };
        await source.put({ ...doc, body: `${doc.body}\nOne more line for the snapshot bench.`, updatedAt: Date.now() });
      }
      const storeBefore = bytesUnder(path.join(folder, STORE_DIR));
      const { result: again, ms: againMs } = await timedSnapshot(source, folder, { now: new Date(before + 1800_000) });
      const netBytes = bytesUnder(path.join(folder, STORE_DIR)) - storeBefore;

      const ratio = snapMs / mirrorMs;
      return [
        { name: 'first full mirror (this run)', value: round(mirrorMs / 1000, 2), unit: 's', note: `${first.docs} documents` },
        { name: 'first snapshot', value: round(snapMs / 1000, 2), unit: 's', note: `${first.newObjects} objects, ${round(first.newBytes / 1024 / 1024, 1)} MB` },
        { name: 'first snapshot / first mirror', value: round(ratio, 2), unit: '×', target: '≤ 0.5×', ok: ratio <= 0.5 },
        {
          name: 'store / data/ bytes', value: round(storeBytes / dataBytes, 2), unit: '×', target: '≤ 0.5×', ok: storeBytes / dataBytes <= 0.5,
          note: `${round(storeBytes / 1024 / 1024, 1)} MB vs ${round(dataBytes / 1024 / 1024, 1)} MB`,
        },
        { name: 'snapshot after 10 changed notes', value: round(againMs), unit: 'ms', target: '≤ 150 ms', ok: againMs <= 150, note: `${again.changed} changed` },
        {
          name: 'its new bytes', value: round(again.newBytes / 1024), unit: 'KB', target: '≤ 200 KB', ok: again.newBytes <= 200 * 1024,
          note: `${again.newObjects} objects; the store grew ${round(netBytes / 1024)} KB`,
        },
        ...(await benchSnapshotSeries(tmp, source, folder)),
      ];
    } finally {
      await source.close();
    }
  } finally {
    // QUIRE_SNAPSHOT_BENCH_KEEP=<folder, not yet there>: the bench's folder is moved there (the database in source/, its store
    // as it was before prune in store-before-prune/), to profile against; bench/run.ts removes its own temporary folder.
    const keep = process.env.QUIRE_SNAPSHOT_BENCH_KEEP;
    if (keep) {
      fs.renameSync(tmp, keep);
      process.stderr.write(`  kept in ${keep}\n`);
    } else fs.rmSync(tmp, { recursive: true, force: true });
  }
}
