// Installs the native application menu from the shared template. A command
// goes to the focused window as a 'menu.command' event; the renderer's
// command dispatcher does the rest, exactly as with the browser host's menu bar.
import { BrowserWindow, Menu } from 'electron';
import { eventChannel } from '../../shared/contract/index';
import { buildMenuTemplate, type MenuCommand } from '../../shared/menu';
import { toElectronMenuTemplate } from './menu-template';

function sendCommand(command: MenuCommand): void {
  const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  if (!window || window.isDestroyed()) return;
  window.webContents.send(eventChannel('menu.command'), { command });
}

export function installApplicationMenu(platform: NodeJS.Platform = process.platform): Menu {
  const menu = Menu.buildFromTemplate(toElectronMenuTemplate(buildMenuTemplate(platform), sendCommand));
  Menu.setApplicationMenu(menu);
  return menu;
}
