// Checking and pruning the snapshot store
// (docs/snapshot-format.md, "Verify", "Retention"); restoring is restore-tree.ts.
import fs from 'node:fs';
import path from 'node:path';
import { isTree, parseCommit, parseTree } from './git-objects';
import { ObjectError } from './pack';
import { GRACE_MS, PRUNE_GRACE_MS, ObjectStore } from './store';
import { reachableFrom } from './reachable';
import { mergePacks, previousVersions } from './repack';
import { DATA_TREE, DELETED_TREE, DOC_FILE, isFanEntry, listSnapshots, type SnapshotInfo } from './snapshots';
import { DEFAULT_KEEP, KEEP_SCHEDULES, type RetentionSchedule } from '../../shared/snapshot-retention';

/** Notes named for one damaged fan-out tree; past this many, the rest are counted. */
const MAX_LISTED_UNDER = 100;

export interface Damage {
  object: string;
  reason: string;
  /** The snapshots that name it (directly or through their trees). */
  snapshots: string[];
  /** The documents it belongs to: their ids, or `<section>/<hash>` where no snapshot still has the id readable. */
  notes: string[];
}

export interface VerifyResult {
  snapshots: number;
  objects: number;
  damaged: Damage[];
}

/** Reads every object every snapshot needs, checking its hash; damaged or missing ones are listed with what they affect. */
export function verifyStore(store: ObjectStore): VerifyResult {
  const { snapshots, unreadable } = listSnapshots(store);
  const checked = new Map<string, string | null>(); // oid -> reason, or null when good
  const damage = new Map<string, Damage>();
  const idsByPath = new Map<string, string>();
  const note = (oid: string, reason: string, snapshot: string, doc: string | null) => {
    const d = damage.get(oid) ?? { object: oid, reason, snapshots: [], notes: [] };
    if (!d.snapshots.includes(snapshot)) d.snapshots.push(snapshot);
    if (doc && !d.notes.includes(doc)) d.notes.push(doc);
    damage.set(oid, d);
  };
  const check = (oid: string): ReturnType<ObjectStore['read']> | string => {
    const known = checked.get(oid);
    if (known) return known;
    try {
      const object = store.read(oid);
      checked.set(oid, null);
      return object;
    } catch (error) {
      if (!(error instanceof ObjectError)) throw error;
      checked.set(oid, error.message);
      return error.message;
    }
  };
  for (const u of unreadable) note(u.oid, u.reason, u.oid, null);
  // A ref file cut short (or a foreign file among the refs): the snapshot it named cannot be found.
  for (const r of store.badRefs()) {
    note(`refs/snapshots/${r.name}`, `the snapshot ref names no commit (cut short or not a ref: ${JSON.stringify(r.content)})`, r.name, null);
  }
  // Damage found under a tree, by tree: each tree is walked once however many snapshots share it.
  const under = new Map<string, { oid: string; reason: string; doc: string }[]>();
  const docUnder = new Map<string, readonly { oid: string; reason: string; doc: string }[]>();
  const NOTHING: readonly { oid: string; reason: string; doc: string }[] = [];
  const walkDoc = (oid: string, pathKey: string, tree: boolean): readonly { oid: string; reason: string; doc: string }[] => {
    // A document unchanged between snapshots is the same object under a changed fan-out tree: read once.
    const cached = docUnder.get(oid);
    if (cached) return cached;
    const found = walkDocOnce(oid, pathKey, tree);
    docUnder.set(oid, found.length === 0 ? NOTHING : found);
    return found;
  };
  const walkDocOnce = (oid: string, pathKey: string, tree: boolean): { oid: string; reason: string; doc: string }[] => {
    const found: { oid: string; reason: string; doc: string }[] = [];
    const object = check(oid);
    if (typeof object === 'string') return [{ oid, reason: object, doc: pathKey }];
    if (!tree) {
      // The id, to name the note should another snapshot's copy of it be damaged: document files
      // begin with it, so only that string is parsed, not each whole file (most of verify's time).
      // The first 256 bytes hold the id of all but a hostile few (then 4 KB, then the whole file).
      const idAt = (bytes: number) => /^\{\s*"_id":\s*("(?:[^"\\]|\\.)*")/.exec(object.data.toString('utf8', 0, Math.min(object.data.length, bytes)));
      const m = idAt(256) ?? idAt(4096);
      try {
        const id = m ? (JSON.parse(m[1]!) as unknown) : (JSON.parse(object.data.toString('utf8')) as { _id?: unknown })._id;
        if (typeof id === 'string') idsByPath.set(pathKey, id);
      } catch {
        found.push({ oid, reason: 'document file is not JSON', doc: pathKey });
      }
      return found;
    }
    const entries = parseTree(object.data);
    const doc = entries.find((e) => e.name === DOC_FILE);
    if (doc) found.push(...walkDoc(doc.oid, pathKey, false));
    else found.push({ oid, reason: `document tree without ${DOC_FILE}`, doc: pathKey });
    for (const e of entries) {
      if (e === doc || checked.get(e.oid) === null) continue;
      const r = check(e.oid);
      if (typeof r === 'string') found.push({ oid: e.oid, reason: r, doc: pathKey });
    }
    return found;
  };
  const walkTree = (oid: string, depth: number, pathKey: string): { oid: string; reason: string; doc: string }[] => {
    const cached = under.get(oid);
    if (cached) return cached;
    const object = check(oid);
    let found: { oid: string; reason: string; doc: string }[];
    if (typeof object === 'string') found = [{ oid, reason: object, doc: `${pathKey}*` }];
    else {
      found = [];
      for (const e of parseTree(object.data)) {
        // Below a section, fan-out trees (of any format's widths and depth) down to the documents.
        if (depth === 0 ? e.name === DATA_TREE || e.name === DELETED_TREE : isFanEntry(e)) {
          found.push(...walkTree(e.oid, depth + 1, pathKey ? `${pathKey}/${e.name}` : e.name));
        } else if (depth > 0) {
          // A document's key (`<section>/<hash>`) is made only when its object is read for the first time.
          const done = docUnder.get(e.oid);
          const result = done ?? walkDoc(e.oid, `${pathKey.split('/')[0]}/${e.name.replace(/\.json$/, '')}`, isTree(e));
          if (result.length > 0) found.push(...result);
        }
      }
    }
    under.set(oid, found);
    return found;
  };
  // Every object read once in pack order first (reachable.ts). Only where something is damaged are the
  // snapshots walked tree by tree, to say which snapshots and notes the damage touches.
  let damagedObjects = 0;
  reachableFrom(store, snapshots.map((s) => s.id), {
    readBlobs: true,
    reportUnparsable: true,
    visit: (oid, read) => {
      checked.set(oid, read instanceof ObjectError ? read.message : null);
      if (read instanceof ObjectError) damagedObjects++;
    },
  });
  if (damagedObjects > 0) for (const s of snapshots) {
    const commit = check(s.id);
    if (typeof commit === 'string') {
      note(s.id, commit, s.id, null);
      continue;
    }
    for (const f of walkTree(parseCommit(commit.data).tree, 0, '')) note(f.oid, f.reason, s.id, f.doc);
  }
  // Objects missing, and a pack whose index is gone: it may hold them (a crash's leftover holds nothing a snapshot names).
  if (damage.size > 0) for (const pack of store.packsWithoutIndex()) {
    const name = path.basename(pack);
    damage.set(name, { object: name, reason: 'a pack file without its index: objects in it cannot be read (`git index-pack` rebuilds the index)', snapshots: [], notes: [] });
  }
  // A damaged fan-out tree (`data/5/3/1*`): the notes other snapshots hold under the same hash prefix, by id.
  const notesUnder = (key: string): string[] => {
    const [section, ...fans] = key.slice(0, -1).split('/');
    const start = `${section}/${fans.join('')}`;
    const ids = [...idsByPath].filter(([k]) => k.startsWith(start)).map(([, id]) => id);
    if (ids.length === 0) return [key];
    return ids.length > MAX_LISTED_UNDER ? [...ids.slice(0, MAX_LISTED_UNDER), `${key} (and ${ids.length - MAX_LISTED_UNDER} more)`] : ids;
  };
  const damaged = [...damage.values()].map((d) => ({ ...d, notes: [...new Set(d.notes.flatMap((k) => (k.endsWith('*') ? notesUnder(k) : [idsByPath.get(k) ?? k])))] }));
  return { snapshots: snapshots.length, objects: checked.size, damaged };
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * Which snapshots the retention schedule keeps, per installation, by that
 * installation's schedule (its newest snapshot's Quire-Keep; the standard
 * one where none is recorded): every one for the first period, the newest
 * of each hour, then of each day, then of each week for the periods after
 * it, none after the last; and always each installation's newest, which
 * its next snapshot builds on.
 */
