// Connect refuses, in words and beside the right field, everything that
// cannot work (a wrong password, an address where nothing or something else
// answers, a server that fails or hangs, a certificate not trusted, plain
// http to another computer), and changes nothing then: no setting saved, no
// sync started, the database as writable as before. The password is kept
// with the keychain where there is one (encrypted, sync resumes at start),
// and asked for again at start where there is none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCouchServer, type CouchServer } from '../testing/couch-server';
import { until } from '../testing/until';
import { computer, filesUnder, testKeychain, type Computer } from './sync-testing';
import { SYNC_PASSWORD_FILE, SYNC_SETTINGS_FILE } from './sync-settings';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-fixtures');

let server: CouchServer;
let c: Computer;
const extra: (http.Server | https.Server)[] = [];
before(async () => {
  server = await startCouchServer();
  c = await computer();
});
after(async () => {
  await c.close();
  await server.stop();
  for (const s of extra) s.closeAllConnections?.();
  await Promise.all(extra.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(s: http.Server | https.Server): Promise<string> {
  extra.push(s);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  return `${s instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${port}/`;
}

async function refused(input: { url: string; user?: string; password?: string; database?: string }, field: string | null, words: RegExp) {
  const result = await c.sync.connect({ user: '', password: '', database: 'quire', ...input });
  assert.equal(result.ok, false, `${input.url} is refused`);
  if (result.ok) return;
  assert.match(result.message, words);
  assert.equal(result.field, field, `the message is about the ${field} field`);
  // Nothing changed: no setting, no sync, and the database still takes writes.
  assert.equal(c.sync.status().state, 'off');
  assert.ok(!fs.existsSync(path.join(c.dir, SYNC_SETTINGS_FILE)));
  await c.store.put({ _id: `tag:t${Date.now()}${Math.random()}`.replace('.', ''), name: `still works ${Math.random()}`, color: 'default', createdAt: 1, updatedAt: 1 });
}

test('a wrong password, a user the server does not know, and no credentials where they are needed', async () => {
  const database = server.freshDatabase();
  await refused({ url: server.url, user: server.admin.user, password: 'wrong', database }, 'password', /401: user name or password not accepted/);
  await refused({ url: server.url, user: 'nobody', password: 'x', database }, 'password', /not accepted/);
  await refused({ url: server.url, user: server.admin.user, password: '', database }, 'password', /Enter the password/);
});

test('an address where nothing answers, a name that does not resolve, and a server that is not a CouchDB', async () => {
  const closed = await listen(http.createServer());
  const port = new URL(closed).port;
  await new Promise((resolve) => extra.pop()!.close(resolve));
  await refused({ url: `http://127.0.0.1:${port}` }, 'url', /Nothing answers at 127\.0\.0\.1/);
  await refused({ url: 'https://quire-sync-test.invalid:6984' }, 'url', /could not be found/);
  const web = await listen(http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>My blog</h1>')));
  await refused({ url: web }, 'url', /not a CouchDB server: it answered 200 with something other than JSON/);
});

test('a server that answers 500, one that never answers, and a certificate not trusted', async () => {
  const failing = await listen(http.createServer((_req, res) => res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":"internal"}')));
  await refused({ url: failing }, 'url', /not a CouchDB server: it answered 500/);
  const silent = await listen(http.createServer(() => undefined));
  const slow = await computer();
  try {
    // The check's own limit (15 s) shortened for the test.
    const { SyncController } = await import('./sync-controller');
    const controller = new SyncController({ db: slow.db, userDataDir: slow.dir, secrets: null, onStatus: () => undefined, requestTimeoutMs: 300 });
    const result = await controller.connect({ url: silent, user: '', password: '', database: 'quire' });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /did not answer in time/);
    assert.equal(controller.status().state, 'off');
    await controller.close();
  } finally {
    await slow.close();
  }
  const tls = await listen(https.createServer(
    { key: fs.readFileSync(path.join(fixtures, 'self-signed.key')), cert: fs.readFileSync(path.join(fixtures, 'self-signed.crt')) },
    (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"couchdb":"Welcome","version":"3.3.3"}'),
  ));
  await refused({ url: tls }, 'url', /certificate of 127\.0\.0\.1:\d+ is not trusted/);
});

test('plain http to another computer, credentials in the address, and a database name CouchDB refuses', async () => {
  await refused({ url: 'http://couch.example.com:5984' }, 'url', /Plain http:\/\/ is refused for another computer/);
  await refused({ url: 'ftp://couch.example.com' }, 'url', /not ftp:/);
  await refused({ url: 'https://me:secret@couch.example.com' }, 'url', /in their own fields/);
  await refused({ url: server.url, database: 'Notes' }, 'database', /starts with a lower-case letter/);
  await refused({ url: server.url, database: '_users' }, 'database', /starts with a lower-case letter/);
  await refused({ url: '' }, 'url', /Enter the address/);
  await refused({ url: server.url, user: 'me:you', password: 'x' }, 'user', /cannot contain a colon/);
});

test('with a keychain the password is stored encrypted and sync resumes at the next start; without one it is asked for again', async () => {
  const keychain = testKeychain();
  const withKeychain = await computer({ secrets: keychain });
  const without = await computer();
  try {
    const database = server.freshDatabase();
    for (const x of [withKeychain, without]) {
      const result = await x.sync.connect({ url: server.url, user: server.admin.user, password: server.admin.password, database });
      assert.equal(result.ok, true);
      await until('the first sync to end', () => x.sync.status().state === 'up-to-date');
    }
    assert.ok(fs.existsSync(path.join(withKeychain.dir, SYNC_PASSWORD_FILE)));
    assert.ok(!fs.existsSync(path.join(without.dir, SYNC_PASSWORD_FILE)));
    for (const x of [withKeychain, without]) {
      for (const { file, bytes } of filesUnder(x.dir)) assert.ok(!bytes.includes(Buffer.from(server.admin.password)), `no readable password in ${file}`);
    }

    await withKeychain.restartSync();
    await until('sync to resume with the stored password', () => withKeychain.sync.status().state === 'up-to-date');
    await without.restartSync();
    const asked = without.sync.status();
    assert.equal(asked.state, 'needs-password');
    if (asked.state === 'needs-password') assert.deepEqual({ url: asked.url, user: asked.user, database: asked.database }, { url: server.url, user: server.admin.user, database });

    // A keychain that cannot open what it stored (another user, a reset keychain): asked again, nothing breaks.
    await withKeychain.restartSync({ secrets: testKeychain() });
    assert.equal(withKeychain.sync.status().state, 'needs-password');

    // Disconnect forgets the server and the password; both sides keep their documents.
    const before = (await withKeychain.db.allDocs()).rows.length;
    assert.equal((await withKeychain.sync.disconnect()).state, 'off');
    assert.ok(!fs.existsSync(path.join(withKeychain.dir, SYNC_PASSWORD_FILE)));
    assert.ok(!fs.existsSync(path.join(withKeychain.dir, SYNC_SETTINGS_FILE)));
    assert.equal((await withKeychain.db.allDocs()).rows.length, before);
  } finally {
    await withKeychain.close();
    await without.close();
  }
});
