// Quire's Electron entry: app lifecycle only. Everything that is not
// Electron wiring lives in AppCore (shared with the browser host); the
// security rules live in security.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, session, shell, type BrowserWindow } from 'electron';
import { createAppCore, type AppCore } from '../app/app-core';
import { resolveUserDataDir } from '../app/paths';
import { readAttachment } from '../attachments/read-attachment';
import { headlessSalvageArgs } from '../salvage/headless';
import { showStartupError } from './dialogs';
import { createElectronPlatform } from './electron-platform';
import { createWindowEventSink, registerIpcHandlers } from './ipc';
import { installApplicationMenu } from './menu';
import { handleAppScheme, registerAppSchemePrivileges } from './protocol';
import { isAllowedExternalUrl } from './security';
import { guardSession, guardWebContents } from './web-contents-guards';
import { createMainWindow, focusWindow } from './windows';

const distDir = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(distDir, 'preload.cjs');
const rendererDir = path.join(distDir, 'renderer');

let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;
let shutdown: 'running' | 'closing' | 'closed' = 'running';

function openExternal(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) focusWindow(mainWindow);
  else mainWindow = createMainWindow(preloadPath);
}

async function openCore(): Promise<AppCore | null> {
  const events = createWindowEventSink();
  const userDataDir = app.getPath('userData');
  try {
    const opened = await createAppCore({ userDataDir, platform: createElectronPlatform(events), events });
    // PouchDB opens lazily; ask now so a locked or damaged database is reported at start, not on first click.
    await opened.db.info();
    return opened;
  } catch (error) {
    const message = (error as Error).message;
    // LevelDB names its lock file when another process holds the database.
    const hint = /\block\b/i.test(message)
      ? '\n\nAnother program (such as the quire command line) is using the database. Close it and start Quire again.'
      : '';
    showStartupError('Quire could not start', `Quire could not open its data in ${userDataDir}: ${message}${hint}`);
    return null;
  }
}

async function start(): Promise<void> {
  app.on('second-instance', () => {
    // A second start while this one is still opening the database: the window is on its way.
    if (core) showMainWindow();
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    // Close the database before exiting so LevelDB releases its lock cleanly.
    if (!core || shutdown === 'closed') return;
    event.preventDefault();
    if (shutdown === 'closing') return;
    shutdown = 'closing';
    void core.close().catch(() => undefined).finally(() => {
      shutdown = 'closed';
      app.quit();
    });
  });

  await app.whenReady();
  guardSession(session.defaultSession);
  core = await openCore();
  if (!core) {
    app.exit(1);
    return;
  }
  const { db, handlers } = core;
  registerIpcHandlers(handlers);
  handleAppScheme({ rendererDir: fs.realpathSync(rendererDir), readAttachment: (fileId) => readAttachment(db, fileId) });
  installApplicationMenu();
  showMainWindow();
  app.on('activate', showMainWindow);
}

/**
 * `Quire --salvage …` (docs/salvage.md): the quire CLI's salvage command,
 * with no window, no profile lock and no database of its own (it works while
 * Quire runs); the app exits with the command's exit code.
 */
function runHeadlessSalvage(args: string[]): void {
  app.dock?.hide();
  void import('../cli/quire')
    .then(({ main }) => main(args))
    .then(
      (code) => app.exit(code),
      (error: unknown) => {
        process.stderr.write(`quire salvage: ${(error as Error).message ?? error}\n`);
        app.exit(2);
      },
    );
}

const salvageArgs = headlessSalvageArgs(process.argv);
if (salvageArgs) {
  runHeadlessSalvage(salvageArgs);
} else {
  // Both before the app is ready. The user-data folder comes first: the
  // single-instance lock is per folder, so separate profiles (and tests) can
  // run side by side while a second start of the same profile focuses the first.
  app.setPath('userData', resolveUserDataDir(process.argv, process.env));
  app.enableSandbox();
  registerAppSchemePrivileges();

  if (app.requestSingleInstanceLock()) {
    start().catch((error: unknown) => {
      showStartupError('Quire could not start', (error as Error).stack ?? String(error));
      app.exit(1);
    });
  } else {
    app.quit();
  }
}
