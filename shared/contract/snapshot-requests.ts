// The contract's requests and event for snapshots and note history (issue 14:
// Note › History…, Preferences › Backup › Snapshots, Restore to…). The store
// itself is main/snapshots/ (docs/snapshot-format.md). Spread into
// `requests` and `events` in ./index.ts.
import { z } from 'zod';
import { event, request } from './define';
import { KEEP_CHOICES, type KeepChoice } from '../snapshot-retention';

const id = z.string().min(1).max(2048);
/** A snapshot's id: its commit's SHA-1 (or a unique prefix of 4+ hex digits). */
const snapshotId = z.string().regex(/^[0-9a-f]{4,40}$/);
/**
 * One version in a note's history: `snap:<commit>` (as a snapshot holds it)
 * or `rev:<revision>` (a revision the local database still has, saved since
 * the last snapshot).
 */
const versionKey = z.string().regex(/^(snap:[0-9a-f]{40}|rev:\d+-[0-9a-f]{1,64})$/);

export interface SnapshotSettings {
  /** Snapshots are taken (on by default once a backup folder is set). */
  enabled: boolean;
  /** How often, in minutes, while something changed (default 15). */
  intervalMinutes: number;
  /** How long they are kept (shared/snapshot-retention.ts; default 'standard'). */
  keep: KeepChoice;
}

/** Preferences › Backup › Snapshots, as the pane shows it. */
export interface SnapshotsOverview {
  settings: SnapshotSettings;
  /** The chosen retention schedule in words ("every snapshot for 2 days, one an hour for 2 weeks, …"). */
  retention: string;
  /** null while no backup folder is set (nothing can be snapshotted). */
  folder: string | null;
  count: number;
  /** Bytes of snapshots.git/ on disk. */
  bytes: number;
  lastSnapshotAt: string | null;
  /** A snapshot being taken, a prune or a restore to a snapshot in progress. */
  busy: 'snapshot' | 'prune' | 'restore' | null;
  /** The last failure, in words (the folder vanished, the disk is full, a newer store), or null. */
  problem: string | null;
  /** The backup folder is not there (a drive unplugged): its snapshots, if any, cannot be counted now. */
  unreachable?: boolean;
}

export interface SnapshotSummary {
  id: string;
  time: string;
  /** The installation that took it; `own` when it is this one. */
  client: string;
  own: boolean;
  seq: number;
  docs: number;
  /** Documents that differ from that installation's previous snapshot. */
  changed: number;
  /** Why it was taken, when not by the schedule: SNAPSHOT_REASONS (shared/snapshot-retention.ts), or null. */
  reason: string | null;
  /** The installation's first snapshot (its `changed` counts every document). */
  first: boolean;
}

/** What a restore to a snapshot will do, shown before it is done. */
export interface SnapshotRestorePlan {
  snapshot: SnapshotSummary;
  /** Notes whose text, notebook or tags differ now and are changed back. */
  changedBack: number;
  /** Notes deleted (or moved to the Trash) since, brought back. */
  broughtBack: number;
  /** Notes created since that moment: kept or moved to the Trash, as the user chooses. */
  createdSince: number;
  /** Up to 20 titles of each, for the dialog. */
  examples: { changedBack: string[]; broughtBack: string[]; createdSince: string[] };
}

export interface SnapshotRestoreOutcome {
  /** The snapshot taken just before, so the restore itself can be undone. */
  undoSnapshot: string | null;
  changedBack: number;
  broughtBack: number;
  createdSinceTrashed: number;
  /** Documents where both sides were kept as a conflict (nothing overwritten silently). */
  conflicts: number;
}

/** One entry of a note's history, newest first. */
export interface HistoryEntry {
  key: string;
  /** When this version was saved (the revision's updatedAt) or snapshotted. */
  time: string;
  source: 'snapshot' | 'local';
  /** Consecutive autosaves grouped into one writing session: how many saves this entry stands for. */
  saves: number;
  /** Against the next older entry: words added and removed (0/0 for the oldest). */
  wordsAdded: number;
  wordsRemoved: number;
  /** The version is a deletion (the note was deleted forever at that point). */
  deleted: boolean;
  /** The title at that version. */
  title: string;
  /** It is the note's current text. */
  current: boolean;
  /** Against the next older entry: moved to the Trash, or out of it (its text may be unchanged); absent otherwise. */
  moved?: 'toTrash' | 'fromTrash';
}

export interface NoteHistory {
  noteId: string;
  /** Where the note is now: a live note, in the Trash, deleted forever (known only from the history), or unknown. */
  state: 'live' | 'trash' | 'deleted' | 'unknown';
  entries: HistoryEntry[];
  /** Snapshots that could not be read for this note (damaged store), in words. */
  problems: string[];
}

export interface NoteVersion {
  key: string;
  title: string;
  body: string;
  time: string;
  bookId: string | null;
  tags: string[];
}

export const snapshotRequests = {
  'snapshots.overview': request<SnapshotsOverview>()(z.object({}).strict()),
  'snapshots.setSettings': request<SnapshotsOverview>()(
    z.object({ enabled: z.boolean(), intervalMinutes: z.number().int().min(1).max(24 * 60), keep: z.enum(KEEP_CHOICES) }).strict(),
  ),
  /** Every snapshot in the folder's store, newest first. */
  'snapshots.list': request<SnapshotSummary[]>()(z.object({}).strict()),
  /** Takes one now (after the mirror is up to date); resolves when it is written. `unchanged`: nothing changed, it is the newest one. */
  'snapshots.takeNow': request<SnapshotSummary & { unchanged: boolean }>()(z.object({}).strict()),
  'snapshots.planRestore': request<SnapshotRestorePlan>()(z.object({ snapshot: snapshotId }).strict()),
  /** Takes a snapshot first, then restores the whole database to `snapshot`. */
  'snapshots.restore': request<SnapshotRestoreOutcome>()(
    z.object({ snapshot: snapshotId, createdSince: z.enum(['keep', 'trash']) }).strict(),
  ),
  'history.list': request<NoteHistory>()(z.object({ noteId: id }).strict()),
  'history.read': request<NoteVersion>()(z.object({ noteId: id, key: versionKey }).strict()),
  /** Makes that version the current text as a new edit; a note deleted forever comes back, in the Trash. */
  'history.restoreVersion': request<{ noteId: string; inTrash: boolean }>()(
    z.object({ noteId: id, key: versionKey }).strict(),
  ),
} as const;

export const snapshotEvents = {
  /** The overview changed (a snapshot taken, a prune, settings, a failure). */
  'snapshots.changed': event<SnapshotsOverview>(),
} as const;
