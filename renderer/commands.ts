// What each menu command does, wherever it came from: the native menu
// (Electron sends 'menu.command'), the in-window menu bar, or a shortcut.
// Each feature registers the commands it owns (registerCommand) when its
// module loads, so no one file has to know them all.
import type { MenuCommand } from '../shared/menu';
import { client } from './client/index';
import { confirmLeaving } from './components/editor/kept-text-offer';
import { useDialogs } from './state/dialogs';
import { notifyError } from './state/notifications';
import type { PageRole } from './menu/web-menu';

type Handler = () => void | Promise<void>;
const handlers = new Map<MenuCommand, Handler>();

export function registerCommand(command: MenuCommand, handler: Handler): void {
  handlers.set(command, handler);
}

export async function runCommand(command: MenuCommand): Promise<void> {
  const handler = handlers.get(command);
  if (!handler) {
    console.debug(`Quire: menu command ${command} has no handler in this window`);
    return;
  }
  try {
    await handler();
  } catch (error) {
    notifyError('That did not work', error);
  }
}

let importing = false;

registerCommand('file.import.markdownFolder', async () => {
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
});
let exporting = false;

registerCommand('file.export.allNotes', async () => {
  if (exporting) return;
  exporting = true;
  try {
    // A folder that does not exist yet is offered to be made, as for the backup folder (a new user was only told it was not there).
    const folder = await client.invoke('platform.pickFolder', { title: 'Export all notes as Markdown into a folder', create: true });
    if (!folder) return;
    // Progress and the outcome come from the main process (status bar, notification with Open Folder).
    await client.invoke('export.allNotes', { to: folder });
  } catch (error) {
    notifyError('The export did not finish', error);
  } finally {
    exporting = false;
  }
});
registerCommand('app.preferences', () => useDialogs.getState().show('preferences'));
registerCommand('help.about', () => useDialogs.getState().show('about'));

/** Native roles a web page can perform itself (the in-window menu only shows these). */
export function runPageRole(role: PageRole): void {
  if (role === 'reload') {
    void confirmLeaving().then((go) => go && window.location.reload());
  }
  else if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen().catch(() => undefined);
}
