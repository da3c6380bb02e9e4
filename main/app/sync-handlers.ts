// Sync in the app: the SyncController (main/sync/sync-controller.ts) built
// from AppCore's parts, and its request handlers, thin adapters from the
// contract.
import type { EventSink, Handlers } from '../ipc/dispatch';
import type { syncRequests } from '../../shared/contract/sync-requests';
import type { Database } from '../db/open-database';
import type { DocumentStore } from '../db/document-store';
import type { Platform } from '../platform/platform';
import { SyncController } from '../sync/sync-controller';
import { listDocConflicts, resolveDocConflict } from '../sync/doc-conflicts';
import { findUntouchedWelcome, removeWelcome } from '../notes/welcome';
import type { NoteIndex } from '../notes/note-index';

export type SyncHandlers = Pick<Handlers, keyof typeof syncRequests>;

export function createSyncController(deps: {
  db: Database; store: DocumentStore; notes: NoteIndex; userDataDir: string; platform: Platform; events: EventSink;
}): SyncController {
  return new SyncController({
    db: deps.db,
    userDataDir: deps.userDataDir,
    secrets: deps.platform.secrets ?? null,
    onStatus: (status) => deps.events.emit('sync.statusChanged', status),
    notify: (notification) => deps.platform.notify(notification),
    // As a restore does: the welcome content nobody touched goes, anything edited stays.
    beforeJoining: async () => {
      await deps.notes.load();
      await removeWelcome(deps.store, await findUntouchedWelcome(deps.store, deps.notes.all()));
    },
  });
}

export function createSyncHandlers(sync: SyncController, store: DocumentStore): SyncHandlers {
  return {
    'sync.status': () => sync.status(),
    'sync.keychain': () => sync.keychainAvailable,
    'sync.connect': (args) => sync.connect(args),
    'sync.disconnect': () => sync.disconnect(),
    'sync.conflicts': () => listDocConflicts(store.db),
    'sync.resolveConflict': ({ id, keepRev }) => resolveDocConflict(store, id, keepRev),
  };
}