/** An installation's schedule as its settings hold it now (the app's own), over what its snapshots recorded. */
export interface OwnSchedule {
  client: string;
  keep: RetentionSchedule;
}

export function retained(snapshots: SnapshotInfo[], now: Date, own?: OwnSchedule): Set<string> {
  const keep = new Set<string>();
  const byClient = new Map<string, SnapshotInfo[]>();
  for (const s of snapshots) byClient.set(s.client, [...(byClient.get(s.client) ?? []), s]);
  for (const list of byClient.values()) {
    const ordered = [...list].sort((a, b) => b.counter - a.counter); // newest first
    keep.add(ordered[0]!.id);
    const schedule = (own && ordered[0]!.client === own.client ? own.keep : ordered[0]!.keep) ?? KEEP_SCHEDULES[DEFAULT_KEEP];
    const within = (age: number, days: number | null) => days === null || age <= days * DAY;
    // A snapshot whose time is before one its installation took earlier (by the counter) was taken with a
    // clock set back: its age is unknown, so it is kept rather than pruned as, say, a year old.
    const untrusted = new Set<string>();
    let latest = -Infinity;
    for (const s of [...ordered].reverse()) {
      const t = Date.parse(s.time);
      if (!(t >= latest)) untrusted.add(s.id);
      else latest = t;
    }
    for (const id of untrusted) keep.add(id);
    const buckets = new Set<string>();
    for (const s of ordered) {
      if (untrusted.has(s.id)) continue;
      const t = Date.parse(s.time);
      const age = now.getTime() - t;
      let bucket: string;
      if (within(age, schedule.allDays)) bucket = `all:${s.id}`;
      else if (within(age, schedule.hourlyDays)) bucket = `hour:${Math.floor(t / HOUR)}`;
      else if (within(age, schedule.dailyDays)) bucket = `day:${Math.floor(t / DAY)}`;
      else if (within(age, schedule.weeklyDays)) bucket = `week:${Math.floor(t / (7 * DAY))}`;
      else continue; // older than the schedule keeps anything
      if (buckets.has(bucket)) continue;
      buckets.add(bucket);
      keep.add(s.id);
    }
  }
  return keep;
}

