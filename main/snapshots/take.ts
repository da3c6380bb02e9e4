// Taking a snapshot (docs/snapshot-format.md, "Taking a snapshot"): the
// changes since this installation's previous snapshot, applied on that
// snapshot's tree. Split in two so that the reading (the database, which
// lives in the main process) and the writing (hashing, compressing, packing,
// fsyncing: a SnapshotBuilder) can run in different threads: the app's
// snapshots are written by the backup worker, after the mirror's writes
// (worker-sink.ts); the CLI and tests write in their own thread (localWriter).
import type { Database } from '../db/open-database';
import { backupClientId } from '../backup/client-id';
import { getOrNull } from '../db/get-or-null';
import { readChanges } from '../backup/read-changes';
import type { BackupDoc } from '../backup/mirror';
import { attachmentFilesOf, docFileJson, docFileText, locateDoc, type RevisionEntry } from '../backup-format/index';
import { BLOB_MODE, TREE_MODE, encodeCommit, encodeTree, type TreeEntry } from './git-objects';
import { ObjectError } from './pack';
import { ObjectStore, SNAPSHOT_FORMAT_VERSION } from './store';
import { SNAPSHOT_ERROR_CODES } from '../backup/backup-protocol';
import { pruneStore, type OwnSchedule } from './maintenance';
import { mergeSmallPacks } from './repack';
import { TreeEditor } from './tree-editor';
import { DATA_TREE, DELETED_TREE, DOC_FILE, FAN_WIDTHS, docKey, listSnapshots, type SnapshotInfo } from './snapshots';
import { DEFAULT_KEEP, KEEP_SCHEDULES, SNAPSHOT_REASONS, encodeSchedule, type RetentionSchedule } from '../../shared/snapshot-retention';

const pad = (counter: number) => String(counter).padStart(10, '0');

const revisionEntry = (d: BackupDoc): RevisionEntry => ({
  doc: d.doc,
  attachments: d.attachments.map((a) => ({ name: a.name, contentType: a.contentType, digest: a.digest, length: a.data.byteLength })),
});

