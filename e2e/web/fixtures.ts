// The browser hosts the tests run against. The `webHost` fixture gets a host
// from this worker's host pool (host-pool.mjs: one Node process that starts
// each host with the built bundle's startWebHost() on a free port and its
// own temporary user-data folder, and closes it after the test, which must
// succeed). A test that starts a host itself with startWebHost() gets the
// real `node app/dist/web-host.mjs` as a process of its own, reads the URL
// it prints (before its database is open: requests wait for it), and stops
// it with SIGTERM, waiting for it to exit so the database is closed cleanly
// (a stop during the start waits for the start, then closes). Either way each host gets the test gates
// (host-gates.mjs, inert until a test closes one) and, instead of the OS's
// opener, one that only writes down what it was asked to open.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { addOpener, gatesIn, hostFolder, readLines, within, type WebHost } from './host-harness';
import { startPooledHost } from './pooled-host';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hostScript = path.join(root, 'app', 'dist', 'web-host.mjs');
const sampleNotes = path.join(root, 'e2e', 'web', 'sample-notes');
const gatesScript = path.join(root, 'e2e', 'web', 'host-gates.mjs');

export type { GateName, HostGates, WebHost } from './host-harness';

const HOST_LINE = /^Quire \(browser host\) at (http:\/\/127\.0\.0\.1:\d+\/\?token=([\w-]+))$/m;

/** The real `node app/dist/web-host.mjs`, as a process of its own (see the top of this file). */
export async function startWebHost(userDataDir: string): Promise<WebHost> {
  if (!fs.existsSync(hostScript)) throw new Error(`${hostScript} is missing: run \`npm run build\` first.`);
  // What the host writes makes the folder's contents unknown to seedWithCli.
  seededState.delete(userDataDir);
  const { dir: harness, gatesDir, openedLog } = hostFolder();
  const binDir = addOpener(harness);
  const child: ChildProcess = spawn(process.execPath, ['--import', pathToFileURL(gatesScript).href, hostScript, '--user-data-dir', userDataDir, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QUIRE_E2E_GATES: gatesDir, QUIRE_E2E_OPENED_LOG: openedLog, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the browser host printed no URL within 20 s:\n${output}`)), 20_000);
    const check = () => {
      const found = HOST_LINE.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the browser host exited (${code}) before printing its URL:\n${output}`));
    });
  });
  const url = match[1]!;
  let stopped: Promise<number | null> | null = null;
  return {
    url,
    origin: new URL(url).origin,
    token: match[2]!,
    userDataDir,
    output: () => output,
    opened: () => readLines(openedLog),
    gates: gatesIn(gatesDir),
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const result = await within(15_000, exited);
        if (result === 'timeout') {
          child.kill('SIGKILL');
          throw new Error(`the browser host did not stop within 15 s of SIGTERM:\n${output}`);
        }
        fs.rmSync(harness, { recursive: true, force: true });
        return result;
      })();
      return stopped;
    },
  };
}

/** A copy of the sample notes under a folder named "Notes" (it becomes the top notebook), with varied file times. */
export function copySampleNotes(into: string): string {
  const target = path.join(into, 'Notes');
  fs.cpSync(sampleNotes, target, { recursive: true });
  const files = fs.readdirSync(target, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .sort();
  const now = Date.now() / 1000;
  const ages = [40 * 60, 3 * 3600, 26 * 3600, 2 * 86400, 4 * 86400, 9 * 86400, 16 * 86400, 40 * 86400, 95 * 86400];
  files.forEach((file, i) => {
    const when = now - (ages[i % ages.length] ?? 0);
    fs.utimesSync(path.join(target, file), when, when);
  });
  return target;
}

/**
 * Imports a folder with the `quire` CLI into the app's database, before the
 * host opens it. The CLI's start-up and import cost most of a second, paid
 * by most tests for the same few notes, so each worker keeps what an import
 * gave (the user-data folder after it) and copies that for the next test
 * that seeds the same files onto the same starting point. The key is the
 * starting point (empty, or what earlier seeds of this worker made) and the
 * folder's names and bytes; a folder a host has run on is an unknown
 * starting point and gets the real CLI.
 */
export function seedWithCli(userDataDir: string, folder: string): void {
  const before = fs.existsSync(userDataDir) ? seededState.get(userDataDir) : 'empty';
  const key = before === undefined ? null : createHash('sha256').update(before).update(folderDigest(folder)).digest('hex');
  const template = key ? seedTemplates.get(key) : undefined;
  if (key && template) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    fs.cpSync(template, userDataDir, { recursive: true });
    seededState.set(userDataDir, key);
    return;
  }
  const result = spawnSync(process.execPath, [
    path.join(root, 'bin', 'quire.mjs'), 'import-markdown',
    '--db', path.join(userDataDir, 'db', 'notes'), '--from', folder, '--json',
  ], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`quire import-markdown failed (${result.status}): ${result.stderr}`);
  if (!key) return;
  const copy = path.join(templateRoot(), key);
  fs.cpSync(userDataDir, copy, { recursive: true });
  seedTemplates.set(key, copy);
  seededState.set(userDataDir, key);
}

/** For each user-data folder seeded in this worker: the key of what the seeds put there. */
const seededState = new Map<string, string>();
const seedTemplates = new Map<string, string>();
let templates: string | null = null;

function templateRoot(): string {
  if (!templates) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-seeds-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    templates = dir;
  }
  return templates;
}

