// The main window: created from window-options.ts, hardened by the
// web-contents guards installed app-wide in main.ts, loaded from app://.
import { BrowserWindow } from 'electron';
import { APP_START_URL } from '../../shared/contract/bridge';
import { guardUnload } from './unload-guard';
import { mainWindowOptions } from './window-options';

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions({ preloadPath }));
  window.once('ready-to-show', () => window.show());
  guardUnload(window);
  // If the page cannot load, show the window anyway rather than leave an invisible app running.
  window.webContents.once('did-fail-load', () => {
    if (!window.isDestroyed()) window.show();
  });
  void window.loadURL(APP_START_URL);
  return window;
}

export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
