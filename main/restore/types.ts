// What a restore reports: the plan (before), progress (during), the result (after).
import type { SkippedItem } from '../../shared/types';

/** Which writer's layout a folder (or part of it) has. */
export type BackupLayout =
  /** Quire's own: data/<type>/<encoded name>.json, attachments as files beside it, state/, _deleted/. */
  | 'quire'
  /** Inkdrop before 5.3: data/<id>.json, attachments inline (base64). */
  | 'inkdrop-flat'
  /** Inkdrop's folders per type: data/<type>/<name>.json, attachments inline. */
  | 'inkdrop-folders';

export interface DocumentCounts {
  notes: number;
  books: number;
  tags: number;
  /** `file:` documents (images and other attachments). */
  files: number;
  /** Documents of no Quire type (Inkdrop's `config`, …): restored as they are. */
  other: number;
  /** Attachments carried by those documents (a `file:` document has one). */
  attachments: number;
}

/** What a folder holds, read without touching any database: for the "Restore?" dialog. */
export interface RestorePlan {
  /** The folder, absolute, links resolved. */
  folder: string;
  layouts: BackupLayout[];
  /** Usable documents, by type. */
  counts: DocumentCounts;
  /** Usable documents in all: what a restore would bring in or find already there. */
  documents: number;
  /** Documents in _deleted/ (and deletions found in data/): never restored. */
  deleted: number;
  /** Files that cannot be used, each with why (at most MAX_LISTED_SKIPS listed). */
  skipped: SkippedItem[];
  /** How many files cannot be used, listed or not. */
  skippedCount: number;
  /** Document files looked at: usable + skipped (the restore's progress total). */
  files: number;
}

/** Every count at zero: the one place that knows them all (a count added once had to be added in four). */
export const noCounts = (): RestoreCounts => ({ restored: 0, upToDate: 0, stillDeleted: 0, conflicts: 0 });

export interface RestoreCounts {
  /** Documents written: new here, newer than ours, or brought back from _deleted/ by the user. */
  restored: number;
  /** Already here at that revision or a newer one. */
  upToDate: number;
  /** Deleted here after the backup was made: they stay deleted, as a replication would leave them (not undone by a restore). */
  stillDeleted: number;
  /** Changed on both sides: CouchDB's winner shows, the other revision is kept as a conflict. */
  conflicts: number;
}

export interface RestoreProgress extends RestoreCounts {
  /** Document files handled so far (restored, up to date, conflicts or skipped). */
  done: number;
  /** Document files in the folder (known before the first write). */
  total: number;
  skippedCount: number;
}

export interface RestoreResult extends RestoreCounts {
  folder: string;
  layouts: BackupLayout[];
  skipped: SkippedItem[];
  skippedCount: number;
  /** Documents in _deleted/ (and deletions in data/), not restored. */
  deleted: number;
  /** True when the signal stopped it: every batch written so far is whole, nothing after it was written. */
  cancelled: boolean;
}

export interface ScanOptions {
  /** Aborting rejects the scan with the signal's reason. */
  signal?: AbortSignal;
  /** Called as files are read: how many so far. */
  onProgress?: (files: number) => void;
}

export interface RestoreOptions {
  /** Aborting stops after the batch being written; the result then has `cancelled: true`. */
  signal?: AbortSignal;
  onProgress?: (progress: RestoreProgress) => void;
  /** The plan's `files`, when a scan just counted them (saves a listing of the folder). */
  total?: number;
  /**
   * Called with the id of each document the restore writes (restored, or kept as a conflict), and whether the
   * database did not have that id before (`fresh`); not for those found up to date.
   */
  onWritten?: (id: string, fresh: boolean) => void;
}
