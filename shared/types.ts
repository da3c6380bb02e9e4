// Plain data shapes that cross the IPC boundary (besides the documents in schema.ts).
import type { NoteStatus, TagColor } from './schema';

export type HostKind = 'electron' | 'web';

export interface AppInfo {
  name: string;
  version: string;
  host: HostKind;
  /** process.platform of the main process: decides Cmd vs Ctrl and the menu shape. */
  platform: string;
  userDataDir: string;
  databasePath: string;
}

/** What the note list needs for one row: small, so 40,000 of them stay cheap. */
/** The fields of a note the editor changes (`notes.update`); the rest is the main process's. */
export interface NotePatch {
  title?: string;
  body?: string;
  bookId?: string;
  tags?: string[];
  status?: NoteStatus;
  pinned?: boolean;
}

export interface NoteSummary {
  id: string;
  title: string;
  snippet: string;
  bookId: string;
  tags: string[];
  status: NoteStatus;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
  numOfTasks: number;
  numOfCheckedTasks: number;
  /** Other revisions kept as conflicts (a restore where both sides changed the note); absent when none. */
  conflicts?: number;
}

/** The first rows of a list, and how many rows the whole list has (notes.firstPage; the summary cache's saved rows). */
export interface FirstRows {
  notes: NoteSummary[];
  total: number;
}

/** One page of every note's summary (notes.summaries): `next` asks for the following page of the same list, null after the last. */
export interface SummaryPage {
  notes: NoteSummary[];
  next: string | null;
}

export interface BookSummary {
  id: string;
  name: string;
  parentBookId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface TagSummary {
  id: string;
  name: string;
  color: TagColor;
  createdAt: number;
  updatedAt: number;
}

export type NoteSort = 'updatedAt' | 'createdAt' | 'title';

export interface Stats {
  notes: number;
  books: number;
  tags: number;
  files: number;
  trashed: number;
  deleted: number;
}

export interface SkippedItem {
  path: string;
  reason: string;
}

export interface ImportResult {
  notes: number;
  books: number;
  tags: number;
  files: number;
  skipped: SkippedItem[];
}

/** A change seen on the database's changes feed, forwarded to the renderer. */
export interface DbChange {
  seq: number | string;
  ids: string[];
}

export interface AppNotification {
  id: string;
  title: string;
  body?: string;
  kind?: 'info' | 'success' | 'error';
  /** Work still going on (with a spinner): stays until a notification with the same id replaces it. */
  working?: boolean;
  /** A button on the notification that opens this path in the OS file manager. */
  openPath?: { label: string; path: string };
  /** A button that opens this note in the window (the notification stays until it is used or closed). */
  openNote?: { label: string; id: string };
}

/** Progress of long work (import, backup, export, restore), shown in the status bar. */
export interface Progress {
  task: string;
  label: string;
  done: number;
  total: number;
  finished: boolean;
}

export interface PathPromptRequest {
  requestId: string;
  title: string;
  defaultPath?: string;
  /** The prompt offers to create a folder that does not exist yet. */
  create?: boolean;
}
