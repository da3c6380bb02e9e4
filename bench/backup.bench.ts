// Benchmark: the continuous backup on the corpus profile. The first full
// mirror (through the worker, as the app runs it) is compared with a floor
// measured in the same run: the same files written with the same atomic
// sequence (temporary file, fsync, rename, one folder fsync per batch of 100
// documents, 16 at a time) with no database in the way; three rounds of each,
// alternating, each on a quiet disk, best of each, since this disk's fsync
// latency swings widely.
// Then a restart with 10 changed notes, which must cost in proportion to the
// changes. The worker's peak memory is measured on the whole corpus and on a
// 10k-note slice of it (the same 500 images): it must stay flat as the corpus
// grows.
// A scenario of its own (`npm run bench -- backup-watcher`): the folder
// watcher's latency, from a file in data/ deleted or changed from outside to
// the database's version written again.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDatabase } from '../main/db/open-database';
import { BackupRunner, watchBackupFolder, workerSink } from '../main/backup/index';
import type { Database } from '../main/db/open-database';
import { AtomicWriter } from '../main/backup/atomic-write';
import { docFileName, locateDoc } from '../main/backup-format/index';
import { percentile, round, type BenchRow } from './bench-row';
import { IMAGE_COUNT, profileWithImages } from './profile-with-images';

const MB = 1024 * 1024;
const SLICE_NOTES = 10_000;

/** Every file of a mirror, grouped by document (attachments before the .json, as the mirror writes them). */
function readMirror(root: string): { rel: string; data: Buffer }[][] {
  const groups: { rel: string; data: Buffer }[][] = [];
  for (const top of ['data', '_deleted']) {
    const topDir = path.join(root, top);
    if (!fs.existsSync(topDir)) continue;
    for (const type of fs.readdirSync(topDir)) {
      const byStem = new Map<string, { rel: string; data: Buffer }[]>();
      for (const name of fs.readdirSync(path.join(topDir, type))) {
        const rel = `${top}/${type}/${name}`;
        const stem = name.slice(0, name.indexOf('.'));
        const group = byStem.get(stem) ?? [];
        group.push({ rel, data: fs.readFileSync(path.join(root, rel)) });
        byStem.set(stem, group);
      }
      for (const group of byStem.values()) {
        group.sort((a, b) => Number(a.rel.endsWith('.json')) - Number(b.rel.endsWith('.json')));
        groups.push(group);
      }
    }
  }
  return groups;
}

async function writeFloor(root: string, groups: { rel: string; data: Buffer }[][]): Promise<number> {
  fs.mkdirSync(root, { recursive: true });
  const writer = new AtomicWriter(root, 'floor');
  const started = performance.now();
  for (let i = 0; i < groups.length; i += 100) {
    const queue = groups.slice(i, i + 100);
    const work = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const file of group) await writer.write(file.rel, file.data, { deferDirSync: true });
      }
    };
    await Promise.all(Array.from({ length: 16 }, work));
    await writer.flush();
  }
  return performance.now() - started;
}

/**
 * Before each timed round: the last round's writes flushed to the disk and a
 * moment's pause, so that no round pays for the one before it (a round that
 * followed another directly ran up to 1.5× slower, whichever side it was).
 */
async function quietDisk(): Promise<void> {
  if (process.platform !== 'win32') spawnSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 3000));
}

/**
 * Live mode while a note is saved 20 times a second: the time from a save to
 * the moment its file is durable (the runner reports each batch once its
 * files are fsynced and renamed).
 */
