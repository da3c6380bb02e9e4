// The contract's requests and event for Preferences › Backup › Restore… and
// for the conflicts a restore can leave on a note. Spread into `requests`
// and `events` in ./index.ts. The shapes mirror main/restore/types.ts (the
// restore engine's), which shared/ cannot import.
import { z } from 'zod';
import { event, request } from './define';
import type { SkippedItem } from '../types';

const folder = z.string().min(1).max(4096);
const id = z.string().min(1).max(2048);
const rev = z.string().min(1).max(200);

export type RestoreLayout = 'quire' | 'inkdrop-flat' | 'inkdrop-folders';

/** What a backup folder holds, read without touching the database: the "Restore from …?" dialog. */
export interface RestorePlanInfo {
  /** The folder, absolute, links resolved: what restore.run is given. */
  folder: string;
  layouts: RestoreLayout[];
  counts: { notes: number; books: number; tags: number; files: number; other: number; attachments: number };
  /** Usable documents in all. */
  documents: number;
  /** Documents in _deleted/: never restored. */
  deleted: number;
  /** Files that cannot be used, each with why (the first ones, when there are very many). */
  skipped: SkippedItem[];
  skippedCount: number;
  files: number;
}

export type RestoreScanResult =
  | { kind: 'plan'; plan: RestorePlanInfo }
  /** Not a backup folder (or not readable): `message` is one plain sentence, and nothing happened. */
  | { kind: 'not-a-backup'; message: string }
  | { kind: 'cancelled' };

export interface RestoreResultInfo {
  folder: string;
  layouts: RestoreLayout[];
  restored: number;
  upToDate: number;
  /** In the backup, but deleted here after it was made: they stay deleted (a restore does not undo a deletion). */
  stillDeleted: number;
  conflicts: number;
  skipped: SkippedItem[];
  skippedCount: number;
  deleted: number;
  /** Stopped with restore.cancel: what was written so far is whole and kept. */
  cancelled: boolean;
}

/** What the main process's restore is doing, for every window. */
export type RestoreState =
  | { state: 'idle' }
  | { state: 'scanning'; folder: string; files: number }
  | {
      state: 'restoring';
      folder: string;
      done: number;
      total: number;
      restored: number;
      upToDate: number;
      conflicts: number;
      skippedCount: number;
    };

/** One revision of a note, as the conflict bar compares them. */
export interface NoteVersion {
  rev: string;
  title: string;
  body: string;
  updatedAt: number;
}

export interface NoteConflicts {
  id: string;
  /** The revision the app shows (CouchDB's winner). */
  current: NoteVersion;
  /** The revisions kept as conflicts, newest edit first. */
  others: NoteVersion[];
}

export const restoreRequests = {
  'restore.status': request<RestoreState>()(z.object({}).strict()),
  /** Reads a folder and says what a restore would bring in; a folder that is not a backup gets a sentence. */
  'restore.scan': request<RestoreScanResult>()(z.object({ folder }).strict()),
  /** Merges the folder into the database like a replication (docs/restore.md); one restore at a time. */
  'restore.run': request<RestoreResultInfo>()(z.object({ folder }).strict()),
  /** Stops the scan or restore in progress (a restore stops after the batch being written). */
  'restore.cancel': request<void>()(z.object({}).strict()),

  /** The note's revisions kept as conflicts (null when it has none or does not exist). */
  'notes.conflicts': request<NoteConflicts | null>()(z.object({ id }).strict()),
  /**
   * Keeps one revision: the current one, or a conflicting one, whose text then becomes a new edit on
   * top of the current. Every other revision kept as a conflict is removed.
   */
  'notes.resolveConflict': request<{ id: string; rev: string }>()(z.object({ id, keepRev: rev }).strict()),
} as const;

export const restoreEvents = {
  /** Every change of RestoreState (progress a few times a second at most). */
  'restore.statusChanged': event<RestoreState>(),
} as const;
