// Drives the real Electron app: the window opens on app://quire/, the
// security baseline holds in the running app (webPreferences, CSP header,
// no Node in the page, navigation and window.open blocked, IPC only through
// the bridge), the native menu comes from the shared template, and a second
// instance of the same profile hands over to the first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { contentSecurityPolicy } from '../../main/security/csp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const appDir = path.join(root, 'app');
const executablePath = process.env.QUIRE_ELECTRON_BINARY;
// Set by scripts/e2e-electron.mjs where Electron's binary is missing: every
// test here is reported as skipped, with why, instead of silently not running.
const missing = process.env.QUIRE_ELECTRON_MISSING;
test.skip(Boolean(missing), `Electron e2e skipped: ${missing}`);
// Chromium's OS sandbox refuses to start as root (CI containers); the page sandbox (webPreferences) is unaffected.
const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

let userDataDir: string;
let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-electron-e2e-'));
  app = await electron.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [...rootArgs, appDir, `--user-data-dir=${userDataDir}`],
    cwd: root,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
});

test('the window opens on the app:// page and uses the chosen profile', async () => {
  expect(page.url()).toBe('app://quire/index.html');
  const userData = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
  expect(userData).toBe(userDataDir);
  const info = await page.evaluate(() => window.quireBridge!.invoke('app.info', {}));
  expect(info).toMatchObject({ ok: true, value: { host: 'electron', userDataDir } });
});

test('the window runs with context isolation, sandbox, no Node integration and web security', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    // Undocumented but long-standing: the preferences the renderer was actually created with.
    const contents = BrowserWindow.getAllWindows()[0]!.webContents as unknown as {
      getLastWebPreferences(): Record<string, unknown> | null;
    };
    const p = contents.getLastWebPreferences();
    return p && { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity };
  });
  expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  const globals = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    bridge: Object.keys(window.quireBridge ?? {}).sort(),
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: ['attachmentUrl', 'host', 'invoke', 'subscribe'] });
});

test('pages carry the strict CSP header, and inline scripts do not run', async () => {
  const csp = await page.evaluate(async () => (await fetch('app://quire/index.html')).headers.get('content-security-policy'));
  expect(csp).toBe(contentSecurityPolicy());
  const ranInline = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__quireInline = true';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (window as unknown as { __quireInline?: boolean }).__quireInline ?? false;
  });
  expect(ranInline).toBe(false);
});

test('navigation away and window.open are blocked', async () => {
  await page.evaluate(() => {
    window.location.href = 'file:///etc/hosts';
  });
  await page.waitForTimeout(300);
  expect(page.url()).toBe('app://quire/index.html');
  const opened = await page.evaluate(() => window.open('file:///etc/hosts') === null);
  expect(opened).toBe(true);
  expect(app.windows()).toHaveLength(1);
});

test('requests outside the contract are refused by the bridge', async () => {
  const message = await page.evaluate(() =>
    window.quireBridge!.invoke('nope' as never, {}).then(() => 'accepted', (error: Error) => error.message),
  );
  expect(message).toContain('Unknown request');
});

test('the native menu is built from the shared template', async () => {
  const menu = await app.evaluate(({ Menu }) => {
    const appMenu = Menu.getApplicationMenu();
    return {
      top: appMenu?.items.map((item) => item.label) ?? [],
      exportAll: appMenu?.getMenuItemById('file.export.allNotes')?.label ?? null,
      newNote: appMenu?.getMenuItemById('file.newNote')?.accelerator ?? null,
    };
  });
  expect(menu.top).toEqual(expect.arrayContaining(['File', 'Edit', 'Note', 'View', 'Help']));
  expect(menu.exportAll).toBe('All Notes…');
  expect(menu.newNote).toBe('CmdOrCtrl+N');
});

test('a second instance of the same profile exits and leaves the first running', async () => {
  const binary = executablePath ?? (await app.evaluate(() => process.execPath));
  const second = spawnSync(binary, [...rootArgs, appDir, `--user-data-dir=${userDataDir}`], { cwd: root, timeout: 30_000 });
  expect(second.status).toBe(0);
  expect(await page.evaluate(() => document.readyState)).toBe('complete');
});