async function saveLatencies(db: ReturnType<typeof openDatabase>, folder: string): Promise<number[]> {
  const pending: { seq: number; started: number }[] = [];
  const latencies: number[] = [];
  const sink = workerSink(folder, 'benchclient');
  await sink.memory();
  const live = new BackupRunner({
    db,
    folder,
    sink,
    appVersion: 'bench',
    onStatus: (status) => {
      if (status.state !== 'backing-up') return;
      const durable = Number(live.session.lastSeq);
      const now = performance.now();
      while (pending.length > 0 && pending[0]!.seq <= durable) latencies.push(now - pending.shift()!.started);
    },
  });
  live.start();
  await live.idle();
  const ids = (await db.allDocs({ startkey: 'note:', endkey: 'note:\uffff', limit: 3 })).rows.map((r) => r.id);
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    const doc = await db.get(ids[i % ids.length]!);
    await db.put({ ...doc, body: `${String(doc.body)}\nsave ${i}` });
    pending.push({ seq: Number((await db.info()).update_seq), started });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (performance.now() - started))));
  }
  for (let i = 0; i < 100 && pending.length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await live.stop();
  await sink.close();
  return latencies;
}

/**
 * A first full mirror into a new folder through a new worker (its start is
 * not the mirror's work). `watch`: the folder watcher attached, as in the
 * app; `sampleMemory`: the worker's heap + buffers sampled every 100 ms.
 */
export async function timedMirror(db: Database, folder: string, options: { watch?: boolean; sampleMemory?: boolean } = {}) {
  fs.mkdirSync(folder);
  const sink = workerSink(folder, 'benchclient');
  await sink.memory();
  const runner = new BackupRunner({ db, folder, sink, appVersion: 'bench' });
  const watcher = options.watch ? watchBackupFolder({ db, folder, runner, scanOnStart: false }) : null;
  await watcher?.ready;
  let peak = 0;
  const sampler = options.sampleMemory
    ? setInterval(() => void sink.memory().then((m) => (peak = Math.max(peak, m.heapUsed + m.external)), () => undefined), 100)
    : null;
  const started = performance.now();
  const result = await runner.runOnce();
  const ms = performance.now() - started;
  if (sampler) clearInterval(sampler);
  await watcher?.close();
  await sink.close();
  return { ms, peak, result, runner };
}

/** A database of the first `notes` notes plus every other document (notebooks, tags, the images), for the memory comparison. */
async function sliceOf(db: Database, dir: string, notes: number): Promise<Database> {
  const slice = openDatabase(dir);
  let kept = 0;
  let startkey: string | undefined;
  for (;;) {
    const page = await db.allDocs({ include_docs: true, attachments: true, limit: 1000, ...(startkey ? { startkey, skip: 1 } : {}) });
    if (page.rows.length === 0) break;
    startkey = page.rows.at(-1)!.id;
    const docs = page.rows
      .filter((r) => !r.id.startsWith('_design/') && (!r.id.startsWith('note:') || kept++ < notes))
      .map((r) => {
        const { _rev: _drop, ...doc } = r.doc!;
        return doc;
      });
    if (docs.length > 0) await slice.bulkDocs(docs);
  }
  return slice;
}

