// Snapshots of a database in its backup folder's store (docs/snapshot-format.md):
// listing them, a document's history, and reading a document as a snapshot
// holds it. Taking one is take.ts.
import { createHash } from 'node:crypto';
import { isTree, parseCommit, parseTree, trailers, type Commit, type GitObject, type TreeEntry } from './git-objects';
import { ObjectError } from './pack';
import { ObjectStore, SNAPSHOT_FORMAT_VERSION, SnapshotStoreError, newerStoreMessage } from './store';
import { parseSchedule, type RetentionSchedule } from '../../shared/snapshot-retention';

export const DATA_TREE = 'data';
export const DELETED_TREE = 'deleted';
export const DOC_FILE = 'doc.json';
export type Section = typeof DATA_TREE | typeof DELETED_TREE;

export interface SnapshotInfo {
  /** The commit's id. */
  id: string;
  /** Its ref, under refs/snapshots/: `<client>/<counter>`. */
  ref: string;
  client: string;
  seq: number;
  counter: number;
  time: string;
  docs: number;
  changed: number;
  tree: string;
  /** The snapshot's format (its Quire-Format): how its tree is fanned out (FAN_WIDTHS). */
  format: number;
  /** The retention schedule its installation chose (its Quire-Keep); null where none is recorded (the standard one applies). */
  keep: RetentionSchedule | null;
  /** Why it was taken when not by the schedule (its Quire-Reason, e.g. before a restore), or null. */
  reason: string | null;
}

/** Where a document lives in every snapshot's tree: a hash of its id (`fan`: its first two digits, format 1's fan-out tree). */
export function docKey(id: string): { fan: string; hash: string } {
  // Hex of the first 20 bytes, not a slice of the 64-digit hex: a slice would keep the whole digest string alive beside it.
  const hash = createHash('sha256').update(id, 'utf8').digest().toString('hex', 0, 20);
  return { fan: hash.slice(0, 2), hash };
}

/** An object read as `type` by `parse`; ObjectError when it is another type or cannot be parsed (cut short). */
function parsedAs<T>(oid: string, object: GitObject, type: 'tree' | 'commit', parse: (data: Buffer) => T): T {
  if (object.type !== type) throw new ObjectError(oid, type === 'tree' ? `is a ${object.type} where a tree belongs` : `is a ${object.type}, not a snapshot's commit`);
  try {
    return parse(object.data);
  } catch (error) {
    throw new ObjectError(oid, (error as Error).message);
  }
}

/** A tree's entries from its object (read by the caller, anywhere); ObjectError when it is not a whole tree. */
export const treeOf = (oid: string, object: GitObject): TreeEntry[] => parsedAs(oid, object, 'tree', parseTree);

/** A tree's entries; ObjectError when the object is missing, damaged, not a tree, or a tree cut short. */
export const readTree = (store: ObjectStore, oid: string): TreeEntry[] => treeOf(oid, store.read(oid));

/** A commit; ObjectError when the object is missing, damaged, not a commit, or one cut short. */
const readCommit = (store: ObjectStore, oid: string): Commit => parsedAs(oid, store.read(oid), 'commit', parseCommit);

/**
 * The fan-out below each section, by format: the widths (in hex digits of
 * the hash) of each level's tree names. Format 1: one level of 256 trees
 * (`ab/`); format 2: three levels of 16 (`a/b/c/`), so a snapshot of a few
 * hundred changes rewrites a few hundred small trees, not most of 256 large ones.
 */
export const FAN_WIDTHS: Readonly<Record<number, readonly number[]>> = { 1: [2], 2: [1, 1, 1] };

const FAN_NAME = /^[0-9a-f]{1,2}$/;

/** A fan-out tree's entry (a one- or two-digit name), as opposed to a document's. */
export const isFanEntry = (e: TreeEntry): boolean => isTree(e) && FAN_NAME.test(e.name);

/**
 * The entry of the document whose id hashes to `hash` under a section's
 * tree, in any format: fan-out trees are followed by their names (a prefix
 * of the hash), whatever their width and depth. `tree` reads a tree's entries.
 */
export function findInSection(tree: (oid: string) => TreeEntry[], section: string, hash: string): TreeEntry | null {
  let entries = tree(section);
  let at = 0;
  for (let depth = 0; depth < 40; depth++) {
    let next: TreeEntry | null = null;
    for (const e of entries) {
      if (e.name === `${hash}.json` || e.name === hash) return e;
      if (next === null && e.name.length <= 2 && hash.startsWith(e.name, at) && isFanEntry(e)) next = e;
    }
    if (!next) return null;
    at += next.name.length;
    entries = tree(next.oid);
  }
  return null;
}

