// The backup in the app: the BackupController (main/backup/backup-controller.ts)
// built from AppCore's parts, and its request handlers, thin adapters from
// the contract.
import type { EventSink, Handlers } from '../ipc/dispatch';
import type { backupRequests } from '../../shared/contract/backup-requests';
import type { Database } from '../db/open-database';
import type { Platform } from '../platform/platform';
import { BackupController } from '../backup/backup-controller';
import { APP_VERSION } from './version';

export type BackupHandlers = Pick<Handlers, keyof typeof backupRequests>;

/** Starts the backup into the saved location, if there is one; its state goes to every window. */
export function createBackupController(deps: { db: Database; userDataDir: string; platform: Platform; events: EventSink }): BackupController {
  return new BackupController({
    db: deps.db,
    userDataDir: deps.userDataDir,
    appVersion: APP_VERSION,
    notify: (notification) => deps.platform.notify(notification),
    onStatus: (status) => deps.events.emit('backup.statusChanged', status),
    // SEAM: the folder watcher (main/backup/folder-watcher.ts: edits and deletions made in the
    // folder itself) plugs in here as `startWatcher`; the controller starts and stops it with
    // each runner. Not given yet: that watcher is still being written.
  });
}

export function createBackupHandlers(backup: BackupController): BackupHandlers {
  return {
    'backup.status': () => backup.status(),
    'backup.setLocation': ({ location }) => backup.setLocation(location),
  };
}
