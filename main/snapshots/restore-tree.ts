// Restoring a snapshot into a database straight from the store's tree
// (docs/snapshot-format.md, "Restore"): each document file of the snapshot
// is parsed and checked as restore parses a backup folder's file, its
// attachments taken from the files beside it in the tree, and merged in
// batches by restore's own Merger (main/restore/merge.ts): nothing
// overwritten, conflicts kept. No temporary folder and no reader thread:
// the store is read on this thread a batch at a time, while the previous
// batch is written.
import type { Database } from '../db/open-database';
import { locateDoc, SkipError } from '../backup-format/index';
import { Merger } from '../restore/merge';
import { MergeQueue } from '../restore/merge-queue';
import { parseDocFile, type ParsedDoc, type ParsedRevision } from '../restore/parse-doc';
import { SkipList } from '../restore/skip-list';
import type { RestoreCounts, RestoreResult } from '../restore/index';
import { isTree, parseTree, type TreeEntry } from './git-objects';
import { ObjectError } from './pack';
import type { ObjectStore } from './store';
import { DATA_TREE, DELETED_TREE, DOC_FILE, walkEntries, type SnapshotInfo } from './snapshots';

export interface SnapshotRestoreResult extends RestoreResult {
  snapshot: SnapshotInfo;
  /** Documents the snapshot holds as deleted: never restored. */
  deletedInSnapshot: number;
}

/** A document file's id without parsing it whole: document files begin with it. */
function idOf(json: Buffer): string {
  const m = /^\{\s*"_id":\s*("(?:[^"\\]|\\.)*")/.exec(json.toString('utf8', 0, Math.min(json.length, 4096)));
  try {
    const id = m ? (JSON.parse(m[1]!) as unknown) : (JSON.parse(json.toString('utf8')) as { _id?: unknown })._id;
    if (typeof id === 'string' && id !== '') return id;
  } catch {
    // said below
  }
  throw new SkipError('JSON, but not a document: it has no _id');
}

/** A document entry of the data tree: its file's bytes and the files beside it. */
function readDocEntry(store: ObjectStore, entry: TreeEntry): { json: Buffer; files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  if (!isTree(entry)) return { json: store.read(entry.oid).data, files };
  const entries = parseTree(store.read(entry.oid).data);
  const doc = entries.find((e) => e.name === DOC_FILE);
  if (!doc) throw new ObjectError(entry.oid, `document tree without ${DOC_FILE}`);
  for (const e of entries) if (e !== doc) files.set(e.name, store.read(e.oid).data);
  return { json: store.read(doc.oid).data, files };
}

/** Each attachment a revision names as a file beside it gets that file's bytes from the tree. */
function attachFiles(revision: ParsedRevision, files: Map<string, Buffer>): number {
  let bytes = 0;
  for (const ref of revision.attachments) {
    if (ref.path === undefined) continue;
    const data = files.get(ref.path);
    if (!data) throw new SkipError(`attachment ${JSON.stringify(ref.name)}: its file ${ref.path} is not in the snapshot`);
    ref.bytes = data;
    bytes += data.length;
  }
  return bytes;
}

/**
 * Restores a snapshot into `db` with restore's own merge rules. A document
 * whose objects are damaged, or whose file restore would refuse, is skipped
 * and listed (`<snapshot>:data/<entry>`); the others are restored.
 */
export async function restoreSnapshot(db: Database, store: ObjectStore, snapshot: SnapshotInfo): Promise<SnapshotRestoreResult> {
  await db.info(); // open, before the revision trees are read directly
  const counts: RestoreCounts = { restored: 0, upToDate: 0, conflicts: 0 };
  const skips = new SkipList();
  // Not a backup folder's own layout (no checkpoint to bring deleted documents back by); each id once in a tree.
  const merger = new Merger(db, store.gitdir, false, true, skips, counts);
  let deleted = 0;
  let deletedInSnapshot = 0;
  // One batch is written while the next is read from the store.
  const queue = new MergeQueue(merger);
  try {
    for (const { section, entry } of walkEntries(store, snapshot.tree)) {
      if (section === DELETED_TREE) {
        deletedInSnapshot++;
        continue;
      }
      const rel = `${snapshot.id}:${DATA_TREE}/${entry.name}`;
      let read: { doc: ParsedDoc; bytes: number } | null = null;
      try {
        const { json, files } = readDocEntry(store, entry);
        const { type, stem } = locateDoc(idOf(json));
        const doc = parseDocFile(json, { typeDir: type, name: `${stem}.json`, quireNames: true });
        if (doc.deleted) {
          deleted++;
          continue;
        }
        let bytes = json.length + attachFiles(doc, files);
        for (const c of doc.conflicts) bytes += attachFiles(c, files);
        read = { doc, bytes };
      } catch (error) {
        if (error instanceof ObjectError || error instanceof SkipError) skips.add(rel, error instanceof SkipError ? error.reason : error.message);
        else throw error;
      }
      // Outside the try: a failed write is the restore's failure, not this document's skip.
      if (read) await queue.add({ rel, doc: read.doc }, read.bytes);
    }
    await queue.flush();
  } finally {
    // The batch being written is always finished (or has failed) before this returns.
    await queue.settled();
  }
  await queue.written();
  return {
    folder: store.gitdir,
    layouts: ['quire'],
    ...counts,
    skipped: skips.items,
    skippedCount: skips.count,
    deleted,
    cancelled: false,
    snapshot,
    deletedInSnapshot,
  };
}
