// What each menu command does, wherever it came from: the native menu
// (Electron sends 'menu.command'), the in-window menu bar, or a shortcut.
import type { MenuCommand } from '../shared/menu';
import { client } from './client/index';
import { useDialogs } from './state/dialogs';
import { notifyError } from './state/notifications';
import type { PageRole } from './menu/web-menu';

let importing = false;

async function importMarkdownFolder() {
  if (importing) return;
  importing = true;
  try {
    const folder = await client.invoke('platform.pickFolder', { title: 'Import a folder of Markdown files' });
    if (!folder) return;
    // The main process reports progress and the outcome itself (status bar, notification).
    await client.invoke('import.markdownFolder', { from: folder });
  } catch (error) {
    notifyError('The import did not finish', error);
  } finally {
    importing = false;
  }
}

export async function runCommand(command: MenuCommand): Promise<void> {
  switch (command) {
    case 'file.import.markdownFolder':
      return importMarkdownFolder();
    case 'app.preferences':
      useDialogs.getState().show('preferences');
      return;
    case 'help.about':
      useDialogs.getState().show('about');
      return;
    default:
      // The notes editor (new, delete, next/previous, search), export and salvage bring their own handlers.
      console.debug(`Quire: menu command ${command} has no handler yet`);
  }
}

/** Native roles a web page can perform itself (the in-window menu only shows these). */
export function runPageRole(role: PageRole): void {
  if (role === 'reload') window.location.reload();
  else if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen().catch(() => undefined);
}