/** A snapshot's description from its commit; throws SnapshotStoreError for a newer format. */
export function snapshotInfo(store: ObjectStore, ref: string, oid: string): SnapshotInfo {
  const commit = readCommit(store, oid);
  const t = trailers(commit.message);
  const format = Number(t.get('Quire-Format'));
  if (!(format >= 1)) throw new ObjectError(oid, 'is not a Quire snapshot (no Quire-Format)');
  if (format > SNAPSHOT_FORMAT_VERSION) throw new SnapshotStoreError(newerStoreMessage(store.gitdir, format));
  return {
    id: oid,
    ref,
    client: t.get('Quire-Client') ?? '',
    seq: Number(t.get('Quire-Seq')),
    counter: Number(t.get('Quire-Counter')),
    time: t.get('Quire-Time') ?? new Date(commit.time * 1000).toISOString(),
    docs: Number(t.get('Quire-Docs')),
    changed: Number(t.get('Quire-Changed')),
    tree: commit.tree,
    format,
    keep: parseSchedule(t.get('Quire-Keep')),
    reason: t.get('Quire-Reason')?.slice(0, 200) ?? null,
  };
}

export interface SnapshotList {
  snapshots: SnapshotInfo[];
  /** Refs whose commit cannot be read (damaged or missing). */
  unreadable: { ref: string; oid: string; reason: string }[];
}

/**
 * Every snapshot, oldest first: each installation's in the order of its
 * counter (never reordered by a clock that jumped), installations interleaved by time.
 */
export function listSnapshots(store: ObjectStore): SnapshotList {
  const byClient = new Map<string, SnapshotInfo[]>();
  const unreadable: SnapshotList['unreadable'] = [];
  for (const { name, oid } of store.refs()) {
    try {
      const info = snapshotInfo(store, name, oid);
      const list = byClient.get(info.client) ?? [];
      list.push(info);
      byClient.set(info.client, list);
    } catch (error) {
      if (!(error instanceof ObjectError)) throw error;
      unreadable.push({ ref: name, oid, reason: error.message });
    }
  }
  const queues = [...byClient.values()].map((l) => l.sort((a, b) => a.counter - b.counter));
  const snapshots: SnapshotInfo[] = [];
  for (;;) {
    let best: SnapshotInfo[] | null = null;
    for (const q of queues) if (q.length > 0 && (!best || q[0]!.time < best[0]!.time)) best = q;
    if (!best) break;
    snapshots.push(best.shift()!);
  }
  return { snapshots, unreadable };
}

/** A snapshot by its id (or a unique prefix of at least 4 digits). */
export function findSnapshot(list: SnapshotInfo[], id: string): SnapshotInfo | null {
  const wanted = id.toLowerCase();
  if (!/^[0-9a-f]{4,40}$/.test(wanted)) return null;
  const found = list.filter((s) => s.id.startsWith(wanted));
  return found.length === 1 ? found[0]! : null;
}

/** The last snapshot taken at or before `time`. */
export function snapshotAt(list: SnapshotInfo[], time: Date): SnapshotInfo | null {
  const at = time.toISOString();
  return list.filter((s) => s.time <= at).at(-1) ?? null;
}

/** A document as a snapshot holds it: its document file's JSON and its attachment files' bytes by name. */
export interface SnapshotDoc {
  deleted: boolean;
  json: Record<string, unknown> & { _id: string; _rev: string };
  files: Map<string, Buffer>;
}

/** The entry of `id` in a snapshot's tree (throws ObjectError when a tree on the way is damaged). */
export function entryOf(store: ObjectStore, tree: string, id: string, trees?: (oid: string) => TreeEntry[]): { section: Section; entry: TreeEntry } | null {
  const { hash } = docKey(id);
  const read = trees ?? ((oid: string) => parseTree(store.read(oid).data));
  const root = read(tree);
  for (const section of [DATA_TREE, DELETED_TREE] as const) {
    const sectionEntry = root.find((e) => e.name === section);
    if (!sectionEntry) continue;
    const entry = findInSection(read, sectionEntry.oid, hash);
    if (entry) return { section, entry };
  }
  return null;
}