export interface PruneResult {
  kept: number;
  removed: SnapshotInfo[];
  /** Bytes of pack files removed now (packs marked by an earlier prune, their grace period over). */
  reclaimedBytes: number;
  /** Packs marked as garbage now (their needed objects copied out first): removed by a prune after the grace period. */
  markedPacks: number;
  dryRun: boolean;
  /**
   * Refs that name no commit (cut short, a foreign file): no space is reclaimed while there are any, since
   * the commit a damaged ref named (and everything it reaches) cannot be told from garbage.
   */
  heldBackBy: string[];
}

/** Every object the snapshot refs reach (the commits of unreadable refs included, so nothing of theirs goes). */
function reachableObjects(store: ObjectStore): Set<string> {
  return reachableFrom(store, store.refs().map((r) => r.oid), { readBlobs: false });
}

/**
 * Removes the snapshots the schedule does not keep (their refs), then
 * reclaims space in two steps, so that no object another installation may be
 * naming in a snapshot it is taking right now is ever removed:
 *
 * 1. Sweep: a pack marked by an earlier prune at least `graceMs` ago is
 *    removed, after every object in it that a snapshot now needs (one taken
 *    during the grace period may name it) and no unmarked pack holds has been
 *    copied into a new pack. A pack with such an object that cannot be read stays.
 * 2. Mark: every unmarked pack older than GRACE_MS holding objects no snapshot
 *    needs has the objects that are needed copied into a new pack (with deltas,
 *    fsynced), and is then marked. New snapshots never reuse an object of a
 *    marked pack; they write their own copy.
 *
 * A crash at any point leaves every snapshot whole: at worst objects are held
 * twice until a later prune.
 */
