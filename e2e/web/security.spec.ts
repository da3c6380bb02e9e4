// The browser host's guards, seen from outside: the token on the WebSocket
// and on attachments, the Origin check, the CSP on every page.
import http from 'node:http';
import { contentSecurityPolicy } from '../../main/security/csp';
import { expect, test } from './fixtures';

/** Attempts a WebSocket upgrade by hand and returns the HTTP status the host answers with. */
function upgradeStatus(origin: string, pathAndQuery: string, headerOrigin: string): Promise<number> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({
      hostname, port, path: pathAndQuery,
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', Origin: headerOrigin,
        'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64'),
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('the WebSocket needs the token and the host’s own origin', async ({ webHost }) => {
  expect(await upgradeStatus(webHost.origin, '/ws', webHost.origin)).toBe(401);
  expect(await upgradeStatus(webHost.origin, '/ws?token=guess', webHost.origin)).toBe(401);
  expect(await upgradeStatus(webHost.origin, `/ws?token=${webHost.token}`, 'http://evil.example')).toBe(403);
  expect(await upgradeStatus(webHost.origin, `/ws?token=${webHost.token}`, webHost.origin)).toBe(101);
});

test('attachments need the token', async ({ request, webHost }) => {
  const id = encodeURIComponent('file:nothing');
  expect((await request.get(`${webHost.origin}/attachments/${id}`)).status()).toBe(403);
  expect((await request.get(`${webHost.origin}/attachments/${id}?token=guess`)).status()).toBe(403);
  expect((await request.get(`${webHost.origin}/attachments/${id}?token=${webHost.token}`)).status()).toBe(404);
});

test('a page opened without the token says how to open Quire, and reaches no data', async ({ page, webHost }) => {
  await page.goto(webHost.origin);
  await expect(page.getByRole('heading', { name: 'Quire cannot start here' })).toBeVisible();
  await expect(page.locator('body')).toContainText('npm run start:web');
});

test('pages carry the strict CSP; an injected inline script does not run', async ({ page, webHost }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto(webHost.url);
  const headers = response!.headers();
  expect(headers['content-security-policy']).toBe(contentSecurityPolicy());
  expect(headers['x-content-type-options']).toBe('nosniff');
  await expect(page.getByRole('menubar')).toBeVisible();
  expect(violations, 'the app itself needs nothing the policy forbids').toEqual([]);

  const ran = await page.evaluate(async () => {
    // Waited for, not slept on: the policy's report of each blocked piece, and the image's error event
    // (listened to after the inline handler was set, so that handler's turn comes first).
    const blocked = new Set<string>();
    const reported = new Promise<void>((resolve) => {
      document.addEventListener('securitypolicyviolation', (event) => {
        blocked.add(event.effectiveDirective);
        if (blocked.has('script-src-elem') && blocked.has('script-src-attr')) resolve();
      });
    });
    const script = document.createElement('script');
    script.textContent = 'window.__quireInline = true';
    document.head.append(script);
    const img = document.createElement('img');
    img.setAttribute('onerror', 'window.__quireHandler = true');
    const failed = new Promise((resolve) => img.addEventListener('error', resolve, { once: true }));
    img.src = 'data:,not-an-image';
    document.body.append(img);
    await Promise.all([reported, failed]);
    const w = window as unknown as { __quireInline?: boolean; __quireHandler?: boolean };
    return { inline: w.__quireInline ?? false, handler: w.__quireHandler ?? false, blocked: [...blocked].sort() };
  });
  expect(ran).toEqual({ inline: false, handler: false, blocked: ['script-src-attr', 'script-src-elem'] });
});
