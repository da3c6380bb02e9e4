import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/open-database';
import { assertFolderMatches, listFiles } from '../../backup/backup-testing';
import { isTempName } from '../../backup/atomic-write';
import { runCli as run, tempDir } from '../cli-testing';
import { until } from '../../testing/until';
import { cliArgs } from '../../testing/node-script';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

async function makeDb(dir: string, notes: number) {
  const db = openDatabase(dir);
  const docs: Record<string, unknown>[] = [{ _id: 'book:b', name: 'Book' }];
  for (let i = 0; i < notes; i++) docs.push({ _id: `note:n${i}`, title: `Note ${i}`, body: `text ${i} `.repeat(40), bookId: 'book:b' });
  for (let i = 0; i < 30; i++) {
    docs.push({ _id: `file:f${i}`, _attachments: { index: { content_type: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(2000, i)]).toString('base64') } } });
  }
  for (let i = 0; i < docs.length; i += 500) await db.bulkDocs(docs.slice(i, i + 500));
  for (let i = 0; i < notes; i += 10) await db.remove(await db.get(`note:n${i}`));
  await db.close();
}

/** The lastSeq of each checkpoint in the folder's state/ (none while there is none, or one is being replaced). */
function checkpoints(folder: string): unknown[] {
  const dir = path.join(folder, 'state');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.')).flatMap((name) => {
    try {
      return [(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { lastSeq?: unknown }).lastSeq];
    } catch {
      return [];
    }
  });
}

/** The CLI in a child process, from the TypeScript sources. */
function spawnCli(args: string[]) {
  const child = spawn(
    process.execPath,
    cliArgs(...args),
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

test('backup --json mirrors the database; a second run writes nothing', async () => {
  using tmp = tempDir('quire-cli-backup-');
  const db = path.join(tmp.dir, 'db');
  await makeDb(db, 50);
  const to = path.join(tmp.dir, 'backup');
  const first = await run(['backup', '--db', db, '--to', to, '--json']);
  assert.equal(first.code, 0, first.stderr.join('\n'));
  assert.deepEqual({ ...first.json(), lastSeq: undefined }, { written: 76, deleted: 5, lastSeq: undefined, folder: to });
  const second = await run(['backup', '--db', db, '--to', to, '--json']);
  assert.equal(second.json().written, 0);
  assert.equal(second.json().lastSeq, first.json().lastSeq);
  const opened = openDatabase(db);
  try {
    await assertFolderMatches(opened, to);
  } finally {
    await opened.close();
  }
});

test('bad backup folders exit 2 with one line', async () => {
  using tmp = tempDir('quire-cli-backup-');
  const db = path.join(tmp.dir, 'db');
  await makeDb(db, 1);
  fs.writeFileSync(path.join(tmp.dir, 'a-file'), 'x');
  const cases: [string, RegExp][] = [
    [path.join(db, 'inside'), /inside Quire's own data folder/],
    [path.join(tmp.dir, 'a-file'), /is a file, not a folder/],
    [path.parse(tmp.dir).root, /root of a drive/],
  ];
  for (const [to, reason] of cases) {
    const result = await run(['backup', '--db', db, '--to', to]);
    assert.equal(result.code, 2, to);
    assert.equal(result.stderr.length, 1);
    assert.match(result.stderr[0]!, reason);
  }
  assert.equal(fs.existsSync(path.join(db, 'inside')), false);
});

test('killed with SIGKILL at random points, then resumed: the folder equals the database, no partial file', async () => {
  using tmp = tempDir('quire-cli-backup-');
  const db = path.join(tmp.dir, 'db');
  await makeDb(db, 2500);
  const to = path.join(tmp.dir, 'backup');
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let killed = 0;
  for (let round = 0; round < 5; round++) {
    const started = Date.now();
    const { child, exited } = spawnCli(['backup', '--db', db, '--to', to]);
    // Kill at a random moment once the run has begun renaming files into data/note
    // (a rename touches the folder's mtime), so the kill lands mid-copy on any machine speed.
    const delay = random() * 25;
    const poll = setInterval(() => {
      const mtime = fs.statSync(path.join(to, 'data', 'note'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
      if (mtime >= started) {
        clearInterval(poll);
        setTimeout(() => child.kill('SIGKILL'), delay);
      }
    }, 2);
    const result = await exited;
    clearInterval(poll);
    // A run may finish before its kill; either way every document file in the folder is whole JSON.
    assert.ok(result.signal === 'SIGKILL' || result.code === 0, result.stderr);
    if (result.signal === 'SIGKILL') killed++;
    for (const file of listFiles(to).filter((f) => f.endsWith('.json') && !isTempName(path.basename(f)))) {
      JSON.parse(fs.readFileSync(path.join(to, file), 'utf8'));
    }
    // More work for the next run: edits, deletions, new notes.
    const opened = openDatabase(db);
    const edits = [];
    for (let k = 0; k < 200; k++) {
      const id = `note:n${1 + Math.floor(random() * 2499)}`;
      const doc = await opened.get(id).catch(() => null);
      if (doc) edits.push(k % 10 === 0 ? { ...doc, _deleted: true } : { ...doc, title: `edited ${round}` });
    }
    for (let k = 0; k < 50; k++) edits.push({ _id: `note:r${round}-${k}`, title: 'new', body: 'x'.repeat(500) });
    await opened.bulkDocs(edits.filter((d, k, all) => all.findIndex((e) => e._id === d._id) === k));
    await opened.close();
  }
  assert.ok(killed >= 3, `only ${killed} runs were killed mid-way`);
  const last = await spawnCli(['backup', '--db', db, '--to', to, '--json']).exited;
  assert.equal(last.code, 0, last.stderr);
  const opened = openDatabase(db);
  try {
    const counts = await assertFolderMatches(opened, to);
    assert.ok(counts.live > 2000 && counts.deleted > 250, JSON.stringify(counts));
  } finally {
    await opened.close();
  }
});

test('--live keeps running until SIGTERM, then exits 0 with its totals', async () => {
  using tmp = tempDir('quire-cli-backup-');
  const db = path.join(tmp.dir, 'db');
  await makeDb(db, 20);
  const to = path.join(tmp.dir, 'backup');
  const opened = openDatabase(db);
  const lastChange = (await opened.info()).update_seq;
  await opened.close();
  const { child, exited } = spawnCli(['backup', '--db', db, '--to', to, '--live', '--json']);
  // The first pass is over once the checkpoint has reached the database's last change: a run without
  // --live would exit now by itself; this one waits for changes, and SIGTERM ends it cleanly.
  await until('the checkpoint of the first pass', () => checkpoints(to).includes(lastChange));
  assert.equal(child.exitCode, null, 'still running');
  assert.ok(child.kill('SIGTERM'), 'still running');
  const result = await exited;
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
  assert.equal(json.written, 49);
  assert.equal(json.folder, to);
});
