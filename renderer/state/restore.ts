// Restore from a backup folder, as this window walks the user through it:
// pick a folder, read it, show what it holds, restore, show what happened.
// The work runs in the main process (restore.* requests); its state
// ('restore.statusChanged', and 'restore.status' at load) is kept here too,
// so every window shows a restore in progress. The dialogs live outside
// Preferences: closing Preferences while a restore runs loses nothing.
import { create } from 'zustand';
import { client } from '../client/index';
import type {
  RestorePlanInfo, RestoreResultInfo, RestoreState,
} from '../../shared/contract/restore-requests';
import { notifyError } from './notifications';

export type RestoreDialog =
  | { kind: 'plan'; plan: RestorePlanInfo }
  | { kind: 'done'; result: RestoreResultInfo }
  /** The folder is not a backup (or cannot be read): nothing happened. */
  | { kind: 'not-a-backup'; folder: string; message: string };

interface RestoreStore {
  /** What the main process is doing (any window's restore). */
  main: RestoreState;
  /** This window is picking a folder, reading it or restoring it. */
  busy: boolean;
  dialog: RestoreDialog | null;
  setMain(state: RestoreState): void;
  closeDialog(): void;
}

export const useRestore = create<RestoreStore>()((set) => ({
  main: { state: 'idle' },
  busy: false,
  dialog: null,
  setMain: (main) => set({ main }),
  closeDialog: () => set({ dialog: null }),
}));

const set = useRestore.setState;

/** Restore…: the folder picker, then the folder is read and its plan shown (or why it cannot be used). */
export async function chooseBackupToRestore(): Promise<void> {
  if (useRestore.getState().busy) return;
  set({ busy: true, dialog: null });
  try {
    const folder = await client.invoke('platform.pickFolder', { title: 'Choose the backup folder to restore from' });
    if (!folder) return;
    const scan = await client.invoke('restore.scan', { folder });
    if (scan.kind === 'plan') set({ dialog: { kind: 'plan', plan: scan.plan } });
    else if (scan.kind === 'not-a-backup') set({ dialog: { kind: 'not-a-backup', folder, message: scan.message } });
  } catch (error) {
    notifyError('Could not read the backup folder', error);
  } finally {
    set({ busy: false });
  }
}

/** Restore in the plan dialog: the dialog closes, the progress shows in Preferences › Backup and the status bar. */
export async function runRestore(plan: RestorePlanInfo): Promise<void> {
  if (useRestore.getState().busy) return;
  set({ busy: true, dialog: null });
  try {
    const result = await client.invoke('restore.run', { folder: plan.folder });
    set({ dialog: { kind: 'done', result } });
  } catch (error) {
    notifyError('The restore did not finish', error);
  } finally {
    set({ busy: false });
  }
}

export function cancelRestore(): void {
  client.invoke('restore.cancel', {}).catch((error: unknown) => notifyError('Could not cancel the restore', error));
}

export async function loadRestoreState(): Promise<void> {
  useRestore.getState().setMain(await client.invoke('restore.status', {}));
}
