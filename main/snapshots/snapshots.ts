// Snapshots of a database in its backup folder's store (docs/snapshot-format.md):
// taking one (the changes since this installation's previous snapshot,
// applied on that snapshot's tree), listing them, a document's history, and
// reading a document as a snapshot holds it.
import { createHash } from 'node:crypto';
import type { Database } from '../db/open-database';
import { backupClientId } from '../backup/client-id';
import { readChanges } from '../backup/read-changes';
import type { BackupDoc } from '../backup/mirror';
import { attachmentFilesOf, docFileJson, docFileText, locateDoc, type RevisionEntry } from '../backup-format/index';
import { BLOB_MODE, TREE_MODE, encodeCommit, encodeTree, isTree, parseCommit, parseTree, trailers, type TreeEntry } from './git-objects';
import { ObjectError } from './pack';
import { ObjectStore, SNAPSHOT_FORMAT_VERSION, SnapshotStoreError, newerStoreMessage } from './store';

export const DATA_TREE = 'data';
export const DELETED_TREE = 'deleted';
export const DOC_FILE = 'doc.json';
type Section = typeof DATA_TREE | typeof DELETED_TREE;

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
}

/** Where a document lives in every snapshot's tree: a hash of its id, fanned out by its first two digits. */
export function docKey(id: string): { fan: string; hash: string } {
  const hash = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 40);
  return { fan: hash.slice(0, 2), hash };
}

const pad = (counter: number) => String(counter).padStart(10, '0');

/** A snapshot's description from its commit; throws SnapshotStoreError for a newer format. */
export function snapshotInfo(store: ObjectStore, ref: string, oid: string): SnapshotInfo {
  const commit = parseCommit(store.read(oid).data);
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

/** A tree being edited: the root's two sections and the fan-out trees below them, loaded as they are touched. */
class TreeEditor {
  private readonly sections = new Map<Section, Map<string, TreeEntry>>();
  private readonly fans = new Map<string, Map<string, TreeEntry>>();
  private readonly dirty = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    root: string | null,
  ) {
    const rootEntries = root ? parseTree(store.read(root).data) : [];
    for (const section of [DATA_TREE, DELETED_TREE] as const) {
      const entry = rootEntries.find((e) => e.name === section && isTree(e));
      this.sections.set(section, new Map(entry ? parseTree(store.read(entry.oid).data).map((e) => [e.name, e]) : []));
    }
  }

  private fan(section: Section, fan: string): Map<string, TreeEntry> {
    const key = `${section}/${fan}`;
    let entries = this.fans.get(key);
    if (!entries) {
      const entry = this.sections.get(section)!.get(fan);
      entries = new Map(entry ? parseTree(this.store.read(entry.oid).data).map((e) => [e.name, e]) : []);
      this.fans.set(key, entries);
    }
    return entries;
  }

  /** The document's entry in a section (a `<hash>.json` blob, or a `<hash>` tree when it has attachments). */
  get(section: Section, id: string): TreeEntry | null {
    const { fan, hash } = docKey(id);
    const entries = this.fan(section, fan);
    return entries.get(`${hash}.json`) ?? entries.get(hash) ?? null;
  }

  set(section: Section, id: string, entry: TreeEntry | null): void {
    const { fan, hash } = docKey(id);
    const entries = this.fan(section, fan);
    entries.delete(`${hash}.json`);
    entries.delete(hash);
    if (entry) entries.set(entry.name, entry);
    this.dirty.add(`${section}/${fan}`);
  }

  /** Writes the trees that changed; returns the root's id. */
  write(): string {
    for (const key of this.dirty) {
      const [section, fan] = key.split('/') as [Section, string];
      const entries = this.fans.get(key)!;
      const sectionEntries = this.sections.get(section)!;
      if (entries.size === 0) sectionEntries.delete(fan);
      else sectionEntries.set(fan, { name: fan, mode: TREE_MODE, oid: this.store.add({ type: 'tree', data: encodeTree(entries.values()) }) });
    }
    this.dirty.clear();
    const root: TreeEntry[] = [];
    for (const [name, entries] of this.sections) {
      root.push({ name, mode: TREE_MODE, oid: this.store.add({ type: 'tree', data: encodeTree(entries.values()) }) });
    }
    return this.store.add({ type: 'tree', data: encodeTree(root) });
  }
}

const revisionEntry = (d: BackupDoc): RevisionEntry => ({
  doc: d.doc,
  attachments: d.attachments.map((a) => ({ name: a.name, contentType: a.contentType, digest: a.digest, length: a.data.byteLength })),
});

