// Benchmark: snapshots over time (issue 14), on the corpus database the
// snapshot bench already snapshotted once. 200 snapshots, each after a small
// edit (under 100 characters) to 1 % of the notes, half an hour apart in the
// snapshots' own clock, while one note is saved 500 times; then the store's
// size against data/'s, that note's History (list and one version), a restore
// of the whole database from the newest snapshot against the restore floor
// (bench/restore.bench.ts, measured in this run), prune down to the schedule
// and verify against the time to read the store's bytes once, and the peak
// memory of snapshot, prune and verify on 10k notes and on the whole corpus.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from '../main/db/open-database';
import { ObjectStore, STORE_DIR, listSnapshots, localWriter, pruneStore, restoreSnapshot, takeSnapshot, takeSnapshotWith, verifyStore } from '../main/snapshots/index';
import type { SnapshotOptions, SnapshotResult } from '../main/snapshots/index';
import { noteHistory, readVersion } from '../main/snapshots/history';
import { floor, mirrorOnce } from './restore.bench';
import { PeakMemory } from './peak-memory';
import { round, type BenchRow } from './bench-row';

/** Floor and restore, each this many times, in turn. */
const RESTORE_ROUNDS = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The whole database restored from the store's newest snapshot into `db`, timed. */
async function timedRestore(db: Database, folder: string): Promise<number> {
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    const newest = listSnapshots(store).snapshots.at(-1)!;
    const started = performance.now();
    await restoreSnapshot(db, store, newest);
    return performance.now() - started;
  } finally {
    store.close();
  }
}

const MB = 1024 * 1024;
const ROUNDS = 200;
const HISTORY_SAVES = 500;

export function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(full) : fs.statSync(full).size;
  }
  return total;
}

/** Every file under `dir` read once, as plain blocking reads, each handed to `use`; timed. */
function timedReadOfEveryFile(dir: string, use: (bytes: Buffer) => void = () => undefined): number {
  const started = performance.now();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else use(fs.readFileSync(full));
    }
  };
  walk(dir);
  return performance.now() - started;
}

/** The floor for prune and verify: every file of the store read once. */
const readStoreOnce = (dir: string) => timedReadOfEveryFile(dir);

/**
 * Not a floor but a bound under any verify: every file of the store read and
 * hashed once (SHA-1, as git hashes its objects), with no inflating at all.
 */
const hashStoreOnce = (dir: string) => timedReadOfEveryFile(dir, (bytes) => createHash('sha1').update(bytes).digest());

type NoteDoc = Record<string, unknown> & { _id: string; _rev: string; body: string };

/** A snapshot as the app takes one, timed apart from the merge of small packs that follows it off its path (SnapshotWriter.merge). */
export async function timedSnapshot(db: Database, folder: string, options: SnapshotOptions = {}): Promise<{ result: SnapshotResult; ms: number; mergeMs: number }> {
  const writer = localWriter(folder);
  const started = performance.now();
  const result = await takeSnapshotWith(writer, db, options);
  const ms = performance.now() - started;
  const mergeStarted = performance.now();
  if (!result.unchanged) await writer.merge();
  return { result, ms, mergeMs: performance.now() - mergeStarted };
}

/** A small edit (under 100 characters) to `count` notes picked at random. */
async function smallEdits(db: Database, ids: string[], count: number, stamp: number): Promise<void> {
  const picked = new Set<string>();
  while (picked.size < count) picked.add(ids[Math.floor(Math.random() * ids.length)]!);
  const got = await db.allDocs({ keys: [...picked], include_docs: true });
  const docs = got.rows.flatMap((r) => ('doc' in r && r.doc ? [r.doc as unknown as NoteDoc] : []));
  await db.bulkDocs(docs.map((d) => {
    const at = Math.floor(Math.random() * d.body.length);
    return { ...d, body: `${d.body.slice(0, at)} (edit ${stamp})${d.body.slice(at)}`, updatedAt: stamp };
  }) as never[]);
}

async function withStore<T>(folder: string, work: (store: ObjectStore) => T): Promise<T> {
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    return work(store);
  } finally {
    store.close();
  }
}

/** Peak memory of a snapshot after 1 % edits, a prune and a verify on `db` (its store in `folder`, first snapshot taken). */
async function memoryOf(memory: PeakMemory, db: Database, folder: string, ids: string[]): Promise<{ snapshot: number; prune: number; verify: number }> {
  await smallEdits(db, ids, Math.ceil(ids.length / 100), -1);
  const snapshot = (await memory.measure(() => takeSnapshot(db, folder))).growth;
  const prune = (await memory.measure(() => withStore(folder, (s) => pruneStore(s, { now: new Date(Date.now() + 3 * 3600_000) })))).growth;
  const verify = (await memory.measure(() => withStore(folder, (s) => verifyStore(s)))).growth;
  return { snapshot, prune, verify };
}

