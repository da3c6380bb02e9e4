// Routes the main process's events into the stores and the command dispatcher.
import { client, connection } from './client/index';
import { runCommand } from './commands';
import { loadEverything, onDbChanged } from './data';
import { useBackup } from './state/backup';
import { useSync } from './state/sync';
import { useConnection } from './state/connection';
import { useNotes } from './state/notes';
import { notifyError, useNotifications } from './state/notifications';
import { usePathPrompt } from './state/path-prompt';
import { useProgress } from './state/progress';
import { useRestore } from './state/restore';
import { useSnapshots } from './state/snapshots';

/** Subscribes once for the window's lifetime; returns the unsubscribe for tidy hot reloads. */
export function connectEvents(): () => void {
  useConnection.getState().setState(connection.state);
  const offs = [
    client.on('db.changed', onDbChanged),
    client.on('notes.changed', ({ upserted, removed }) => useNotes.getState().queuePatch(upserted, removed)),
    client.on('app.notification', (n) => useNotifications.getState().push(n)),
    client.on('app.progress', (p) => useProgress.getState().update(p)),
    client.on('platform.pathPrompt', (r) => usePathPrompt.getState().add(r)),
    client.on('backup.statusChanged', (s) => useBackup.getState().setStatus(s)),
    client.on('sync.statusChanged', (s) => useSync.getState().setStatus(s)),
    client.on('restore.statusChanged', (s) => useRestore.getState().setMain(s)),
    client.on('snapshots.changed', (o) => useSnapshots.getState().setOverview(o)),
    client.on('menu.command', ({ command }) => void runCommand(command)),
    connection.onStateChange((state) => useConnection.getState().setState(state)),
    // Events sent while the socket was down are lost: reload what the window shows.
    connection.onReconnect(() => {
      // The host dropped this page's folder prompt when the connection went: an answer would go nowhere.
      const dropped = usePathPrompt.getState().clear();
      if (dropped) notifyError(`“${dropped}” was closed`, 'The connection to Quire was lost while it was open. Choose the folder again.');
      loadEverything().catch((error: unknown) => notifyError('Could not reload after reconnecting', error));
    }),
  ];
  return () => offs.forEach((off) => off());
}