/** A live document's entry: its document file (as in data/ of the backup folder) and, if it has any, its attachment files beside it. */
function liveEntry(store: ObjectStore, item: BackupDoc): TreeEntry {
  const { hash } = docKey(item.doc._id);
  const stem = locateDoc(item.doc._id).stem;
  const revisions = [item, ...(item.conflicts ?? [])];
  const winner = revisionEntry(item);
  const conflicts = (item.conflicts ?? []).map(revisionEntry);
  const json = store.add({ type: 'blob', data: Buffer.from(docFileText(docFileJson(stem, winner, conflicts)), 'utf8') });
  const files = attachmentFilesOf(stem, winner, conflicts);
  if (files.length === 0) return { name: `${hash}.json`, mode: BLOB_MODE, oid: json };
  const entries: TreeEntry[] = [{ name: DOC_FILE, mode: BLOB_MODE, oid: json }];
  for (const { revision, name, file } of files) {
    const data = revisions[revision + 1]!.attachments.find((a) => a.name === name)!.data;
    entries.push({ name: file, mode: BLOB_MODE, oid: store.add({ type: 'blob', data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }) });
  }
  return { name: hash, mode: TREE_MODE, oid: store.add({ type: 'tree', data: encodeTree(entries) }) };
}

function deletedEntry(store: ObjectStore, item: BackupDoc): TreeEntry {
  const { hash } = docKey(item.doc._id);
  const text = `${JSON.stringify({ _id: item.doc._id, _rev: item.doc._rev, _deleted: true }, null, 2)}\n`;
  return { name: `${hash}.json`, mode: BLOB_MODE, oid: store.add({ type: 'blob', data: Buffer.from(text, 'utf8') }) };
}

export interface SnapshotResult {
  snapshot: string;
  seq: number;
  time: string;
  docs: number;
  changed: number;
  newObjects: number;
  newBytes: number;
  client: string;
  /** Nothing changed since this installation's previous snapshot: that one is reported, no new one is made. */
  unchanged: boolean;
}

export interface SnapshotOptions {
  batchSize?: number;
  /** The snapshot's time (tests); the wall clock otherwise. */
  now?: Date;
}

/**
 * Takes a snapshot of `db` into the store of `folder` (made if needed): every
 * change since this installation's previous snapshot, read as the backup
 * reads them (each document once, at its latest change), applied on that
 * snapshot's tree. Objects are written and fsynced before the commit, and the
 * commit before the ref that makes the snapshot visible.
 */
export async function takeSnapshot(db: Database, folder: string, options: SnapshotOptions = {}): Promise<SnapshotResult> {
  const client = await backupClientId(db);
  const store = ObjectStore.open(folder, { create: true })!;
  try {
    store.cleanTemporaryFiles();
    const { snapshots } = listSnapshots(store);
    const own = snapshots.filter((s) => s.client === client);
    const counter = Math.max(0, ...store.refs().filter((r) => r.name.startsWith(`${client}/`)).map((r) => Number(r.name.split('/')[1]) || 0)) + 1;
    let previous: SnapshotInfo | null = null;
    let editor: TreeEditor | null = null;
    for (const candidate of own.toReversed()) {
      try {
        editor = new TreeEditor(store, candidate.tree);
        previous = candidate;
        break;
      } catch (error) {
        if (!(error instanceof ObjectError)) throw error; // a damaged snapshot: start from the one before it
      }
    }
    editor ??= new TreeEditor(store, null);
    let since: number | string = previous?.seq ?? 0;
    let docs = previous?.docs ?? 0;
    const changedIds = new Set<string>();
    const batchSize = options.batchSize ?? 500;
    // The next batch is read (LevelDB works off the main thread) while this one is hashed and compressed.
    let reading = readChanges(db, since, batchSize);
    for (;;) {
      const batch = await reading;
      if (!batch) break;
      since = batch.lastSeq;
      reading = readChanges(db, since, batchSize);
      // Should this batch fail, the read already started must not end as an unhandled rejection.
      reading.catch(() => undefined);
      for (const item of batch.docs) {
        const id = item.doc._id;
        const wasLive = editor.get(DATA_TREE, id);
        const wasDeleted = editor.get(DELETED_TREE, id);
        if (item.doc._deleted) {
          const entry = deletedEntry(store, item);
          if (wasLive) docs--;
          if (wasLive || wasDeleted?.oid !== entry.oid) changedIds.add(id);
          editor.set(DATA_TREE, id, null);
          editor.set(DELETED_TREE, id, entry);
        } else {
          const entry = liveEntry(store, item);
          if (!wasLive) docs++;
          if (wasLive?.oid !== entry.oid || wasDeleted) changedIds.add(id);
          if (wasLive?.oid !== entry.oid) editor.set(DATA_TREE, id, entry);
          if (wasDeleted) editor.set(DELETED_TREE, id, null);
        }
      }
    }
    const seq = Number(since === 0 && !previous ? (await db.info()).update_seq : since);
    const tree = editor.write();
    if (previous && previous.tree === tree) {
      return { ...summary(previous), newObjects: 0, newBytes: 0, unchanged: true };
    }
    const now = options.now ?? new Date();
    const time = now.toISOString();
    const message =
      `Quire snapshot ${counter} of ${client}: ${changedIds.size} changed, ${docs} documents (seq ${seq})\n\n` +
      `Quire-Format: ${SNAPSHOT_FORMAT_VERSION}\nQuire-Client: ${client}\nQuire-Seq: ${seq}\nQuire-Counter: ${counter}\n` +
      `Quire-Time: ${time}\nQuire-Docs: ${docs}\nQuire-Changed: ${changedIds.size}\n`;
    const commit = store.add({
      type: 'commit',
      data: encodeCommit({ tree, parents: [], author: `Quire ${client}`, time: Math.floor(now.getTime() / 1000), message }),
    });
    store.flush();
    store.setRef(`${client}/${pad(counter)}`, commit);
    return {
      snapshot: commit, seq, time, docs, changed: changedIds.size, client, unchanged: false,
      newObjects: store.written.objects, newBytes: store.written.bytes,
    };
  } finally {
    store.close();
  }
}