function folderDigest(folder: string): string {
  const hash = createHash('sha256');
  const files = fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
  for (const file of files) {
    const full = path.join(folder, file);
    hash.update(`${file}\0`);
    if (fs.statSync(full).isFile()) hash.update(fs.readFileSync(full));
  }
  return hash.digest('hex');
}

interface Fixtures {
  /** A fresh folder for this test; removed afterwards. */
  tmpDir: string;
  /** Import the sample notes with the CLI before the host starts (test.use({ seedSampleNotes: true })). */
  seedSampleNotes: boolean;
  webHost: WebHost;
}

/**
 * A browser host on `userDataDir` for one test, from this worker's host pool:
 * started, handed to the test, stopped; it must close cleanly, and its output
 * is attached when the test fails.
 */
export async function useWebHost(userDataDir: string, use: (host: WebHost) => Promise<void>, testInfo: TestInfo): Promise<void> {
  // What the host writes makes the folder's contents unknown to seedWithCli.
  seededState.delete(userDataDir);
  const host = await startPooledHost(userDataDir);
  await use(host);
  const code = await host.stop();
  if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('web-host output', { body: host.output() });
  expect(code, `the browser host closes cleanly:\n${host.output()}`).toBe(0);
}

export const test = base.extend<Fixtures>({
  seedSampleNotes: [false, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  tmpDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  webHost: async ({ tmpDir, seedSampleNotes }, use, testInfo) => {
    const userDataDir = path.join(tmpDir, 'user-data');
    if (seedSampleNotes) seedWithCli(userDataDir, copySampleNotes(tmpDir));
    await useWebHost(userDataDir, use, testInfo);
  },
});

/**
 * Watches the page's WebSocket: `answered(name)` resolves once the host has
 * answered a request of that name, the signal that it was handled (Stop and
 * Cancel change nothing visible until the work they stop ends). Call before
 * the page connects.
 */
export function watchRequests(page: Page) {
  const names = new Map<unknown, string>();
  const answered: string[] = [];
  const read = (payload: string | Buffer) => {
    try {
      return JSON.parse(String(payload)) as { type?: string; id?: unknown; name?: string };
    } catch {
      return {};
    }
  };
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      const message = read(payload);
      if (message.type === 'request' && message.name) names.set(message.id, message.name);
    });
    ws.on('framereceived', ({ payload }) => {
      const message = read(payload);
      const name = message.type === 'response' ? names.get(message.id) : undefined;
      if (name) answered.push(name);
    });
  });
  return {
    answered: (name: string) => expect.poll(() => answered.includes(name), { message: `the host answers ${name}` }).toBe(true),
  };
}

/**
 * Closes the toasts still showing. Those that are not errors also go by
 * themselves 8 s after they came, so one may go while this runs: either way
 * none is left, however slow the steps before were.
 */
export async function dismissToasts(page: Page): Promise<void> {
  // Under a modal dialog the toasts are inert: a click would only wait out their 8 s.
  if (await page.evaluate(() => document.querySelector('dialog:modal') !== null)) {
    throw new Error('dismissToasts: a dialog is open, and the toasts under it cannot be clicked; close it first, or use newToast()');
  }
  const toasts = page.getByTestId('notification');
  while ((await toasts.count()) > 0) {
    await toasts.first().getByRole('button', { name: 'Dismiss' }).click({ timeout: 2000 }).catch(() => undefined);
  }
  await expect(toasts).toHaveCount(0);
}

/** The ids of the toasts showing now, for newToast(). */
export async function toastIds(page: Page): Promise<string[]> {
  return page.getByTestId('notification').evaluateAll((toasts) => toasts.map((t) => t.getAttribute('data-notification-id') ?? ''));
}

/** A toast with `text` that was not among `before` (toastIds()): what an action announced, not an earlier one like it. */
export function newToast(page: Page, before: string[], text: string | RegExp) {
  const older = before.map((id) => `:not([data-notification-id="${id}"])`).join('');
  return page.locator(`[data-testid="notification"]${older}`).filter({ hasText: text });
}

/** The tag of the tests whose screenshots are the docs' (docs/screenshots/): `npm run screenshots` runs only those. */
export const DOC_SCREENSHOTS = '@doc-screenshots';

/**
 * A screenshot the docs use. Tests write it into their own output folder
 * (test-results/…), so `npm test` never touches tracked files; with
 * QUIRE_SCREENSHOTS set to a folder (`npm run screenshots` sets
 * docs/screenshots) it goes there instead. Returns the file written.
 */
export async function docScreenshot(page: Page, name: string, options: { hideToasts?: boolean } = {}): Promise<string> {
  const info = test.info();
  if (!info.tags.includes(DOC_SCREENSHOTS)) throw new Error(`a test that takes the docs' screenshot ${name} needs the tag ${DOC_SCREENSHOTS}, or npm run screenshots skips it`);
  const folder = process.env.QUIRE_SCREENSHOTS;
  const file = folder ? path.resolve(root, folder, name) : info.outputPath(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Toasts left under a dialog would show in the picture, and cannot be dismissed there. They are hidden
  // through the CSSOM: the strict CSP refuses the <style> that screenshot({ style }) would add.
  const setToasts = (visibility: string) => page.evaluate((v) => {
    const toasts = document.querySelector<HTMLElement>('.toasts');
    if (toasts) toasts.style.visibility = v;
  }, visibility);
  if (options.hideToasts) await setToasts('hidden');
  try {
    await page.screenshot({ path: file, animations: 'disabled' });
  } finally {
    if (options.hideToasts) await setToasts('');
  }
  return file;
}

export { expect };
