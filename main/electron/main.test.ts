// Runs the real Electron entry (main.ts, bundled as the build does) against
// a stand-in for the electron module, since no Electron binary runs here.
// It checks the order that matters before `ready` (profile folder, then the
// single-instance lock), that a second instance quits, and that after ready
// the app serves its page, answers IPC from it, installs the menu, opens the
// window with the hardened options and closes the database on quit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { REQUEST_NAMES, requestChannel } from '../../shared/contract/index';
import { openDatabase } from '../db/open-database';
import { contentSecurityPolicy } from './security';

const root = path.resolve(import.meta.dirname, '../..');
const FAKE = '__quireFakeElectron';

async function bundleMain(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'main.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['main/electron/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [{
      name: 'fake-electron',
      setup(b) {
        b.onResolve({ filter: /^electron$/ }, () => ({ path: 'electron', namespace: 'fake' }));
        b.onLoad({ filter: /.*/, namespace: 'fake' }, () => ({
          contents: `const e = globalThis.${FAKE}; export const { app, BrowserWindow, Menu, Notification, dialog, ipcMain, protocol, safeStorage, session, shell } = e;`,
        }));
      },
    }],
  });
  fs.mkdirSync(path.join(outDir, 'renderer'));
  fs.writeFileSync(path.join(outDir, 'renderer', 'index.html'), '<!doctype html><title>Quire</title>');
  return outfile;
}