function summary(s: SnapshotInfo) {
  return { snapshot: s.id, seq: s.seq, time: s.time, docs: s.docs, changed: s.changed, client: s.client };
}

/** A document as a snapshot holds it: its document file's JSON and its attachment files' bytes by name. */
export interface SnapshotDoc {
  deleted: boolean;
  json: Record<string, unknown> & { _id: string; _rev: string };
  files: Map<string, Buffer>;
}

/** The entry of `id` in a snapshot's tree (throws ObjectError when a tree on the way is damaged). */
export function entryOf(store: ObjectStore, tree: string, id: string): { section: Section; entry: TreeEntry } | null {
  const { fan, hash } = docKey(id);
  const root = parseTree(store.read(tree).data);
  for (const section of [DATA_TREE, DELETED_TREE] as const) {
    const sectionEntry = root.find((e) => e.name === section);
    if (!sectionEntry) continue;
    const fanEntry = parseTree(store.read(sectionEntry.oid).data).find((e) => e.name === fan);
    if (!fanEntry) continue;
    const entry = parseTree(store.read(fanEntry.oid).data).find((e) => e.name === `${hash}.json` || e.name === hash);
    if (entry) return { section, entry };
  }
  return null;
}

/** Reads a document entry: its JSON and attachment files. */
export function readEntry(store: ObjectStore, section: Section, entry: TreeEntry): SnapshotDoc {
  const files = new Map<string, Buffer>();
  let json: Buffer;
  if (isTree(entry)) {
    const entries = parseTree(store.read(entry.oid).data);
    const doc = entries.find((e) => e.name === DOC_FILE);
    if (!doc) throw new ObjectError(entry.oid, `document tree without ${DOC_FILE}`);
    json = store.read(doc.oid).data;
    for (const e of entries) if (e !== doc) files.set(e.name, store.read(e.oid).data);
  } else json = store.read(entry.oid).data;
  let parsed: SnapshotDoc['json'];
  try {
    parsed = JSON.parse(json.toString('utf8')) as SnapshotDoc['json'];
  } catch {
    throw new ObjectError(entry.oid, 'document file is not JSON');
  }
  return { deleted: section === DELETED_TREE, json: parsed, files };
}

/** Every document entry of a snapshot's tree, section by section. */
export function* walkEntries(store: ObjectStore, tree: string): Generator<{ section: Section; entry: TreeEntry }> {
  const root = parseTree(store.read(tree).data);
  for (const section of [DATA_TREE, DELETED_TREE] as const) {
    const sectionEntry = root.find((e) => e.name === section);
    if (!sectionEntry) continue;
    for (const fanEntry of parseTree(store.read(sectionEntry.oid).data)) {
      for (const entry of parseTree(store.read(fanEntry.oid).data)) yield { section, entry };
    }
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
  for (const s of snapshots) {
    try {
      const found = entryOf(store, s.tree, id);
      const key = found ? `${found.section}:${found.entry.oid}` : null;
      if (key === last) continue;
      last = key;
      if (!found) continue;
      const doc = readEntry(store, found.section, found.entry);
      versions.push({ snapshot: s.id, time: s.time, client: s.client, seq: s.seq, rev: doc.json._rev ?? null, deleted: doc.deleted });
    } catch (error) {
      if (!(error instanceof ObjectError)) throw error;
      damaged.push({ snapshot: s.id, reason: error.message });
    }
  }
  return { versions, damaged };
}
