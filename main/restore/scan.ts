// Reads a folder without touching any database and says what a restore
// would find: documents by type, what is in _deleted/, and every file that
// cannot be used with its reason (attachments included: their bytes are
// read and checked against their length and digest).
import { detectLayout } from './layout';
import { readFolder } from './reader';
import { SkipList } from './skip-list';
import type { DocumentCounts, RestorePlan, ScanOptions } from './types';

const PROGRESS_EVERY = 500;

export async function scanBackupFolder(folder: string, options: ScanOptions = {}): Promise<RestorePlan> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const layout = await detectLayout(folder);
  const counts: DocumentCounts = { notes: 0, books: 0, tags: 0, files: 0, other: 0, attachments: 0 };
  const skips = new SkipList();
  let deleted = 0;
  let files = 0;
  for await (const item of readFolder(layout, { verify: true, signal })) {
    signal?.throwIfAborted();
    if (item.kind === 'deleted') {
      deleted++;
      continue;
    }
    files++;
    if (item.kind === 'skip') skips.add(item.path, item.reason);
    else if (item.doc.deleted) deleted++;
    else {
      const { type, attachments } = item.doc;
      if (type === 'note') counts.notes++;
      else if (type === 'book') counts.books++;
      else if (type === 'tag') counts.tags++;
      else if (type === 'file') counts.files++;
      else counts.other++;
      counts.attachments += attachments.length;
    }
    if (files % PROGRESS_EVERY === 0) onProgress?.(files);
  }
  signal?.throwIfAborted(); // the reader ends early when aborted
  onProgress?.(files);
  const documents = counts.notes + counts.books + counts.tags + counts.files + counts.other;
  return { folder: layout.root, layouts: layout.layouts, counts, documents, deleted, skipped: skips.items, skippedCount: skips.count, files };
}
