// Restoring a snapshot into a database straight from the store's tree
// (docs/snapshot-format.md, "Restore"): the snapshot's documents, read and
// parsed as restore parses a backup folder's files (snapshot-items.ts) in
// restore's reader thread, are merged in batches by restore's own Merger
// (main/restore/merge.ts) on this one: nothing overwritten, conflicts kept.
// No temporary folder; reading and writing overlap as a folder's restore does.
import path from 'node:path';
import type { Database } from '../db/open-database';
import { Merger } from '../restore/merge';
import { MergeQueue } from '../restore/merge-queue';
import { readInThread } from '../restore/reader';
import { SkipList } from '../restore/skip-list';
import { noCounts, type RestoreCounts, type RestoreResult } from '../restore/index';
import { snapshotItems } from './snapshot-items';
import type { ObjectStore } from './store';
import type { SnapshotInfo } from './snapshots';

export interface SnapshotRestoreResult extends RestoreResult {
  snapshot: SnapshotInfo;
  /** Documents the snapshot holds as deleted: never restored. */
  deletedInSnapshot: number;
}

/**
 * From this many documents the snapshot is read in restore's reader thread;
 * below, on this one: starting the thread (100-200 ms, its code loaded)
 * costs more than the overlap saves on a few hundred documents.
 */
const IN_THREAD_FROM_DOCS = 2_000;

export interface SnapshotRestoreOptions {
  /** Read in the reader thread (true) or on this one (false); by default from IN_THREAD_FROM_DOCS documents. */
  inThread?: boolean;
}

/**
 * Restores a snapshot into `db` with restore's own merge rules. A document
 * whose objects are damaged, or whose file restore would refuse, is skipped
 * and listed (`<snapshot>:data/<entry>`); the others are restored.
 */
export async function restoreSnapshot(db: Database, store: ObjectStore, snapshot: SnapshotInfo, options: SnapshotRestoreOptions = {}): Promise<SnapshotRestoreResult> {
  await db.info(); // open, before the revision trees are read directly
  const counts: RestoreCounts = noCounts();
  const skips = new SkipList();
  // Not a backup folder's own layout (no checkpoint to bring deleted documents back by); each id once in a tree.
  const merger = new Merger(db, store.gitdir, false, true, skips, counts);
  let deleted = 0;
  let deletedInSnapshot = 0;
  // One batch is written while the next is read from the store.
  const queue = new MergeQueue(merger);
  try {
    // Read and parsed in restore's reader thread while this one writes, as a folder's files are (restore/reader.ts).
    const source = { kind: 'snapshot', folder: path.dirname(store.gitdir), snapshot: { id: snapshot.id, tree: snapshot.tree } } as const;
    const here = () => snapshotItems(store, snapshot);
    const items = (options.inThread ?? snapshot.docs >= IN_THREAD_FROM_DOCS) ? readInThread(source, here) : here();
    for await (const item of items) {
      if (item.kind === 'deleted') {
        if (item.inSnapshot) deletedInSnapshot++;
        else deleted++;
      } else if (item.kind === 'skip') skips.add(item.path, item.reason);
      else await queue.add({ rel: item.rel, doc: item.doc }, item.bytes);
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
