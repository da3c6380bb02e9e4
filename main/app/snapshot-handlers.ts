// Snapshots and note history in the app (issue 14): the SnapshotService
// (main/snapshots/service.ts) built from AppCore's parts, and the request
// handlers, thin adapters from the contract (shared/contract/snapshot-requests.ts).
import type { EventSink, Handlers } from '../ipc/dispatch';
import type { snapshotRequests } from '../../shared/contract/snapshot-requests';
import type { Database } from '../db/open-database';
import type { BackupController } from '../backup/backup-controller';
import { SnapshotService } from '../snapshots/service';
import { noteHistory, readVersion, restoreVersion } from '../snapshots/history';

export type SnapshotHandlers = Pick<Handlers, keyof typeof snapshotRequests>;

export function createSnapshotService(deps: { db: Database; backup: BackupController; events: EventSink }): SnapshotService {
  return new SnapshotService({
    db: deps.db,
    backup: deps.backup,
    onChanged: (overview) => deps.events.emit('snapshots.changed', overview),
  });
}

export function createSnapshotHandlers(db: Database, snapshots: SnapshotService): SnapshotHandlers {
  return {
    'snapshots.overview': () => snapshots.overview(),
    'snapshots.setSettings': (settings) => snapshots.setSettings(settings),
    'snapshots.list': () => snapshots.list(),
    'snapshots.takeNow': () => snapshots.takeNow(),
    'snapshots.planRestore': ({ snapshot }) => snapshots.planRestore(snapshot),
    'snapshots.restore': ({ snapshot, createdSince }) => snapshots.restore(snapshot, createdSince),
    'history.list': ({ noteId }) => noteHistory(db, snapshots.location, noteId),
    'history.read': ({ noteId, key }) => readVersion(db, snapshots.location, noteId, key),
    'history.restoreVersion': ({ noteId, key }) => restoreVersion(db, snapshots.location, noteId, key),
  };
}