/** `rounds` and `saves` are smaller only in a quick check of the bench itself. */
export async function benchSnapshotSeries(tmp: string, source: Database, folder: string, { rounds = ROUNDS, saves: historySaves = HISTORY_SAVES } = {}): Promise<BenchRow[]> {
  const ROUNDS = rounds;
  const HISTORY_SAVES = historySaves;
  const rows: BenchRow[] = [];
  const memory = new PeakMemory();
  try {
    const ids = (await source.allDocs({ startkey: 'note:', endkey: 'note:\uffff' })).rows.map((r) => r.id);
    const historyId = ids[Math.floor(ids.length / 2)]!;
    const perRound = Math.ceil(ids.length / 100);
    const end = Date.now();
    let saves = 0;
    let snapshotMs = 0;
    let mergeMs = 0;
    for (let r = 0; r < ROUNDS; r++) {
      await smallEdits(source, ids, perRound, r);
      // The History note is saved 2–3 times between snapshots: 500 saves over 200 snapshots.
      const due = Math.round(((r + 1) * HISTORY_SAVES) / ROUNDS);
      for (; saves < due; saves++) {
        const doc = (await source.get(historyId)) as unknown as NoteDoc;
        await source.put({ ...doc, body: `${doc.body}\nSaved ${saves}.`, updatedAt: end - (ROUNDS - r) * 1800_000 });
      }
      const timed = await timedSnapshot(source, folder, { now: new Date(end - (ROUNDS - r) * 1800_000) });
      snapshotMs += timed.ms;
      mergeMs += timed.mergeMs;
    }
    const storeDir = path.join(folder, STORE_DIR);
    const storeBytes = bytesUnder(storeDir);
    const dataBytes = bytesUnder(path.join(folder, 'data'));
    rows.push({ name: `snapshot after small edits to 1 % (mean of ${ROUNDS})`, value: round(snapshotMs / ROUNDS), unit: 'ms', note: `${perRound} notes each` });
    rows.push({ name: 'its merge of small packs, after it (mean)', value: round(mergeMs / ROUNDS), unit: 'ms', note: 'off the snapshot\'s path: the backup worker\'s next job' });
    rows.push({
      name: `store after ${ROUNDS} more snapshots / data/`, value: round(storeBytes / dataBytes, 2), unit: '×', target: '≤ 1.5×', ok: storeBytes / dataBytes <= 1.5,
      note: `${round(storeBytes / MB, 1)} MB vs ${round(dataBytes / MB, 1)} MB, ${fs.readdirSync(path.join(storeDir, 'objects', 'pack')).length / 2} packs`,
    });

    // History: through the app's own history service (snapshots and the revisions the database still has).
    const listStarted = performance.now();
    const history = await noteHistory(source, folder, historyId);
    const listMs = performance.now() - listStarted;
    const snapEntry = history.entries.find((e) => e.source === 'snapshot') ?? history.entries.at(-1)!;
    const versionStarted = performance.now();
    await readVersion(source, folder, historyId, snapEntry.key);
    const versionMs = performance.now() - versionStarted;
    rows.push({ name: `History list (${HISTORY_SAVES} saves, ${ROUNDS + 2} snapshots)`, value: round(listMs), unit: 'ms', target: '≤ 200 ms', ok: listMs <= 200, note: `${history.entries.length} entries` });
    rows.push({ name: 'History: a version opened', value: round(versionMs), unit: 'ms', target: '≤ 50 ms', ok: versionMs <= 50, note: snapEntry.key.slice(0, 12) });

    // Restore the whole database from the newest snapshot, against the floor on the mirror's files. Each
    // is measured RESTORE_ROUNDS times, in turn (floor first, then restore first), and the medians compared:
    // one of each swung by 1.5x between runs on a shared two-core machine. The mirror is first brought up
    // to the newest snapshot, as the app's backup worker has it when it takes one: both then restore the
    // same documents with the same revision histories (the rounds above gave most notes 2-4 revisions,
    // and a document's path of revisions is part of what PouchDB writes for it).
    const mirrorStarted = performance.now();
    await mirrorOnce(source, folder);
    rows.push({ name: 'the mirror brought up to the newest snapshot', value: round((performance.now() - mirrorStarted) / 1000, 2), unit: 's', note: 'untimed in the comparison below' });
    const floorTimes: number[] = [];
    const restoreTimes: number[] = [];
    for (let turn = 0; turn < RESTORE_ROUNDS; turn++) {
      for (const kind of turn % 2 ? (['restore', 'floor'] as const) : (['floor', 'restore'] as const)) {
        const dir = path.join(tmp, `snapshot-${kind}-${turn}`);
        const db = openDatabase(dir);
        try {
          if (kind === 'floor') floorTimes.push(await floor(folder, db));
          else restoreTimes.push(await timedRestore(db, folder));
        } finally {
          await db.close();
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    const floorMs = median(floorTimes);
    const restoreMs = median(restoreTimes);
    const seconds = (times: number[]) => times.map((t) => round(t / 1000, 2)).join(', ');
    rows.push({ name: 'restore floor (this run, median)', value: round(floorMs / 1000, 2), unit: 's', note: `${seconds(floorTimes)} s` });
    rows.push({
      name: 'restore from a snapshot / floor (medians)', value: round(restoreMs / floorMs, 2), unit: '×', target: '≤ 1.5×', ok: restoreMs / floorMs <= 1.5,
      note: `${seconds(restoreTimes)} s`,
    });

    // Prune down to the schedule and verify, each against reading the store's bytes once.
    if (process.env.QUIRE_SNAPSHOT_BENCH_KEEP) {
      fs.cpSync(storeDir, path.join(tmp, 'store-before-prune', STORE_DIR), { recursive: true });
      process.stderr.write(`  History note: ${historyId}\n`);
    }
    const readMs = Math.min(readStoreOnce(storeDir), readStoreOnce(storeDir));
    const hashMs = Math.min(hashStoreOnce(storeDir), hashStoreOnce(storeDir));
    const pruned = await memory.measure(() => withStore(folder, (s) => {
      const started = performance.now();
      const result = pruneStore(s, { now: new Date(end + 2 * 3600_000) });
      return { ms: performance.now() - started, result };
    }));
    const verified = await memory.measure(() => withStore(folder, (s) => {
      const started = performance.now();
      const result = verifyStore(s);
      return { ms: performance.now() - started, result };
    }));
    const swept = await withStore(folder, (s) => {
      const started = performance.now();
      const result = pruneStore(s, { now: new Date(end + 2 * 3600_000), graceMs: 0 });
      return { ms: performance.now() - started, result };
    });
    rows.push({ name: 'read the store once (floor)', value: round(readMs), unit: 'ms', note: `${round(storeBytes / MB, 1)} MB` });
    rows.push({ name: 'read and hash the store once (SHA-1, no inflating) / floor', value: round(hashMs / readMs, 2), unit: '×', note: `${round(hashMs)} ms: less than any check of every object costs` });
    rows.push({
      name: `prune of ${ROUNDS + 2} snapshots / floor`, value: round(pruned.result.ms / readMs, 2), unit: '×', target: '≤ 2×', ok: pruned.result.ms / readMs <= 2,
      note: `${round(pruned.result.ms)} ms, ${pruned.result.result.removed.length} removed, ${pruned.result.result.markedPacks} packs marked`,
    });
    rows.push({ name: 'its sweep a day later', value: round(swept.ms), unit: 'ms', note: `${round(swept.result.reclaimedBytes / MB, 1)} MB reclaimed` });
    rows.push({
      name: 'verify of the whole store / floor', value: round(verified.result.ms / readMs, 2), unit: '×', target: '≤ 2×', ok: verified.result.ms / readMs <= 2,
      note: `${round(verified.result.ms)} ms, ${verified.result.result.objects} objects, ${verified.result.result.damaged.length} damaged`,
    });

    // Memory, flat in the number of notes: 10k notes (a database of their own) against the whole corpus.
    const small = openDatabase(path.join(tmp, 'snapshot-10k'));
    const smallFolder = path.join(tmp, 'snapshot-10k-backup');
    fs.mkdirSync(smallFolder);
    let at10k: { snapshot: number; prune: number; verify: number; first: number };
    try {
      const some = await source.allDocs({ include_docs: true, limit: 10_000, startkey: 'note:', endkey: 'note:\uffff' });
      await small.bulkDocs(some.rows.map((r) => {
        const { _rev: _r, ...doc } = r.doc as unknown as NoteDoc;
        return doc;
      }) as never[]);
      const first = (await memory.measure(() => takeSnapshot(small, smallFolder))).growth;
      at10k = { first, ...(await memoryOf(memory, small, smallFolder, some.rows.map((r) => r.id))) };
    } finally {
      await small.close();
    }
    const at38k = await memoryOf(memory, source, folder, ids);
    const worst = Math.max(at10k.snapshot, at10k.prune, at10k.verify, at10k.first, at38k.snapshot, at38k.prune, at38k.verify);
    const fmt = (m: { snapshot: number; prune: number; verify: number }) => `snapshot ${round(m.snapshot / MB)}, prune ${round(m.prune / MB)}, verify ${round(m.verify / MB)} MB`;
    rows.push({
      name: 'peak memory growth: snapshot, prune, verify', value: round(worst / MB), unit: 'MB', target: '≤ 300 MB, flat', ok: worst <= 300 * MB,
      note: `10k notes: first snapshot ${round(at10k.first / MB)}, ${fmt(at10k)}; ${ids.length} notes: ${fmt(at38k)}`,
    });
  } finally {
    await memory.close();
  }
  return rows;
}
