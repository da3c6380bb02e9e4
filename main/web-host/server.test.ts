import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { spawn } from 'node:child_process';
import { startWebHost, type WebHost } from './server';
import { databasePath } from '../app/paths';
import { nodeScriptArgs } from '../testing/node-script';
import { contentSecurityPolicy } from '../security/csp';
import type { ServerMessage } from '../../shared/contract/ws-messages';

let tmp: string;
let host: WebHost;
const launched: string[] = [];

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-web-host-'));
  const renderer = path.join(tmp, 'renderer');
  fs.mkdirSync(renderer);
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Quire</title>');
  fs.writeFileSync(path.join(renderer, 'renderer.js'), 'console.log(1)');
  fs.writeFileSync(path.join(tmp, 'package.json'), '{"secret":true}');
  host = await startWebHost({
    userDataDir: path.join(tmp, 'user-data'),
    rendererDir: renderer,
    port: 0,
    launch: (target) => launched.push(target),
    log: () => undefined,
  });
});

after(async () => {
  await host.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A raw GET, path sent exactly as given (no client-side normalisation of `..`). */
function get(rawPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: rawPath, headers }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it once open, or with the refusal's HTTP status. */
function connect(url: string, origin?: string, headers: Record<string, string> = {}) {
  return new Promise<{ ws?: WebSocket; status?: number }>((resolve, reject) => {
    const ws = new WebSocket(url, { headers, ...(origin === undefined ? {} : { origin }) });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', reject);
  });
}

const wsUrl = () => `ws://127.0.0.1:${host.port}/ws?token=${host.token}`;

async function open(): Promise<Client> {
  // Listen from the start: the host may send (an open prompt) in the same packet as the handshake.
  const client = new Client(new WebSocket(wsUrl(), { origin: host.origin }));
  await new Promise<void>((resolve, reject) => {
    client.ws.once('open', () => resolve());
    client.ws.once('error', reject);
  });
  return client;
}

class Client {
  readonly messages: ServerMessage[] = [];
  private waiters: Array<() => void> = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }
  async next(match: (m: ServerMessage) => boolean): Promise<ServerMessage> {
    for (;;) {
      const index = this.messages.findIndex(match);
      if (index >= 0) return this.messages.splice(index, 1)[0]!;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
  request(id: number, name: string, args: unknown = {}) {
    this.ws.send(JSON.stringify({ type: 'request', id, name, args }));
    return this.next((m) => m.type === 'response' && m.id === id);
  }
  close() {
    this.ws.close();
  }
}

describe('browser host', () => {
  test('serves the renderer with the CSP and nosniff headers', async () => {
    const res = await get('/');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /^text\/html/);
    assert.equal(res.headers['content-security-policy'], contentSecurityPolicy());
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal((await get('/renderer.js')).body, 'console.log(1)');
    assert.equal((await get('/missing.js')).status, 404);
  });

  test('a file asked again is "not modified" until it changes, so the browser keeps its compiled script', async () => {
    const first = await get('/renderer.js');
    assert.equal(first.headers['cache-control'], 'no-cache');
    const etag = first.headers.etag!;
    assert.match(etag, /^"[\w-]+"$/);
    const again = await get('/renderer.js', { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
    assert.equal((await get('/renderer.js', { 'If-None-Match': `"other", ${etag}` })).status, 304);
    assert.equal((await get('/renderer.js', { 'If-None-Match': '"other"' })).status, 200);
    // Rebuilt in place: served whole again.
    const file = path.join(tmp, 'renderer', 'renderer.js');
    fs.writeFileSync(file, 'console.log(22)');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const rebuilt = await get('/renderer.js', { 'If-None-Match': etag });
    assert.equal(rebuilt.status, 200);
    assert.equal(rebuilt.body, 'console.log(22)');
    fs.writeFileSync(file, 'console.log(1)');
  });

  test('prints a URL on 127.0.0.1 that carries the token', () => {
    assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
  });

  test('refuses paths that leave the renderer folder', async () => {
    for (const attempt of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/x/../../package.json', '/..\\package.json']) {
      const res = await get(attempt);
      assert.ok([403, 404].includes(res.status), `${attempt} → ${res.status}`);
      assert.doesNotMatch(res.body, /secret/);
    }
  });

  test('refuses a Host header other than its own (DNS rebinding)', async () => {
    assert.equal((await get('/', { Host: 'evil.example:80' })).status, 421);
  });

  test('refuses a WebSocket without the token, with a wrong token, or from another origin', async () => {
    assert.equal((await connect(`ws://127.0.0.1:${host.port}/ws`, host.origin)).status, 401);
    assert.equal((await connect(`ws://127.0.0.1:${host.port}/ws?token=nope`, host.origin)).status, 401);
    assert.equal((await connect(wsUrl(), 'http://evil.example')).status, 403);
    assert.equal((await connect(wsUrl())).status, 403);
  });

  test('accepts a WebSocket from the page opened as localhost or 127.0.0.1, on its own port only', async () => {
    const otherPort = host.port === 65535 ? host.port - 1 : host.port + 1;
    for (const origin of [`http://localhost:${host.port}`, `http://127.0.0.1:${host.port}`]) {
      const { ws, status } = await connect(wsUrl(), origin);
      assert.ok(ws, `${origin} → ${status}`);
      ws.close();
    }
    // The page at http://localhost:PORT connects to ws://localhost:PORT: Host and Origin both say localhost.
    const viaLocalhost = await connect(`ws://localhost:${host.port}/ws?token=${host.token}`, `http://localhost:${host.port}`);
    assert.ok(viaLocalhost.ws, `localhost → ${viaLocalhost.status}`);
    viaLocalhost.ws.close();

    for (const origin of [
      `http://localhost:${otherPort}`, `http://127.0.0.1:${otherPort}`, 'http://localhost', `https://localhost:${host.port}`,
      `http://evil.example:${host.port}`, `http://127.0.0.2:${host.port}`, `http://localhost:${host.port}.evil.example`, 'null',
    ]) {
      assert.equal((await connect(wsUrl(), origin)).status, 403, origin);
    }
  });

  test('refuses a WebSocket whose Host header is not its own (DNS rebinding), even with the token', async () => {
    for (const name of [`evil.example:${host.port}`, 'localhost', `localhost:${host.port === 65535 ? 1 : host.port + 1}`]) {
      const refused = await connect(wsUrl(), `http://${name}`, { Host: name });
      assert.equal(refused.status, 421, name);
    }
  });

  test('answers a request with the envelope from dispatch()', async () => {
    const client = await open();
    const info = await client.request(1, 'app.info');
    assert.equal(info.type, 'response');
    assert.ok(info.type === 'response' && info.envelope.ok);
    assert.equal((info.envelope.value as { host: string }).host, 'web');

    const bad = await client.request(2, 'notes.get', { id: 42 });
    assert.ok(bad.type === 'response' && !bad.envelope.ok);
    assert.match(bad.envelope.error.message, /Invalid arguments for notes.get/);

    const unknown = await client.request(3, 'no.such.request');
    assert.ok(unknown.type === 'response' && !unknown.envelope.ok && unknown.envelope.error.name === 'UnknownRequest');
    client.close();
  });

  test('answers frames it cannot read, ignores unknown message types', async () => {
    const client = await open();
    client.ws.send('{not json');
    const error = await client.next((m) => m.type === 'error');
    assert.ok(error.type === 'error' && /not valid JSON/.test(error.message));
    client.ws.send(JSON.stringify({ type: 'request', name: 'app.info', args: {} }));
    assert.match((await client.next((m) => m.type === 'error')).type, /error/);
    client.ws.send(JSON.stringify({ type: 'hello-from-the-future' }));
    const reply = await client.request(7, 'app.stats');
    assert.ok(reply.type === 'response' && reply.envelope.ok);
    assert.equal(client.messages.filter((m) => m.type !== 'event').length, 0, 'nothing answered the unknown type');
    client.close();
  });

  test('broadcasts events to every renderer; a path prompt is shown only to the page that asked, one at a time', async () => {
    const a = await open();
    const b = await open();
    a.ws.send(JSON.stringify({ type: 'request', id: 1, name: 'platform.pickFolder', args: { title: 'Pick' } }));
    const promptA = await a.next((m) => m.type === 'event' && m.name === 'platform.pathPrompt');
    const { requestId } = (promptA as { payload: { requestId: string } }).payload;

    const missing = await a.request(2, 'platform.answerPathPrompt', { requestId, path: path.join(tmp, 'nowhere') });
    assert.ok(missing.type === 'response' && !missing.envelope.ok);
    assert.match(missing.envelope.error.message, /There is no folder at/);

    // Asked again from the same page: the new prompt replaces the first, which answers null.
    a.ws.send(JSON.stringify({ type: 'request', id: 3, name: 'platform.pickFolder', args: { title: 'Pick again' } }));
    assert.deepEqual(await a.next((m) => m.type === 'response' && m.id === 1), { type: 'response', id: 1, envelope: { ok: true, value: null } });
    const second = await a.next((m) => m.type === 'event' && m.name === 'platform.pathPrompt'
      && (m.payload as { title: string }).title === 'Pick again');
    const secondId = (second as { payload: { requestId: string } }).payload.requestId;

    // A page connecting meanwhile is not shown another page's prompt.
    const late = await open();
    const answered = await a.request(4, 'platform.answerPathPrompt', { requestId: secondId, path: tmp });
    assert.ok(answered.type === 'response' && answered.envelope.ok);
    assert.deepEqual(await a.next((m) => m.type === 'response' && m.id === 3), { type: 'response', id: 3, envelope: { ok: true, value: tmp } });

    await host.core.db.put({ _id: 'tag:broadcast', name: 'x', color: 'default', createdAt: 1, updatedAt: 1 });
    for (const client of [a, b, late]) {
      const changed = await client.next((m) => m.type === 'event' && m.name === 'db.changed');
      assert.deepEqual((changed as { payload: { ids: string[] } }).payload.ids, ['tag:broadcast']);
    }
    for (const client of [b, late]) {
      assert.equal(client.messages.filter((m) => m.type === 'event' && m.name === 'platform.pathPrompt').length, 0);
    }

    for (const client of [a, b, late]) client.close();
  });

  test('opens only folders Quire showed through the OS opener, and only web and mail links', async () => {
    const client = await open();
    const dataFolder = host.core.info.userDataDir;
    const opened = await client.request(1, 'platform.openPath', { path: dataFolder });
    assert.ok(opened.type === 'response' && opened.envelope.ok);
    const link = await client.request(2, 'platform.openExternal', { url: 'file:///etc/passwd' });
    assert.ok(link.type === 'response' && !link.envelope.ok);
    for (const [id, target] of [[3, tmp], [4, path.join(tmp, 'package.json')], [5, '/bin/sh']] as const) {
      const refused = await client.request(id, 'platform.openPath', { path: target });
      assert.ok(refused.type === 'response' && !refused.envelope.ok, target);
      assert.match(refused.envelope.error.message, /Quire opens only the folders it shows you/);
    }
    assert.deepEqual(launched, [fs.realpathSync(dataFolder)]);
    client.close();
  });

  test('serves attachments only with the token', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await host.core.db.put({
      _id: 'file:pic 1', name: 'pic.png', contentType: 'image/png', contentLength: png.length, createdAt: 1, publicIn: [],
      _attachments: { index: { content_type: 'image/png', data: png.toString('base64') } },
    });
    const encoded = encodeURIComponent('file:pic 1');
    assert.equal((await get(`/attachments/${encoded}`)).status, 403);
    assert.equal((await get(`/attachments/${encoded}?token=wrong`)).status, 403);
    const ok = await get(`/attachments/${encoded}?token=${host.token}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['content-type'], 'image/png');
    assert.match(String(ok.headers['content-security-policy']), /sandbox/);
    assert.deepEqual(Buffer.from(ok.body, 'latin1'), png);
    assert.equal((await get(`/attachments/${encodeURIComponent('file:none')}?token=${host.token}`)).status, 404);
    assert.equal((await get(`/attachments/${encodeURIComponent('note:x')}?token=${host.token}`)).status, 404);
  });
});

test('a database held by another process fails the start in one line, after listening, and the server stops listening', async () => {
  const userDataDir = path.join(tmp, 'held');
  // Another Quire (here a process of its own) holds the database open: LevelDB's lock refuses a second opener.
  const holder = spawn(
    process.execPath,
    nodeScriptArgs(
      "import { openDatabase } from './main/db/open-database.ts'; const db = openDatabase(process.argv[2]); await db.info(); " +
        "console.log('open'); process.stdin.resume(); process.stdin.on('end', async () => { await db.close(); process.exit(0); });",
      databasePath(userDataDir),
    ),
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => String(chunk).includes('open') && resolve());
      holder.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
    });
    let announced = '';
    const messages: string[] = [];
    await assert.rejects(
      startWebHost({
        userDataDir,
        rendererDir: path.join(tmp, 'renderer'),
        port: 0,
        log: (message) => messages.push(message),
        onListening: (url) => (announced = url),
      }),
      (error: Error) => {
        assert.match(error.message, /^Quire could not open its database at .*held[/\\]db[/\\]notes: .*lock/i);
        return true;
      },
    );
    // It listened first (the address is printed before the database opens), then closed its server.
    assert.match(announced, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const port = Number(new URL(announced).port);
    await assert.rejects(
      new Promise((resolve, reject) => http.get({ host: '127.0.0.1', port, path: '/' }, resolve).on('error', reject)),
      /ECONNREFUSED/,
    );
    assert.deepEqual(messages, []);
  } finally {
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.stdin!.end();
    await exited;
  }
});
