// quire sync against a real CouchDB-protocol server: one pass each way with
// its counts, a second pass that finds nothing to do, a conflict counted,
// --live until SIGTERM, and refusals that name the problem (no password, a
// wrong one, plain http to another computer).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/open-database';
import { startCouchServer, type CouchServer } from '../../testing/couch-server';
import { until } from '../../testing/until';
import { runCli as run, tempDir } from '../cli-testing';
import { cliArgs } from '../../testing/node-script';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let server: CouchServer;
before(async () => {
  server = await startCouchServer();
  process.env.QUIRE_SYNC_PASSWORD = server.admin.password;
});
after(async () => {
  delete process.env.QUIRE_SYNC_PASSWORD;
  await server.stop();
});

/** A note as Quire writes it (documents failing Quire's schema are not taken from the server). */
const quireNote = (id: string, title: string, body = '') => ({ _id: id, title, body, bookId: 'book:b', tags: [], createdAt: 1, updatedAt: 1 });

async function makeDb(dir: string, docs: Record<string, unknown>[]) {
  const db = openDatabase(dir);
  await db.bulkDocs(docs);
  await db.close();
}

test('one pass each way: counts, a second pass with nothing to do, and a conflict counted', async () => {
  using tmp = tempDir();
  const a = path.join(tmp.dir, 'a');
  const b = path.join(tmp.dir, 'b');
  await makeDb(a, [{ _id: 'book:b', name: 'Book', parentBookId: null, createdAt: 1, updatedAt: 1 }, ...Array.from({ length: 30 }, (_, i) => quireNote(`note:n${i}`, `N${i}`, 'x'))]);
  await makeDb(b, [quireNote('note:from-b', 'B', 'y')]);
  const database = server.freshDatabase();
  const args = (db: string) => ['sync', '--db', db, '--url', server.url, '--user', server.admin.user, '--database', database, '--json'];

  const first = await run(args(a));
  assert.equal(first.code, 0, first.stderr.join('\n'));
  assert.deepEqual({ ...first.json(), lastSeq: undefined }, { pushed: 31, pulled: 0, conflicts: 0, lastSeq: undefined });
  const second = await run(args(b));
  assert.equal(second.code, 0);
  assert.equal(second.json().pushed, 1);
  assert.equal(second.json().pulled, 31);
  const again = await run(args(a));
  assert.equal(again.json().pulled, 1, 'b\'s note arrives');
  const idle = await run(args(a));
  assert.deepEqual([idle.json().pushed, idle.json().pulled], [0, 0], 'nothing left to do');

  // The same note changed on both before either syncs: one conflict, counted where it meets.
  for (const [dir, body] of [[a, 'from a'], [b, 'from b']] as const) {
    const db = openDatabase(dir);
    const note = await db.get('note:n1');
    await db.put({ ...note, body });
    await db.close();
  }
  assert.equal((await run(args(a))).json().conflicts, 0, 'a alone: no conflict yet');
  const meet = await run(args(b));
  const db = openDatabase(b);
  const note = await db.get('note:n1', { conflicts: true, revs_info: true });
  await db.close();
  // Both checked before either is asserted, so a failure says which side is off (the count or the database).
  const seen = JSON.stringify({ printed: meet.json(), rev: note._rev, conflicts: (note as { _conflicts?: string[] })._conflicts, stderr: meet.stderr });
  assert.equal((note as { _conflicts?: string[] })._conflicts?.length, 1, `both versions kept: ${seen}`);
  assert.equal(meet.json().conflicts, 1, `the conflict counted: ${seen}`);
});

test('--live keeps syncing until SIGTERM, then prints its totals and exits 0', async () => {
  using tmp = tempDir();
  const a = path.join(tmp.dir, 'a');
  await makeDb(a, [quireNote('note:first', 'first')]);
  const database = server.freshDatabase();
  const child = spawn(
    process.execPath,
    cliArgs('sync', '--db', a, '--url', server.url, '--user', server.admin.user, '--database', database, '--live', '--json'),
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, QUIRE_SYNC_PASSWORD: server.admin.password } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  // A document put on the server while the CLI runs arrives in its database.
  const auth = `Basic ${Buffer.from(`${server.admin.user}:${server.admin.password}`).toString('base64')}`;
  await until('the live sync to be up to date', () => stderr.includes('sync: up-to-date'));
  const put = await fetch(new URL(`${database}/note:from-server`, server.url), {
    method: 'PUT', headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...quireNote('note:from-server', 'from the server'), _id: undefined }),
  });
  assert.equal(put.status, 201);
  await until('the server\'s note to be pulled', () => (stderr.match(/sync: up-to-date/g) ?? []).length >= 2);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  const totals = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  assert.equal(totals.pushed, 1);
  assert.equal(totals.pulled, 1);
  const db = openDatabase(a);
  assert.equal((await db.get('note:from-server')).title, 'from the server');
  await db.close();
});

test('refusals name the problem: no password, a wrong one, plain http to another computer, a missing database folder', async () => {
  using tmp = tempDir();
  const a = path.join(tmp.dir, 'a');
  await makeDb(a, [quireNote('note:x', 'x')]);
  const wrong = await (async () => {
    process.env.QUIRE_SYNC_PASSWORD = 'wrong';
    try {
      return await run(['sync', '--db', a, '--url', server.url, '--user', server.admin.user]);
    } finally {
      process.env.QUIRE_SYNC_PASSWORD = server.admin.password;
    }
  })();
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr.join('\n'), /401: user name or password not accepted/);
  const plain = await run(['sync', '--db', a, '--url', 'http://couch.example.com:5984']);
  assert.equal(plain.code, 2);
  assert.match(plain.stderr.join('\n'), /Plain http:\/\/ is refused/);
  const missing = await run(['sync', '--db', path.join(tmp.dir, 'nothing'), '--url', server.url]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr.join('\n'), /no Quire database/);
  delete process.env.QUIRE_SYNC_PASSWORD;
  try {
    const none = await run(['sync', '--db', a, '--url', server.url, '--user', 'someone']);
    assert.equal(none.code, 2);
    assert.match(none.stderr.join('\n'), /set QUIRE_SYNC_PASSWORD/);
  } finally {
    process.env.QUIRE_SYNC_PASSWORD = server.admin.password;
  }
});