/** Reads trees once each: consecutive snapshots share most of theirs. */
export function treeCache(store: ObjectStore): (oid: string) => TreeEntry[] {
  const trees = new Map<string, TreeEntry[]>();
  return (oid) => {
    let entries = trees.get(oid);
    if (!entries) trees.set(oid, (entries = readTree(store, oid)));
    return entries;
  };
}

/** Reads a document entry: its JSON and attachment files. */
export function readEntry(store: ObjectStore, section: Section, entry: TreeEntry, options: { files?: boolean } = {}): SnapshotDoc {
  // `files: false`: the document's JSON only (History, `quire history`): a damaged attachment does not hide its text.
  const withFiles = options.files ?? true;
  const files = new Map<string, Buffer>();
  let json: Buffer;
  if (isTree(entry)) {
    const entries = readTree(store, entry.oid);
    const doc = entries.find((e) => e.name === DOC_FILE);
    if (!doc) throw new ObjectError(entry.oid, `document tree without ${DOC_FILE}`);
    json = store.read(doc.oid).data;
    if (withFiles) for (const e of entries) if (e !== doc) files.set(e.name, store.read(e.oid).data);
  } else json = store.read(entry.oid).data;
  let parsed: SnapshotDoc['json'];
  try {
    parsed = JSON.parse(json.toString('utf8')) as SnapshotDoc['json'];
  } catch {
    throw new ObjectError(entry.oid, 'document file is not JSON');
  }
  return { deleted: section === DELETED_TREE, json: parsed, files };
}

/** A tree under a section that could not be read: the documents whose id hashes start with `prefix` are unknown. */
export interface DamagedTree {
  section: Section;
  /** The fan-out names down to it: the hash prefix of the documents it held. */
  prefix: string;
  oid: string;
  reason: string;
}

/**
 * Every document entry of a snapshot's tree, section by section. A fan-out
 * tree that cannot be read is told to `onDamaged` and walked past, so the
 * rest of the snapshot stays readable; without `onDamaged` it throws, as
 * does an unreadable root or section tree.
 */
export function* walkEntries(store: ObjectStore, tree: string, onDamaged?: (damaged: DamagedTree) => void): Generator<{ section: Section; entry: TreeEntry }> {
  const root = readTree(store, tree);
  for (const section of [DATA_TREE, DELETED_TREE] as const) {
    const sectionEntry = root.find((e) => e.name === section);
    if (!sectionEntry) continue;
    yield* walkSection(store, section, sectionEntry.oid, '', onDamaged);
  }
}

function* walkSection(store: ObjectStore, section: Section, oid: string, prefix: string, onDamaged?: (damaged: DamagedTree) => void): Generator<{ section: Section; entry: TreeEntry }> {
  let entries: TreeEntry[];
  try {
    entries = readTree(store, oid);
  } catch (error) {
    if (!(error instanceof ObjectError) || !onDamaged || prefix === '') throw error;
    onDamaged({ section, prefix, oid, reason: error.message });
    return;
  }
  for (const entry of entries) {
    if (isFanEntry(entry)) yield* walkSection(store, section, entry.oid, prefix + entry.name, onDamaged);
    else yield { section, entry };
  }
}

export interface HistoryVersion {
  snapshot: string;
  time: string;
  client: string;
  seq: number;
  rev: string | null;
  deleted: boolean;
}

/** The versions of a document across the snapshots, oldest first: one entry each time its content differs from the last one listed. */
export function documentHistory(store: ObjectStore, snapshots: SnapshotInfo[], id: string): { versions: HistoryVersion[]; damaged: { snapshot: string; reason: string }[] } {
  const versions: HistoryVersion[] = [];
  const damaged: { snapshot: string; reason: string }[] = [];
  let last: string | null = null;
  const trees = treeCache(store);
  for (const s of snapshots) {
    try {
      const found = entryOf(store, s.tree, id, trees);
      const key = found ? `${found.section}:${found.entry.oid}` : null;
      if (key === last) continue;
      last = key;
      if (!found) continue;
      const doc = readEntry(store, found.section, found.entry, { files: false });
      versions.push({ snapshot: s.id, time: s.time, client: s.client, seq: s.seq, rev: doc.json._rev ?? null, deleted: doc.deleted });
    } catch (error) {
      if (!(error instanceof ObjectError)) throw error;
      damaged.push({ snapshot: s.id, reason: error.message });
    }
  }
  return { versions, damaged };
}
