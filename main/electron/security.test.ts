// The Electron security baseline, asserted from the objects the app really
// uses: the main window's options, the CSP the app:// protocol sends, the
// navigation/window.open/permission guards, and the IPC sender check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Session, WebContents } from 'electron';
import { createAppCore } from '../app/app-core';
import { headlessPlatform } from '../testing/headless-platform';
import { EVENT_NAMES, REQUEST_NAMES } from '../../shared/contract/index';
import { readContractArguments } from '../preload/contract-args';
import { guardedDispatch } from './ipc-guard';
import { createAppRequestHandler } from './protocol-handler';
import {
  contentSecurityPolicy, decideNavigation, decideWindowOpen, isAllowedExternalUrl, isAllowedNavigation,
  isAllowedPermission, isTrustedSender,
} from './security';
import { guardSession, guardWebContents } from './web-contents-guards';
import { mainWindowOptions } from './window-options';

const PRELOAD = '/opt/Quire/resources/app.asar/dist/preload.cjs';

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name!, values];
  }));
}

test('the main window is isolated, sandboxed, without Node, with web security', () => {
  const prefs = mainWindowOptions({ preloadPath: PRELOAD }).webPreferences!;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.experimentalFeatures, false);
  assert.equal(prefs.navigateOnDragDrop, false);
  assert.equal(prefs.preload, PRELOAD);
  // The preload learns the contract's names from the window's arguments, nothing else.
  assert.deepEqual(readContractArguments(prefs.additionalArguments ?? []), {
    requests: new Set(REQUEST_NAMES),
    events: new Set(EVENT_NAMES),
  });
});

test('the CSP allows no inline, eval or remote scripts and no remote sources at all', () => {
  const csp = directives(contentSecurityPolicy());
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), ["'self'"]);
  assert.deepEqual(csp.get('object-src'), ["'none'"]);
  assert.deepEqual(csp.get('base-uri'), ["'none'"]);
  assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
  for (const [name, values] of csp) {
    for (const value of values) {
      assert.ok(!/^(https?:|wss?:|\*|'unsafe-eval'|'wasm-unsafe-eval'|'strict-dynamic')/.test(value), `${name} allows ${value}`);
      if (name === 'script-src') assert.notEqual(value, "'unsafe-inline'");
    }
  }
});

test('pages served over app:// carry that CSP header; other hosts are not served', async () => {
  const rendererDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'quire-renderer-')));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Quire</title>');
  const handle = createAppRequestHandler({ rendererDir, readAttachment: async () => null });
  const page = await handle(new Request('app://quire/index.html'));
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('content-security-policy'), contentSecurityPolicy());
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal((await handle(new Request('app://evil/index.html'))).status, 404);
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

test('navigation stays on the app page: no http(s), file:, other app hosts or attachments', () => {
  assert.equal(isAllowedNavigation('app://quire/index.html'), true);
  assert.equal(isAllowedNavigation('app://quire/'), true);
  for (const url of [
    'https://evil.example/', 'http://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd',
    'app://evil/index.html', 'app://user@quire/index.html', 'app://quire/attachments/file%3Ax',
    'javascript:alert(1)', 'data:text/html,<script>1</script>', 'chrome://settings', 'not a url', '',
  ]) {
    assert.equal(isAllowedNavigation(url), false, url);
  }
  assert.equal(decideNavigation('app://quire/index.html'), 'allow');
  assert.equal(decideNavigation('https://example.com/docs'), 'open-external');
  assert.equal(decideNavigation('file:///etc/passwd'), 'deny');
});

test('external links: web and mail go to the OS, everything else is refused', () => {
  for (const url of ['https://example.com/', 'http://example.com/a?b', 'mailto:someone@example.com']) {
    assert.equal(isAllowedExternalUrl(url), true, url);
    assert.equal(decideWindowOpen(url), 'open-external', url);
  }
  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://quire/index.html', 'ms-msdt:x', 'garbage']) {
    assert.equal(isAllowedExternalUrl(url), false, url);
    assert.equal(decideWindowOpen(url), 'deny', url);
  }
});