/** A live document's entry: its document file (as in data/ of the backup folder) and, if it has any, its attachment files beside it. */
function liveEntry(store: ObjectStore, item: BackupDoc, hash: string): TreeEntry {
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

function deletedEntry(store: ObjectStore, item: BackupDoc, hash: string): TreeEntry {
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

/** What a snapshot records beside its documents. */
export interface SnapshotMeta {
  /** The retention schedule (Preferences' Keep); by default the previous snapshot's, else the standard one. */
  keep?: RetentionSchedule;
  /** Why it was taken, when not by the schedule (its Quire-Reason: SNAPSHOT_REASONS); such a snapshot is written even if nothing changed. */
  reason?: string;
}

export interface SnapshotOptions extends SnapshotMeta {
  batchSize?: number;
  /** Stops between batches (the app closing): nothing becomes visible, the objects packed so far are reused or pruned. */
  signal?: AbortSignal;
  /** The snapshot's time (tests); the wall clock otherwise. */
  now?: Date;
  /** The format written (tests: a store as an older Quire wrote it); this version's otherwise. */
  format?: number;
}

/**
 * The writing half of a snapshot, in the thread that owns the folder: the
 * store opened (made if needed), this installation's previous snapshot found,
 * documents applied batch by batch, then finish() writes the trees and the
 * commit, fsyncs them, and only then the ref that makes the snapshot visible.
 */
export class SnapshotBuilder {
  private readonly store: ObjectStore;
  private readonly editor: TreeEditor;
  /** The snapshot this one is built on (null for a first or a fresh one). */
  private readonly previous: SnapshotInfo | null;
  /** This installation's newest snapshot: a fresh one that comes out the same is that one. */
  private newest: SnapshotInfo | null = null;
  private readonly counter: number;
  private docs: number;
  private closed = false;

  /** Built from the whole database, naming no object of the store unread (see `fresh` below). */
  readonly fresh: boolean;

  constructor(
    folder: string,
    private readonly client: string,
    /** The format written: this version's, or (tests) an older one's. */
    private readonly format = SNAPSHOT_FORMAT_VERSION,
    /**
     * Not built on the previous snapshot but from every document, and every
     * object the store already has read before it is named (a damaged or
     * missing one is written anew): after damage was found (a tree the
     * previous snapshot needs that cannot be read, or verify's mark: ObjectStore.markForRepair),
     * so the damage is not carried into this snapshot and later ones.
     */
    fresh = false,
  ) {
    this.store = ObjectStore.open(folder, { create: true })!;
    try {
      this.store.cleanTemporaryFiles();
      const own = listSnapshots(this.store).snapshots.filter((s) => s.client === client);
      // Above every ref of this installation's, damaged ones too: writing over one would lose its snapshot.
      const refs = this.store.refNamesInUse().filter((name) => name.startsWith(`${client}/`));
      this.counter = Math.max(0, ...refs.map((name) => Number(name.split('/')[1]) || 0)) + 1;
      let previous: SnapshotInfo | null = null;
      let editor: TreeEditor | null = null;
      this.fresh = fresh || this.store.repairWanted;
      this.store.checkReused = this.fresh;
      if (this.fresh) this.newest = own.at(-1) ?? null;
      else for (const candidate of own.toReversed()) {
        try {
          editor = new TreeEditor(this.store, candidate.tree, FAN_WIDTHS[format]!, candidate.format);
          previous = candidate;
          break;
        } catch (error) {
          if (!(error instanceof ObjectError)) throw error; // a damaged snapshot: start from the one before it
        }
      }
      this.editor = editor ?? new TreeEditor(this.store, null, FAN_WIDTHS[format]!, format);
      this.previous = previous;
      this.newest ??= previous;
      this.docs = previous?.docs ?? 0;
    } catch (error) {
      this.store.close();
      throw error;
    }
  }

  /** The sequence to read the changes from: the previous snapshot's, 0 for the first. */
  get since(): number {
    return this.previous?.seq ?? 0;
  }

  get first(): boolean {
    return this.previous === null;
  }

  /** The id of the snapshot this one is built on (null for a first or a fresh one). */
  get base(): string | null {
    return this.previous?.id ?? null;
  }

  apply(items: readonly BackupDoc[]): void {
    const { store, editor } = this;
    for (const item of items) {
      const { hash } = docKey(item.doc._id);
      const wasLive = editor.get(DATA_TREE, hash);
      const wasDeleted = editor.get(DELETED_TREE, hash);
      if (item.doc._deleted) {
        const entry = deletedEntry(store, item, hash);
        if (wasLive) this.docs--;
        editor.set(DATA_TREE, hash, null);
        editor.set(DELETED_TREE, hash, entry, Boolean(wasLive) || wasDeleted?.oid !== entry.oid);
      } else {
        const entry = liveEntry(store, item, hash);
        if (!wasLive) this.docs++;
        if (wasLive?.oid !== entry.oid) editor.set(DATA_TREE, hash, entry, true);
        else if (wasDeleted) editor.markChanged(DATA_TREE, hash);
        if (wasDeleted) editor.set(DELETED_TREE, hash, null);
      }
    }
  }

  /**
   * Writes the snapshot consistent at `seq` (or reports the previous one when
   * nothing changed, its schedule is the same and there is no reason to
   * record), and closes. `keep`: the schedule to record; by default the
   * previous snapshot's, so a snapshot taken without the app's settings (the
   * CLI) does not change it.
   */
  finish(seq: number, now: Date = new Date(), { keep, reason }: SnapshotMeta = {}): SnapshotResult {
    const { store, client, counter } = this;
    const previous = this.newest;
    try {
      const tree = this.editor.write();
      const schedule = keep ?? previous?.keep ?? KEEP_SCHEDULES[DEFAULT_KEEP];
      const sameSchedule = encodeSchedule(schedule) === encodeSchedule(previous?.keep ?? KEEP_SCHEDULES[DEFAULT_KEEP]);
      // A fresh snapshot after others says why its `changed` counts every document.
      const why = (reason ?? (this.fresh && previous ? SNAPSHOT_REASONS.repair : undefined))?.replace(/[\r\n]+/g, ' ').trim().slice(0, 200) || null;
      if (previous && previous.tree === tree && sameSchedule && !why) {
        // A fresh snapshot the same as the newest: the copies it wrote of damaged objects mend that one.
        store.flush();
        if (this.fresh) store.repaired();
        const s = previous;
        return { snapshot: s.id, seq: s.seq, time: s.time, docs: s.docs, changed: s.changed, client: s.client, newObjects: 0, newBytes: 0, unchanged: true };
      }
      const changed = this.editor.changedCount();
      const time = now.toISOString();
      const message =
        `Quire snapshot ${counter} of ${client}: ${changed} changed, ${this.docs} documents (seq ${seq})\n\n` +
        `Quire-Format: ${this.format}\nQuire-Client: ${client}\nQuire-Seq: ${seq}\nQuire-Counter: ${counter}\n` +
        `Quire-Time: ${time}\nQuire-Docs: ${this.docs}\nQuire-Changed: ${changed}\nQuire-Keep: ${encodeSchedule(schedule)}\n${why ? `Quire-Reason: ${why}\n` : ''}`;
      const commit = store.add({
        type: 'commit',
        data: encodeCommit({ tree, parents: [], author: `Quire ${client}`, time: Math.floor(now.getTime() / 1000), message }),
      });
      store.flush();
      store.raiseFormat(this.format);
      store.setRef(`${client}/${pad(counter)}`, commit);
      if (this.fresh) store.repaired();
      return {
        snapshot: commit, seq, time, docs: this.docs, changed, client, unchanged: false,
        newObjects: store.written.objects, newBytes: store.written.bytes,
      };
    } finally {
      this.close();
    }
  }

  /** Closes the store without a snapshot (objects already packed are reused or pruned later). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.store.close();
  }
}

/** Where a snapshot is written: a builder in this thread, or one in the backup worker (worker-sink.ts). */
export interface SnapshotWriter {
  /** `fresh`: a snapshot of the whole database that repairs the store (SnapshotBuilder). */
  begin(client: string, fresh?: boolean): Promise<{ since: number; first: boolean; base: string | null }>;
  apply(docs: BackupDoc[]): Promise<void>;
  finish(seq: number, time: string, meta?: SnapshotMeta): Promise<SnapshotResult>;
  abort(): Promise<void>;
  /** Prunes the store by the retention schedule (maintenance.ts), in the same thread and queue. */
  /** `own`: this installation's current Keep, which applies to its snapshots before a snapshot records it. */
  prune(own?: OwnSchedule): Promise<{ removed: number; reclaimedBytes: number }>;
  /**
   * After a snapshot, off its path: merges the store's small packs with deltas
   * (repack.ts), in the same thread and queue. A merge that fails (a full disk)
   * leaves the store as valid as before it, with a temporary file at most.
   */
  merge(): Promise<void>;
}

/** A SnapshotWriter in this thread. */
export function localWriter(folder: string, format?: number): SnapshotWriter {
  let builder: SnapshotBuilder | null = null;
  return {
    async begin(client, fresh) {
      builder?.close();
      builder = new SnapshotBuilder(folder, client, format, fresh);
      return { since: builder.since, first: builder.first, base: builder.base };
    },
    async apply(docs) {
      builder!.apply(docs);
    },
    async finish(seq, time, meta) {
      const b = builder!;
      builder = null;
      return b.finish(seq, new Date(time), meta);
    },
    async abort() {
      builder?.close();
      builder = null;
    },
    async prune(own) {
      const store = ObjectStore.open(folder, { create: false });
      if (!store) return { removed: 0, reclaimedBytes: 0 };
      try {
        const result = pruneStore(store, { own });
        return { removed: result.removed.length, reclaimedBytes: result.reclaimedBytes };
      } finally {
        store.close();
      }
    },
    async merge() {
      let store: ObjectStore | null = null;
      try {
        store = ObjectStore.open(folder, { create: false });
        if (store) mergeSmallPacks(store);
      } catch {
        // The store is as valid as before the merge began; the next snapshot's merge takes these packs too.
      } finally {
        store?.close();
      }
    },
  };
}

/**
 * Takes a snapshot of `db` through `writer`: every change since this
 * installation's previous snapshot, read as the backup reads them (each
 * document once, at its latest change), applied on that snapshot's tree.
 */
export async function takeSnapshotWith(writer: SnapshotWriter, db: Database, options: SnapshotOptions = {}): Promise<SnapshotResult> {
  const client = await backupClientId(db);
  let result: SnapshotResult;
  try {
    result = await takeOnce(writer, db, client, false, options);
  } catch (error) {
    // The previous snapshot's trees are damaged where this one changes them: taken again from the whole
    // database, writing new copies of what is damaged, instead of failing at every snapshot from now on.
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (!(error instanceof ObjectError) && !(error instanceof DatabaseBehind) && code !== SNAPSHOT_ERROR_CODES.ObjectError) throw error;
    const why = error instanceof DatabaseBehind ? SNAPSHOT_REASONS.databaseBehind : SNAPSHOT_REASONS.repair;
    result = await takeOnce(writer, db, client, true, { ...options, reason: options.reason ?? why });
  }
  await setSnapshotMark(db, { snapshot: result.snapshot, seq: result.seq });
  return result;
}

/** The database's record of the last snapshot taken of it (a _local document: not replicated, not backed up). */
const MARK_ID = '_local/quire-snapshot-mark';

interface SnapshotMark {
  snapshot: string;
  seq: number;
}

/** The last snapshot taken of this database, as it recorded it; null where none was (or it cannot be read). */
export async function snapshotMark(db: Database): Promise<SnapshotMark | null> {
  const doc = await getOrNull<Partial<SnapshotMark>>(db, MARK_ID).catch(() => null);
  return doc && typeof doc.snapshot === 'string' && typeof doc.seq === 'number' ? { snapshot: doc.snapshot, seq: doc.seq } : null;
}

async function setSnapshotMark(db: Database, mark: SnapshotMark): Promise<void> {
  // Best effort: a mark not written makes the next snapshot a fresh one, which is only slower.
  try {
    const current = await getOrNull<{ _rev: string }>(db, MARK_ID);
    await db.put({ _id: MARK_ID, ...(current ? { _rev: current._rev } : {}), ...mark });
  } catch {
    // the database closing, a conflict with another writer of the mark: the next snapshot is fresh
  }
}

class DatabaseBehind extends Error {}

async function takeOnce(writer: SnapshotWriter, db: Database, client: string, fresh: boolean, options: SnapshotOptions): Promise<SnapshotResult> {
  const { since: start, first, base } = await writer.begin(client, fresh);
  try {
    // The database is not the one the snapshot it builds on was taken of (put back from an older copy,
    // a copied profile): the changes since that snapshot's sequence are not what differs from it. Its
    // mark (below) names the last snapshot taken of it; another one means a fresh snapshot.
    if (!first && !fresh) {
      const mark = await snapshotMark(db);
      // No mark at all (a database last snapshotted by an older Quire) is taken as its own.
      if ((mark !== null && mark.snapshot !== base) || Number((await db.info()).update_seq) < start) throw new DatabaseBehind();
    }
    let since: number | string = start;
    const batchSize = options.batchSize ?? 500;
    // The next batch is read (LevelDB works off the main thread) while this one is hashed and compressed.
    let reading = readChanges(db, since, batchSize);
    for (;;) {
      const batch = await reading;
      if (!batch) break;
      options.signal?.throwIfAborted();
      since = batch.lastSeq;
      reading = readChanges(db, since, batchSize);
      // Should this batch fail, the read already started must not end as an unhandled rejection.
      reading.catch(() => undefined);
      await writer.apply(batch.docs);
    }
    const seq = Number(since === 0 && first ? (await db.info()).update_seq : since);
    return await writer.finish(seq, (options.now ?? new Date()).toISOString(), { keep: options.keep, reason: options.reason });
  } catch (error) {
    await writer.abort().catch(() => undefined);
    throw error;
  }
}

/**
 * Takes a snapshot of `db` into the store of `folder` (made if needed), written in this thread,
 * then merges the store's small packs as the app does after each snapshot (SnapshotWriter.merge).
 */
export async function takeSnapshot(db: Database, folder: string, options: SnapshotOptions = {}): Promise<SnapshotResult> {
  const writer = localWriter(folder, options.format);
  const result = await takeSnapshotWith(writer, db, options);
  if (!result.unchanged) await writer.merge();
  return result;
}
