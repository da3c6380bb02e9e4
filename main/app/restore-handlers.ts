// Restore in the app (Preferences › Backup › Restore…) and the choice between
// a note's conflicting revisions: thin adapters from the contract to the
// restore engine (main/restore) and main/notes/note-conflicts.ts.
//
// One scan or restore at a time. Restored documents go into the app's own
// database, so the app's changes feed updates the note list and search, and
// the running backup copies them into its folder, like any other write.
import type { EventSink, Handlers } from '../ipc/dispatch';
import type { RestoreState, restoreRequests } from '../../shared/contract/restore-requests';
import type { Database } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { NotABackupError, noCounts, restoreBackup, scanBackupFolder } from '../restore/index';
import { readConflicts, resolveConflict } from '../notes/note-conflicts';
import { UserError } from '../notes/notes-service';
import { findUntouchedWelcome, removeWelcome } from '../notes/welcome';
import type { NoteIndex } from '../notes/note-index';

export type RestoreHandlers = Pick<Handlers, keyof typeof restoreRequests>;

export interface RestoreService {
  handlers: RestoreHandlers;
  /** Stops a scan or restore in progress and waits for it (before the database closes). */
  close(): Promise<void>;
}

/** Progress goes to the windows at most this often. */
const PROGRESS_EVERY_MS = 120;
const PROGRESS_TASK = 'restore';
const PROGRESS_LABEL = 'Restoring from backup';

export function createRestoreService(deps: {
  db: Database; events: EventSink; notes: NoteIndex;
  /** Takes the snapshot before a restore (snapshots.beforeRestore); never throws. */
  beforeRestore?: () => Promise<unknown>;
}): RestoreService {
  const { db, events, notes } = deps;
  const store = new DocumentStore(db);
  let state: RestoreState = { state: 'idle' };
  let running: { controller: AbortController; done: Promise<unknown> } | null = null;
  /** The last plan's file count, by folder: the restore's progress total without listing the folder again. */
  let lastPlan: { folder: string; files: number } | null = null;
  let lastSent = 0;
  let timer: NodeJS.Timeout | null = null;

  const send = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastSent = Date.now();
    events.emit('restore.statusChanged', state);
    if (state.state === 'restoring') {
      events.emit('app.progress', { task: PROGRESS_TASK, label: PROGRESS_LABEL, done: state.done, total: state.total, finished: false });
    }
  };
  /** A new state: at once when it is a new step, throttled while it is progress within one. */
  const setState = (next: RestoreState, progressOnly = false) => {
    state = next;
    if (!progressOnly) return send();
    const wait = PROGRESS_EVERY_MS - (Date.now() - lastSent);
    if (wait <= 0) send();
    else timer ??= setTimeout(send, wait);
  };

  /** Runs `work` as the one restore operation, refusing a second one. */
  const exclusive = async <T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    if (running) throw new UserError('A restore is already running. Wait for it to finish, or cancel it.');
    const controller = new AbortController();
    const done = work(controller.signal);
    running = { controller, done: done.catch(() => undefined) };
    try {
      return await done;
    } finally {
      running = null;
      setState({ state: 'idle' });
    }
  };

  const handlers: RestoreHandlers = {
    'restore.status': () => state,
    'restore.scan': ({ folder }) =>
      exclusive(async (signal) => {
        setState({ state: 'scanning', folder, files: 0 });
        try {
          const plan = await scanBackupFolder(folder, {
            signal,
            onProgress: (files) => setState({ state: 'scanning', folder, files }, true),
          });
          lastPlan = { folder: plan.folder, files: plan.files };
          return { kind: 'plan' as const, plan };
        } catch (error) {
          if (error instanceof NotABackupError) return { kind: 'not-a-backup' as const, message: error.message };
          if (signal.aborted) return { kind: 'cancelled' as const };
          throw error;
        }
      }),
    'restore.run': ({ folder }) =>
      exclusive(async (signal) => {
        const start = { done: 0, total: lastPlan?.folder === folder ? lastPlan.files : 0, ...noCounts(), skippedCount: 0 };
        setState({ state: 'restoring', folder, ...start });
        try {
          // A fresh install's own welcome notebook and note, untouched: they make way for the
          // backup's notes (its own welcome note among them), so the restore ends with what the
          // backup holds and no second "My Notebook". Anything edited since stays.
          await notes.load();
          await deps.beforeRestore?.();
          const welcome = await findUntouchedWelcome(store, notes.all());
          let broughtNotes = false;
          const result = await restoreBackup(db, folder, {
            signal,
            ...(start.total > 0 ? { total: start.total } : {}),
            onProgress: (p) => setState({ state: 'restoring', folder, ...p }, true),
            // Notes new here: a conflict or a newer revision of a note this database has (its own backup) brings none.
            onWritten: (id, fresh) => {
              if (fresh && id.startsWith('note:')) broughtNotes = true;
            },
          });
          if (broughtNotes) await removeWelcome(store, welcome);
          const { restored, upToDate, stillDeleted, conflicts, skipped, skippedCount, deleted, cancelled, layouts } = result;
          return { folder: result.folder, layouts, restored, upToDate, stillDeleted, conflicts, skipped, skippedCount, deleted, cancelled };
        } catch (error) {
          // Not a backup any more (moved or emptied since the scan): the same plain sentence.
          if (error instanceof NotABackupError) throw new UserError(error.message);
          // Cancelled before the first batch (while the folder was still being listed): nothing was written.
          if (signal.aborted) {
            return { folder, layouts: [], ...noCounts(), skipped: [], skippedCount: 0, deleted: 0, cancelled: true };
          }
          throw error;
        } finally {
          events.emit('app.progress', { task: PROGRESS_TASK, label: PROGRESS_LABEL, done: 1, total: 1, finished: true });
        }
      }),
    'restore.cancel': () => {
      running?.controller.abort(new Error('The restore was cancelled.'));
    },
    'notes.conflicts': ({ id }) => readConflicts(db, id),
    'notes.resolveConflict': ({ id, keepRev }) => resolveConflict(store, id, keepRev),
  };

  return {
    handlers,
    async close() {
      const current = running;
      current?.controller.abort(new Error('Quire is closing.'));
      await current?.done;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
