// Open Folder / Show in Folder. The Electron app hands the folder to the
// OS's file manager. The browser host asks the OS too (it runs on this
// computer), but a page cannot tell whether a window opened, and often none
// does (a headless or remote session): so the page also shows the folder's
// path, with a Copy button, in a small dialog.
import { useState } from 'react';
import { create } from 'zustand';
import { client } from '../client/index';
import { notifyError } from '../state/notifications';
import { Dialog } from './Dialog';

const useFolderPath = create<{ path: string | null }>()(() => ({ path: null }));

/** Opens a folder Quire showed (the data folder, the backup folder, an export's). */
export function openFolder(path: string, failTitle = 'Could not open the folder'): void {
  if (client.host === 'web') useFolderPath.setState({ path });
  client.invoke('platform.openPath', { path }).catch((error: unknown) => {
    useFolderPath.setState({ path: null });
    notifyError(failTitle, error);
  });
}

export function FolderPathDialog() {
  const path = useFolderPath((s) => s.path);
  const [copied, setCopied] = useState<string | null>(null);
  if (!path) return null;
  const close = () => {
    setCopied(null);
    useFolderPath.setState({ path: null });
  };
  const copy = () => {
    navigator.clipboard.writeText(path).then(
      () => setCopied(path),
      () => {
        // No clipboard access: the path is selected, for Ctrl+C.
        const field = document.querySelector<HTMLInputElement>('[data-testid="folder-path-text"]');
        field?.select();
      },
    );
  };
  return (
    <Dialog key={path} title="Folder" onClose={close} testId="folder-path">
      <p className="dialog-message">
        Quire asked your system to open this folder. If no window opened (Quire runs in a browser here), copy its path
        and open it in your file manager:
      </p>
      <input className="text-input mono" readOnly value={path} aria-label="Folder path" data-testid="folder-path-text"
        onFocus={(event) => event.currentTarget.select()} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={copy} data-testid="folder-path-copy">
          {copied === path ? 'Copied' : 'Copy Path'}
        </button>
        <button type="button" className="button primary" data-autofocus onClick={close}>Done</button>
      </div>
    </Dialog>
  );
}
