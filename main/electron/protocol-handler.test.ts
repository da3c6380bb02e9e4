// The app:// protocol against real files and a real PouchDB: the renderer's
// files with the CSP, nothing outside the renderer folder however the path is
// spelled, and attachments read from `file:` documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { createImageAttachment } from '../attachments/create-attachment';
import { readAttachment } from '../attachments/read-attachment';
import { createAppRequestHandler } from './protocol-handler';
import { contentSecurityPolicy, dataContentSecurityPolicy } from './security';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
  'base64',
);

function setup() {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'quire-protocol-')));
  const rendererDir = path.join(base, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Quire</title>');
  fs.writeFileSync(path.join(rendererDir, 'renderer.js'), 'console.log(1)');
  fs.writeFileSync(path.join(rendererDir, '.env'), 'SECRET=1');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'outside');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(rendererDir, 'link.txt'));
  const db = openDatabase(path.join(base, 'db', 'notes'));
  const store = new DocumentStore(db);
  const handle = createAppRequestHandler({ rendererDir, readAttachment: (id) => readAttachment(db, id) });
  const cleanup = async () => {
    await db.close();
    fs.rmSync(base, { recursive: true, force: true });
  };
  return { handle, store, cleanup };
}

const get = (handle: (r: Request) => Promise<Response>, url: string, method = 'GET') =>
  handle(new Request(url, { method }));

test('serves the renderer files with their type and the CSP; / is index.html', async () => {
  const { handle, cleanup } = setup();
  try {
    const index = await get(handle, 'app://quire/');
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('content-security-policy'), contentSecurityPolicy());
    assert.match(await index.text(), /<title>Quire<\/title>/);
    const script = await get(handle, 'app://quire/renderer.js');
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await script.text(), 'console.log(1)');
    const head = await get(handle, 'app://quire/renderer.js', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), '14');
    assert.equal((await get(handle, 'app://quire/index.html', 'POST')).status, 405);
    assert.equal((await get(handle, 'app://quire/missing.js')).status, 404);
  } finally {
    await cleanup();
  }
});

test('nothing outside the renderer folder is served, however the path is spelled', async () => {
  const { handle, cleanup } = setup();
  try {
    for (const url of [
      'app://quire/%2e%2e/secret.txt',
      'app://quire/..%2fsecret.txt',
      'app://quire/..%5csecret.txt',
      'app://quire/%2E%2E%2Fsecret.txt',
      'app://quire/index.html%00.js',
      'app://quire/link.txt',
      'app://quire/.env',
      'app://quire/%E0%A4%A',
    ]) {
      const response = await get(handle, url);
      assert.ok(response.status === 403 || response.status === 404, `${url} → ${response.status}`);
      assert.doesNotMatch(await response.text(), /outside|SECRET/);
    }
  } finally {
    await cleanup();
  }
});

test('attachments come from file: documents, images inline, anything else as opaque bytes', async () => {
  const { handle, store, cleanup } = setup();
  try {
    const image = await createImageAttachment(store, { name: 'dot.png', bytes: PNG });
    const response = await get(handle, `app://quire/attachments/${encodeURIComponent(image._id)}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/png');
    assert.equal(response.headers.get('content-security-policy'), dataContentSecurityPolicy());
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), PNG);

    await store.put({
      _id: 'file:page', name: 'page.html', contentType: 'text/html', contentLength: 31, createdAt: 1, publicIn: [],
      _attachments: { index: { content_type: 'text/html', data: Buffer.from('<script>alert(1)</script>hello!').toString('base64') } },
    });
    const html = await get(handle, 'app://quire/attachments/file%3Apage');
    assert.equal(html.headers.get('content-type'), 'application/octet-stream');

    assert.equal((await get(handle, 'app://quire/attachments/file%3Amissing')).status, 404);
    assert.equal((await get(handle, 'app://quire/attachments/note%3Awelcome')).status, 404);
    assert.equal((await get(handle, 'app://quire/attachments/%E0%A4%A')).status, 400);
  } finally {
    await cleanup();
  }
});
