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
        onError: (problem) => console.warn(`backup folder: ${problem.path ?? options.folder}: ${problem.reason}`),
      }),
  });
}

export function createBackupHandlers(backup: BackupController, folders: HandedOutFolders): BackupHandlers {
  return {
    'backup.status': async () => handOutLocation(folders, await backup.status()),
    'backup.setLocation': async ({ location }) => {
      const result = await backup.setLocation(location);
      if (result.ok) handOutLocation(folders, result.status);
      return result;
    },
  };
}
