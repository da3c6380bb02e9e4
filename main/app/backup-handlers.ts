// The backup in the app: the BackupController (main/backup/backup-controller.ts)
// built from AppCore's parts, and its request handlers, thin adapters from
// the contract.
import type { EventSink, Handlers } from '../ipc/dispatch';
import type { backupRequests } from '../../shared/contract/backup-requests';
import type { Database } from '../db/open-database';
import type { Platform } from '../platform/platform';
import { BackupController } from '../backup/backup-controller';
import { watchBackupFolder } from '../backup/folder-watcher';
import { APP_VERSION } from './version';
import { TRASH_BOOK_ID } from '../../shared/schema';
import type { HandedOutFolders } from './handed-out-folders';
import type { BackupState } from '../../shared/contract/backup-requests';

export type BackupHandlers = Pick<Handlers, keyof typeof backupRequests>;

/** Starts the backup into the saved location, if there is one; its state goes to every window. */
/** The location in a state the renderer is sent is handed out: Preferences › Backup opens it. */
function handOutLocation(folders: HandedOutFolders, status: BackupState): BackupState {
  if (status.state !== 'off') folders.add(status.location);
  return status;
}

export function createBackupController(deps: {
  db: Database; userDataDir: string; platform: Platform; events: EventSink; folders: HandedOutFolders;
}): BackupController {
  return new BackupController({
    db: deps.db,
    userDataDir: deps.userDataDir,
    appVersion: APP_VERSION,
    notify: (notification) => deps.platform.notify(notification),
    onStatus: (status) => deps.events.emit('backup.statusChanged', handOutLocation(deps.folders, status)),
    // Edits and deletions made in the folder itself: rewritten from the database, and a file
    // moved back from _deleted/ into data/ brings its document back. Files it leaves alone are
    // logged, never fatal: the backup of the app's own changes goes on regardless.
    startWatcher: (options) =>
      watchBackupFolder({
        ...options,
        onRestored: (id) => void announceRestored(deps.db, deps.platform, id),
        onError: (problem) => console.warn(`backup folder: ${problem.path ?? options.folder}: ${problem.reason}`),
      }),
  });
}

/**
 * A note brought back because its file was moved from _deleted/ into data/:
 * said, with the note's name and a button that opens it, so it does not
 * reappear (in the Trash, usually) unnoticed.
 */
async function announceRestored(db: Database, platform: Platform, id: string): Promise<void> {
  if (!id.startsWith('note:')) return;
  const note = (await db.get(id).catch(() => null)) as { title?: unknown; bookId?: unknown } | null;
  if (!note) return;
  const title = typeof note.title === 'string' && note.title.trim() ? note.title.trim() : 'Untitled';
  const where = note.bookId === TRASH_BOOK_ID ? ', in the Trash' : '';
  platform.notify({
    id: `backup-restored-${id}`,
    kind: 'info',
    title: 'A note came back from the backup folder',
    body: `“${title}” is back${where}: its file was moved from _deleted/ into data/ in the backup folder.`,
    openNote: { label: 'Open Note', id },
  });
}

export function createBackupHandlers(backup: BackupController, folders: HandedOutFolders): BackupHandlers {
  return {
    'backup.status': async () => handOutLocation(folders, await backup.status()),
    'backup.setLocation': async ({ location, whenNotEmpty }) => {
      const result = await backup.setLocation(location, whenNotEmpty);
      if (result.ok) handOutLocation(folders, result.status);
      return result;
    },
  };
}
