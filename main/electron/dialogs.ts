// Native dialogs of the Electron host.
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

/** The OS folder picker, attached to the focused window; null when cancelled. */
export async function pickFolderDialog(options: { title: string; defaultPath?: string; create?: boolean }): Promise<string | null> {
  const dialogOptions: OpenDialogOptions = {
    title: options.title,
    // Every platform's dialog has a New Folder button (createDirectory: macOS); promptToCreate
    // (Windows) offers to create a folder typed into the name field that does not exist yet.
    properties: ['openDirectory', 'createDirectory', ...(options.create ? (['promptToCreate'] as const) : [])],
    ...(options.defaultPath ? { defaultPath: options.defaultPath } : {}),
  };
  const parent = BrowserWindow.getFocusedWindow();
  const result = parent ? await dialog.showOpenDialog(parent, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** For failures before any window exists (the database cannot be opened). */
export function showStartupError(title: string, message: string): void {
  dialog.showErrorBox(title, message);
}
