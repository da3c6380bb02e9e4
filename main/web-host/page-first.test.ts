import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PageFirst } from './page-first';

/** A real server whose answers PageFirst is told of: '/' a page, '*.js' a script of `scriptBytes`. */
async function withServer(pageFirst: PageFirst, scriptBytes: number, body: (get: (path: string) => Promise<number>) => Promise<void>) {
  const server = http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0]!;
    pageFirst.noteRequest(pathname, res);
    res.end(pathname.endsWith('.js') ? Buffer.alloc(scriptBytes, 'x') : '<html></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await body(async (path) => (await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer()).byteLength);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const settled = (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  return () => done;
};

test('once a window asked for its page, the services wait until its script is sent', async () => {
  // Waits long enough that a busy machine's first fetch never outlasts them.
  const pageFirst = new PageFirst({ pageMs: 5000, scriptMs: 10_000 });
  await withServer(pageFirst, 4 * 1024 * 1024, async (get) => {
    const sent = settled(pageFirst.sent());
    await get('/?token=t');
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(sent(), false);
    assert.equal(await get('/renderer.js'), 4 * 1024 * 1024);
    await pageFirst.sent();
  });
});

test('with no window asking, the services load soon anyway; a window that never asks for its script is not waited for long', async () => {
  const alone = new PageFirst({ pageMs: 150, scriptMs: 60_000 });
  const started = performance.now();
  await alone.sent();
  assert.ok(performance.now() - started < 1000);

  const pageOnly = new PageFirst({ pageMs: 60_000, scriptMs: 300 });
  await withServer(pageOnly, 0, async (get) => {
    await get('/');
    const asked = performance.now();
    await pageOnly.sent();
    assert.ok(performance.now() - asked < 5000);
  });
});