function fakeElectron(options: { lock: boolean }) {
  const log: string[] = [];
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const ipc = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
  const windows: Array<{ options: { webPreferences?: Record<string, unknown> }; url?: string }> = [];
  let protocolHandler: ((request: Request) => Promise<Response>) | undefined;
  let menuTemplate: Array<{ id?: string }> = [];
  let userData = '';
  let quitCount = 0;
  const noop = () => undefined;
  class BrowserWindow {
    static getAllWindows = () => windows;
    static getFocusedWindow = () => null;
    webContents = { once: noop, on: noop, send: noop, isDestroyed: () => false };
    constructor(public options: { webPreferences?: Record<string, unknown> }) {
      log.push('new BrowserWindow');
      windows.push(this as never);
    }
    once = noop;
    isDestroyed = () => false;
    loadURL(url: string) {
      log.push(`loadURL ${url}`);
      (this as { url?: string }).url = url;
      return Promise.resolve();
    }
  }
  const electron = {
    app: {
      setPath: (name: string, value: string) => {
        log.push(`setPath ${name}`);
        if (name === 'userData') userData = value;
      },
      getPath: (name: string) => (name === 'userData' ? userData : os.tmpdir()),
      enableSandbox: () => log.push('enableSandbox'),
      requestSingleInstanceLock: () => {
        log.push('requestSingleInstanceLock');
        return options.lock;
      },
      on: (name: string, listener: (...args: unknown[]) => void) => appListeners.set(name, listener),
      whenReady: () => {
        log.push('whenReady');
        return Promise.resolve();
      },
      quit: () => {
        quitCount += 1;
        log.push('quit');
        const listener = appListeners.get('before-quit');
        if (listener) listener({ preventDefault: () => log.push('quit deferred') });
      },
      exit: (code: number) => log.push(`exit ${code}`),
    },
    BrowserWindow,
    Menu: {
      buildFromTemplate: (template: Array<{ id?: string }>) => {
        menuTemplate = template;
        return { template };
      },
      setApplicationMenu: () => log.push('setApplicationMenu'),
    },
    Notification: { isSupported: () => false },
    dialog: { showErrorBox: (title: string, message: string) => log.push(`error ${title}: ${message}`) },
    ipcMain: { handle: (channel: string, fn: (event: unknown, args: unknown) => Promise<unknown>) => ipc.set(channel, fn) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>) =>
        log.push(`registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        log.push(`protocol.handle ${scheme}`);
        protocolHandler = handler;
      },
    },
    session: { defaultSession: { setPermissionRequestHandler: () => log.push('permissions'), setPermissionCheckHandler: noop } },
    shell: { openExternal: noop, openPath: async () => '' },
    // No keychain here: the sync password is then not kept (electron-platform.ts).
    safeStorage: {
      isEncryptionAvailable: () => false,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => {
        throw new Error('no keychain in this test');
      },
      decryptString: () => {
        throw new Error('no keychain in this test');
      },
    },
  };
  return {
    electron, log, appListeners, ipc, windows,
    protocolHandler: () => protocolHandler!,
    menuTemplate: () => menuTemplate,
    quitCount: () => quitCount,
  };
}

async function runMain(fake: ReturnType<typeof fakeElectron>, userDataDir: string, tag: string, args: string[] = []) {
  // Two levels below the repository, like app/dist, so the bundle finds resources/ as the real one does.
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const outDir = fs.mkdtempSync(path.join(root, '.tmp', 'main-test-'));
  const entry = await bundleMain(outDir);
  (globalThis as Record<string, unknown>)[FAKE] = fake.electron;
  const argv = process.argv;
  process.argv = [...argv, ...args, `--user-data-dir=${userDataDir}`];
  try {
    await import(`${pathToFileURL(entry).href}?${tag}`);
  } finally {
    process.argv = argv;
  }
  return () => fs.rmSync(outDir, { recursive: true, force: true });
}

let lastLog: string[] = [];
/** Waits for `check` to hold; the bound is only how long a failure takes to show, so it is generous for a busy machine. */
async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(check(), `timed out waiting for ${what}: ${JSON.stringify(lastLog)}`);
}

test('a second instance of the same profile quits without touching the database', async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-main-'));
  const fake = fakeElectron({ lock: false });
  const cleanup = await runMain(fake, userDataDir, 'second');
  try {
    assert.deepEqual(fake.log.filter((l) => !l.startsWith('registerSchemes')), [
      'setPath userData', 'enableSandbox', 'requestSingleInstanceLock', 'quit',
    ]);
    assert.equal(fs.existsSync(path.join(userDataDir, 'db')), false);
  } finally {
    cleanup();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('the first instance sets the profile, then serves, answers IPC, shows the menu and window, and closes the db on quit', async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-main-'));
  const fake = fakeElectron({ lock: true });
  const cleanup = await runMain(fake, userDataDir, 'first');
  lastLog = fake.log;
  try {
    await until(() => fake.log.some((l) => l.startsWith('loadURL')), 'the window to load');
    const at = (prefix: string) => fake.log.findIndex((l) => l.startsWith(prefix));
    assert.ok(at('setPath userData') < at('requestSingleInstanceLock'), 'the lock is per profile: set the profile first');
    assert.ok(at('registerSchemesAsPrivileged') < at('whenReady'));
    assert.ok(at('enableSandbox') < at('whenReady'));
    assert.ok(at('whenReady') < at('protocol.handle') && at('protocol.handle') < at('new BrowserWindow'));
    assert.ok(at('permissions') > at('whenReady'));
    assert.match(fake.log[at('registerSchemesAsPrivileged')]!, /"scheme":"app".*"standard":true.*"secure":true/);
    assert.deepEqual(fake.log.filter((l) => l.startsWith('error')), []);

    const window = fake.windows[0]!;
    assert.equal(window.url, 'app://quire/index.html');
    assert.equal(window.options.webPreferences?.sandbox, true);
    assert.equal(window.options.webPreferences?.contextIsolation, true);
    assert.ok(String(window.options.webPreferences?.preload).endsWith(`${path.sep}preload.cjs`));

    const page = await fake.protocolHandler()(new Request('app://quire/index.html'));
    assert.equal(page.headers.get('content-security-policy'), contentSecurityPolicy());

    assert.deepEqual([...fake.ipc.keys()].sort(), REQUEST_NAMES.map(requestChannel).sort());
    const info = await fake.ipc.get(requestChannel('app.info'))!({ senderFrame: { url: 'app://quire/index.html' } }, {});
    assert.deepEqual((info as { value: { userDataDir: string; host: string } }).value.userDataDir, userDataDir);
    const refused = await fake.ipc.get(requestChannel('app.info'))!({ senderFrame: null }, {});
    assert.equal((refused as { ok: boolean }).ok, false);

    assert.ok(fake.menuTemplate().some((item) => item.id === 'file'));

    fake.appListeners.get('window-all-closed')!();
    await until(() => fake.quitCount() >= 2, 'the database to close and the app to quit');
    // The LevelDB lock is released: the same database opens again.
    const db = openDatabase(path.join(userDataDir, 'db', 'notes'));
    await db.info();
    await db.close();
  } finally {
    cleanup();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});

test('Quire --salvage … runs `quire salvage` with no window, lock or profile, and exits with its code', async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-main-'));
  const src = path.join(userDataDir, 'db', 'notes');
  const db = openDatabase(src);
  await db.put({ _id: 'note:salvaged', title: 'Salvaged', body: 'from the installed app' });
  await db.close();
  const dest = path.join(userDataDir, 'salvaged');
  const fake = fakeElectron({ lock: true });
  const cleanup = await runMain(fake, userDataDir, 'salvage', ['--salvage', '--src', src, '--dest', dest]);
  lastLog = fake.log;
  try {
    await until(() => fake.log.some((l) => l.startsWith('exit')), 'the salvage to exit');
    assert.deepEqual(fake.log, ['exit 0']);
    assert.equal(fake.windows.length, 0);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dest, 'data', 'note', 'salvaged.json'), 'utf8')).title, 'Salvaged');
  } finally {
    cleanup();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});