/** A stand-in for Electron's WebContents: only the parts the guards touch. */
function fakeContents() {
  const emitter = new EventEmitter() as EventEmitter & {
    windowOpenHandler?: (details: { url: string }) => { action: string };
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void;
  };
  emitter.setWindowOpenHandler = (handler) => {
    emitter.windowOpenHandler = handler;
  };
  return emitter;
}

function fire(contents: EventEmitter, name: string, ...args: unknown[]): boolean {
  let prevented = false;
  contents.emit(name, { preventDefault: () => { prevented = true; } }, ...args);
  return prevented;
}

test('the web-contents guards block navigation, redirects, window.open and webviews', () => {
  const opened: string[] = [];
  const contents = fakeContents();
  guardWebContents(contents as unknown as WebContents, (url) => opened.push(url));

  assert.equal(fire(contents, 'will-navigate', 'app://quire/index.html'), false);
  assert.equal(fire(contents, 'will-navigate', 'https://evil.example/'), true);
  assert.equal(fire(contents, 'will-navigate', 'file:///etc/passwd'), true);
  assert.equal(fire(contents, 'will-redirect', 'https://evil.example/'), true);
  assert.equal(fire(contents, 'will-attach-webview', {}, {}), true);
  assert.deepEqual(contents.windowOpenHandler!({ url: 'https://example.com/' }), { action: 'deny' });
  assert.deepEqual(contents.windowOpenHandler!({ url: 'app://quire/index.html' }), { action: 'deny' });
  assert.deepEqual(contents.windowOpenHandler!({ url: 'file:///etc/passwd' }), { action: 'deny' });
  // Clicked web links open in the OS browser; redirects and file: never do.
  assert.deepEqual(opened, ['https://evil.example/', 'https://example.com/']);
});

test('permission requests are denied except clipboard writes from the app page', () => {
  assert.equal(isAllowedPermission('clipboard-sanitized-write', 'app://quire/index.html'), true);
  assert.equal(isAllowedPermission('clipboard-sanitized-write', 'https://evil.example/'), false);
  for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid']) {
    assert.equal(isAllowedPermission(permission, 'app://quire/index.html'), false, permission);
  }
  let requestHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: { requestingUrl: string }) => void) | undefined;
  let checkHandler: ((wc: unknown, permission: string, origin: string) => boolean) | undefined;
  const session = {
    setPermissionRequestHandler: (handler: typeof requestHandler) => { requestHandler = handler; },
    setPermissionCheckHandler: (handler: typeof checkHandler) => { checkHandler = handler; },
  };
  guardSession(session as unknown as Session);
  const answers: boolean[] = [];
  requestHandler!(null, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://quire/index.html' });
  requestHandler!(null, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: 'app://quire/index.html' });
  assert.deepEqual(answers, [false, true]);
  assert.equal(checkHandler!(null, 'clipboard-sanitized-write', 'app://quire'), true);
  assert.equal(checkHandler!(null, 'geolocation', 'app://quire'), false);
});

test('IPC requests are served only to frames showing the app page', async () => {
  assert.equal(isTrustedSender('app://quire/index.html'), true);
  for (const url of [null, undefined, '', 'https://evil.example/', 'file:///x.html', 'app://quire/attachments/file%3Ax', 'app://other/']) {
    assert.equal(isTrustedSender(url), false, String(url));
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-ipc-'));
  const platform = headlessPlatform({ host: 'electron' });
  const core = await createAppCore({ userDataDir, platform, events: { emit: () => undefined }, seedWelcome: false });
  try {
    const refused = await guardedDispatch(core.handlers, 'app.info', 'https://evil.example/', {});
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.name, 'UntrustedSender');
    const served = await guardedDispatch(core.handlers, 'app.info', 'app://quire/index.html', {});
    assert.equal(served.ok && (served.value as { userDataDir: string }).userDataDir, userDataDir);
    const invalid = await guardedDispatch(core.handlers, 'app.info', 'app://quire/index.html', { extra: 1 });
    assert.equal(!invalid.ok && invalid.error.name, 'InvalidArguments');
  } finally {
    await core.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
});