export async function benchBackup(profile: string): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-backup-'));
  // A copy of the profile's database plus 500 image attachments, so the other scenarios' profile stays as it was.
  const db = await profileWithImages(profile, path.join(tmp, 'db'));
  try {
    const fullNotes = (await db.allDocs({ startkey: 'note:', endkey: 'note:\uffff' })).rows.length;
    const folder = path.join(tmp, 'mirror');
    await quietDisk();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const first = await timedMirror(db, folder, { watch: true, sampleMemory: true });
    delay.disable();
    const { result: full, runner, peak } = first;

    // The watcher starting on the mirrored folder (what the app does at every start).
    const rssBefore = process.memoryUsage().rss;
    const watchStarted = performance.now();
    const rewatch = watchBackupFolder({ db, folder, runner, scanOnStart: false });
    await rewatch.ready;
    const watchMs = performance.now() - watchStarted;
    const watchRss = process.memoryUsage().rss - rssBefore;
    await rewatch.close();

    const groups = readMirror(folder);
    const files = groups.reduce((n, g) => n + g.length, 0);
    await quietDisk();
    const floorMs = await writeFloor(path.join(tmp, 'floor'), groups);
    // Two more rounds of each, alternating, so that neither side alone meets a slow
    // moment of the disk (its fsync latency swings by 2× from minute to minute here).
    const mirrorRuns = [first.ms];
    const floorRuns = [floorMs];
    for (const round of [2, 3]) {
      await quietDisk();
      mirrorRuns.push((await timedMirror(db, path.join(tmp, `mirror-${round}`), { watch: true })).ms);
      await quietDisk();
      floorRuns.push(await writeFloor(path.join(tmp, `floor-${round}`), groups));
    }
    groups.length = 0;
    const bestMirrorMs = Math.min(...mirrorRuns);
    const bestFloorMs = Math.min(...floorRuns);
    const ratio = bestMirrorMs / bestFloorMs;

    // A restart with 10 changed notes: a new runner and worker pick up from the checkpoint in the folder.
    const notes = await db.allDocs({ include_docs: true, startkey: 'note:', endkey: 'note:\uffff', limit: 10 });
    await db.bulkDocs(notes.rows.map((r) => ({ ...r.doc!, title: `${String(r.doc!.title)} (edited)` })));
    const restartSink = workerSink(folder, 'benchclient');
    await restartSink.memory();
    const restart = new BackupRunner({ db, folder, sink: restartSink, appVersion: 'bench' });
    const started = performance.now();
    const caughtUp = await restart.runOnce();
    const restartMs = performance.now() - started;
    await restartSink.close();

    const latencies = await saveLatencies(db, folder);

    // The same mirror on a 10k-note slice (same images): peak memory must not grow with the corpus.
    const slice = await sliceOf(db, path.join(tmp, 'db-slice'), SLICE_NOTES);
    let small: Awaited<ReturnType<typeof timedMirror>>;
    try {
      small = await timedMirror(slice, path.join(tmp, 'mirror-slice'), { sampleMemory: true });
    } finally {
      await slice.close();
    }
    const growth = peak / small.peak;

    const docs = full.written + full.deleted;
    return [
      {
        name: 'backup: first full mirror',
        value: round(bestMirrorMs / 1000, 2),
        unit: 's',
        note: `${docs} documents, ${files} files; best of 3 alternating rounds (${mirrorRuns.map((ms) => round(ms / 1000, 1)).join(', ')} s)`,
      },
      {
        name: 'backup: floor (same files, no database)',
        value: round(bestFloorMs / 1000, 2),
        unit: 's',
        note: `best of 3 (${floorRuns.map((ms) => round(ms / 1000, 1)).join(', ')} s)`,
      },
      { name: 'backup: mirror / floor', value: round(ratio, 2), unit: '×', target: '≤ 1.5× floor', ok: ratio <= 1.5 },
      { name: 'backup: worker peak memory', value: round(peak / MB, 0), unit: 'MB', target: '≤ 300 MB', ok: peak <= 300 * MB, note: `worker heap + buffers, sampled every 100 ms; ${fullNotes} notes` },
      {
        name: 'backup: worker peak memory, 10k notes',
        value: round(small.peak / MB, 0),
        unit: 'MB',
        target: '≤ 300 MB',
        ok: small.peak <= 300 * MB,
        note: `${small.result.written} documents (${SLICE_NOTES} notes, the same ${IMAGE_COUNT} images) in ${round(small.ms / 1000, 1)} s`,
      },
      {
        name: 'backup: worker peak memory, full / 10k',
        value: round(growth, 2),
        unit: '×',
        target: '≤ 1.5× (flat)',
        ok: growth <= 1.5,
        note: `for ${round(fullNotes / SLICE_NOTES, 1)}× the notes`,
      },
      { name: 'backup: main event-loop delay p99', value: round(delay.percentile(99) / 1e6, 1), unit: 'ms', target: '≤ 30 ms', ok: delay.percentile(99) / 1e6 <= 30, note: 'the folder watcher attached' },
      { name: 'backup: save to durable file p99 (20 saves/s)', value: round(percentile(latencies, 99), 0), unit: 'ms', target: '≤ 250 ms', ok: percentile(latencies, 99) <= 250, note: `${latencies.length} saves` },
      { name: 'backup: folder watcher start on the full mirror', value: round(watchMs, 0), unit: 'ms', note: `${files} files; ${round(watchRss / MB, 1)} MB more RSS` },
      { name: 'backup: restart with 10 changed notes', value: round(restartMs, 0), unit: 'ms', target: '≤ 200 ms', ok: restartMs <= 200 && caughtUp.written === 10, note: `${caughtUp.written} written` },
    ];
  } finally {
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const WATCHER_CHANGES = 20;

/**
 * The folder watcher as the app runs it (the worker writing, the watcher's
 * default settling time, the start-up comparison) on the mirrored corpus:
 * 20 note files in data/, one at a time, deleted (even ones) or overwritten
 * with other content (odd ones); each timed from the change to its file
 * holding the database's version again, polled every 5 ms. Between changes
 * the watcher comes to rest (settled()), so no change falls in the moment
 * after Quire's own write of the same file, which is taken for Quire's own.
 */
export async function benchWatcherLatency(profile: string): Promise<BenchRow[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-bench-watcher-'));
  fs.cpSync(path.join(profile, 'db', 'notes'), path.join(tmp, 'db'), { recursive: true });
  const db = openDatabase(path.join(tmp, 'db'));
  const folder = path.join(tmp, 'mirror');
  fs.mkdirSync(folder);
  const sink = workerSink(folder, 'benchclient');
  let upToDate: () => void = () => undefined;
  const firstPass = new Promise<void>((resolve) => (upToDate = resolve));
  const runner = new BackupRunner({
    db, folder, sink, appVersion: 'bench',
    onStatus: (status) => {
      if (status.state === 'up-to-date') upToDate();
      if (status.state === 'error') process.stderr.write(`  backup error: ${status.reason}\n`);
    },
  });
  const problems: string[] = [];
  const watcher = watchBackupFolder({ db, folder, runner, onError: (p) => problems.push(`${p.path}: ${p.reason}`) });
  try {
    await watcher.ready;
    runner.start();
    await firstPass;
    await watcher.settled();
    const ids = (await db.allDocs({ startkey: 'note:', endkey: 'note:\uffff' })).rows.map((r) => r.id);
    const latencies: number[] = [];
    for (let i = 0; i < WATCHER_CHANGES; i++) {
      const { type, stem } = locateDoc(ids[Math.floor(((i + 0.5) * ids.length) / WATCHER_CHANGES)]!);
      const file = path.join(folder, 'data', type, docFileName(stem));
      const original = fs.readFileSync(file);
      const back = () => {
        try {
          return fs.readFileSync(file).equals(original);
        } catch {
          return false;
        }
      };
      const started = performance.now();
      if (i % 2 === 0) fs.rmSync(file);
      else fs.writeFileSync(file, original.toString().replace('"title"', '"title (changed outside)"'));
      while (!back()) {
        if (performance.now() - started > 30_000) throw new Error(`${file} not written again within 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      latencies.push(performance.now() - started);
      await watcher.settled();
    }
    if (problems.length > 0) throw new Error(`the watcher reported problems: ${problems.join('; ')}`);
    const p95 = percentile(latencies, 95);
    const deletions = latencies.filter((_, i) => i % 2 === 0);
    const changes = latencies.filter((_, i) => i % 2 === 1);
    return [
      {
        name: 'backup: folder watcher, outside change to file written again p95',
        value: round(p95, 0),
        unit: 'ms',
        target: '≤ 2000 ms',
        ok: p95 <= 2000,
        note: `${WATCHER_CHANGES} note files in data/ of ${ids.length}; deleted: median ${round(percentile(deletions, 50), 0)} ms, `
          + `changed: median ${round(percentile(changes, 50), 0)} ms; max ${round(Math.max(...latencies), 0)} ms; default settling time (300 ms)`,
      },
    ];
  } finally {
    await watcher.close();
    await runner.stop();
    await sink.close();
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
