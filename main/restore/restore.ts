// Runs a restore: streams the folder's documents in batches into the
// database (merge.ts), reporting progress after each batch and stopping
// between batches when asked to.
import type { Database } from '../db/open-database';
import { detectLayout } from './layout';
import { Merger } from './merge';
import { MergeQueue } from './merge-queue';
import { countDocFiles } from './read-docs';
import { readFolder } from './reader';
import { SkipList } from './skip-list';
import { noCounts, type RestoreCounts, type RestoreOptions, type RestoreResult } from './types';

/** Progress is reported after each batch, and at least this often (in files) while files are being skipped. */
const PROGRESS_EVERY = 500;

/**
 * Restores the backup in `folder` into `db`. Throws NotABackupError (with a
 * plain sentence) if the folder is not a backup; otherwise every file is
 * restored, found up to date, kept as a conflict, or skipped with a reason.
 */
export async function restoreBackup(db: Database, folder: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const { signal, onProgress } = options;
  const layout = await detectLayout(folder);
  await db.info(); // open, before the revision trees are read directly
  const counts: RestoreCounts = noCounts();
  const skips = new SkipList();
  const result = (cancelled: boolean): RestoreResult => ({
    folder: layout.root,
    layouts: layout.layouts,
    ...counts,
    skipped: skips.items,
    skippedCount: skips.count,
    deleted,
    cancelled,
  });
  let deleted = 0;
  let done = 0;
  let reported = 0;
  const total = options.total ?? (await countDocFiles(layout, signal));
  if (signal?.aborted) return result(true);
  const report = () => {
    reported = done;
    onProgress?.({ done, total: Math.max(total, done), ...counts, skippedCount: skips.count });
  };

  const merger = new Merger(db, layout.root, layout.quire, layout.layouts.length === 1 && layout.layouts[0] !== 'inkdrop-folders', skips, counts, options.onWritten);
  const queue = new MergeQueue(merger, {
    dropWhen: () => signal?.aborted === true, // dropped whole; the loop sees the signal next
    onMerged: (count) => {
      done += count;
      report();
    },
  });

  let cancelled = false;
  try {
    for await (const item of readFolder(layout, { verify: false, signal })) {
      // A batch read but not yet written when the signal comes is dropped whole: nothing is half-done.
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      if (item.kind === 'deleted') deleted++;
      else if (item.kind === 'skip') {
        skips.add(item.path, item.reason);
        done++;
      } else if (item.doc.deleted) {
        deleted++;
        done++;
      } else {
        await queue.add({ rel: item.rel, doc: item.doc }, item.bytes);
      }
      if (done - reported >= PROGRESS_EVERY) report();
    }
    cancelled ||= signal?.aborted === true; // the reader stops at once when aborted, while the main thread waits for it too
    if (!cancelled) await queue.flush();
    cancelled ||= signal?.aborted === true && done < total;
  } finally {
    // The batch being written is always finished (or has failed) before this returns.
    await queue.settled();
  }
  await queue.written();
  if (done !== reported || done === 0) report();
  return result(cancelled);
}