export function pruneStore(store: ObjectStore, options: { now?: Date; dryRun?: boolean; graceMs?: number; own?: OwnSchedule } = {}): PruneResult {
  const now = options.now ?? new Date();
  const graceMs = options.graceMs ?? PRUNE_GRACE_MS;
  const { snapshots } = listSnapshots(store);
  const keep = retained(snapshots, now, options.own);
  const removed = snapshots.filter((s) => !keep.has(s.id));
  const kept = snapshots.length - removed.length;
  if (options.dryRun) return { kept, removed, reclaimedBytes: 0, markedPacks: 0, dryRun: true, heldBackBy: store.badRefs().map((r) => r.name) };
  // By the wall clock, not `now`: temporary files' times are the file system's, and one a few
  // seconds old may be another installation's snapshot in progress.
  store.cleanTemporaryFiles();
  for (const s of removed) store.deleteRef(s.ref);
  const damagedRefs = store.badRefs().map((r) => r.name);
  if (damagedRefs.length > 0) return { kept, removed, reclaimedBytes: 0, markedPacks: 0, dryRun: false, heldBackBy: damagedRefs };
  const remaining = listSnapshots(store).snapshots;
  const reachable = reachableObjects(store);
  // Every object the snapshots name is here: a pack without its index is a crash's leftover, removed once old.
  if ([...reachable].every((oid) => store.has(oid))) store.removeOrphanPacks();

  let reclaimedBytes = 0;
  const expired = store.packFiles().filter((p) => p.marked !== null && now.getTime() - p.marked >= graceMs);
  if (expired.length > 0) {
    const rescue = mergePacks(store, expired, remaining, (oid) => reachable.has(oid) && !store.has(oid));
    for (const p of expired) {
      if (!rescue.complete.includes(p.pack) || p.pack === rescue.pack) continue;
      reclaimedBytes += p.bytes + (fs.statSync(p.index, { throwIfNoEntry: false })?.size ?? 0);
      store.removePack(p.pack);
    }
  }

  const garbage = store.packFiles().filter((p) => p.marked === null && now.getTime() - p.mtimeMs > GRACE_MS && p.oids.some((o) => !reachable.has(o)));
  let markedPacks = 0;
  // The versions paired once for all of them (a walk of every remaining snapshot's trees), not once per pack.
  const needed = new Set(garbage.flatMap((p) => p.oids.filter((o) => reachable.has(o))));
  const links = needed.size > 0 ? previousVersions(store, remaining, needed) : new Map<string, string>();
  // Pack by pack, each streamed (repack.ts: memory holds a chain of versions, not a pack).
  for (const p of garbage) {
    const copy = mergePacks(store, [p], remaining, (oid) => reachable.has(oid) && !store.has(oid, p.pack), links);
    // A pack holding a needed object that could not be read is not marked: it may be the only copy.
    if (!copy.complete.includes(p.pack) || p.pack === copy.pack) continue;
    store.markGarbage(p.pack, now);
    markedPacks++;
  }
  return { kept, removed, reclaimedBytes, markedPacks, dryRun: false, heldBackBy: [] };
}
