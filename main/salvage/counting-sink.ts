// The backup sink a salvage writes through: the backup's own (BackupMirror
// in this thread), counting what goes into the folder by kind and keeping
// the ids, so a salvage can say what it wrote and check nothing went missing.
import type { BackupDoc, BackupSink } from '../backup/index';
import { locateDoc } from '../backup-format/index';

export interface SalvageCounts {
  notes: number;
  books: number;
  tags: number;
  files: number;
  /** Documents of other kinds (settings). */
  others: number;
  /** Deleted documents written to _deleted/ (their last revision with content where the database kept it). */
  deleted: number;
}

export const emptyCounts = (): SalvageCounts => ({ notes: 0, books: 0, tags: 0, files: 0, others: 0, deleted: 0 });

export interface CountingSink extends BackupSink {
  readonly counts: SalvageCounts;
  /** Every id written, live or deleted. */
  readonly ids: Set<string>;
}

/** `alsoLive` receives each batch's live documents after they are in the folder (the Markdown export's database). */
export function countingSink(inner: BackupSink, alsoLive?: (docs: BackupDoc[]) => Promise<void>): CountingSink {
  const counts = emptyCounts();
  const ids = new Set<string>();
  return {
    counts,
    ids,
    prepare: () => inner.prepare(),
    cleanup: () => inner.cleanup(),
    commit: (checkpoint) => inner.commit(checkpoint),
    close: () => inner.close(),
    async apply(docs, options) {
      const result = await inner.apply(docs, options);
      const live: BackupDoc[] = [];
      for (const item of docs) {
        if (ids.has(item.doc._id)) continue;
        ids.add(item.doc._id);
        if (item.doc._deleted) {
          counts.deleted++;
          continue;
        }
        live.push(item);
        const { type } = locateDoc(item.doc._id);
        if (type === 'note') counts.notes++;
        else if (type === 'book') counts.books++;
        else if (type === 'tag') counts.tags++;
        else if (type === 'file') counts.files++;
        else counts.others++;
      }
      if (alsoLive && live.length > 0) await alsoLive(live);
      return result;
    },
  };
}
