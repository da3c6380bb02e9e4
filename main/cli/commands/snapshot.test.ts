import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/open-database';
import { tempFolder } from '../../restore/restore-testing';
import { runCli as run } from '../cli-testing';
import { FORMAT_FILE, STORE_DIR } from '../../snapshots/index';

const TIMEOUT = { timeout: 120_000 };
const note = (i: number, body = `Body ${i}\n`) => ({ _id: `note:n${i}`, title: `Note ${i}`, body, bookId: 'book:b', tags: [], createdAt: 1, updatedAt: 1 });

async function withDb(dir: string, fn: (db: ReturnType<typeof openDatabase>) => Promise<unknown>) {
  const db = openDatabase(dir);
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

async function editNote(dir: string, i: number, body: string) {
  await withDb(dir, async (db) => {
    const doc = await db.get(`note:n${i}`);
    await db.put({ ...doc, body });
  });
}

test('snapshot, snapshots, history, restore --snapshot/--at: the JSON each prints', TIMEOUT, async () => {
  await using t = tempFolder('quire-cli-snapshot-');
  const db = t.path('db');
  const folder = t.path('backup');
  await withDb(db, (d) => d.bulkDocs([{ _id: 'book:b', name: 'Book', createdAt: 1, updatedAt: 1 }, ...Array.from({ length: 5 }, (_, i) => note(i))]));
  const first = await run(['snapshot', '--db', db, '--to', folder, '--json']);
  assert.equal(first.code, 0, first.stderr.join('\n'));
  const one = first.json();
  assert.deepEqual(Object.keys(one).sort(), ['changed', 'docs', 'newBytes', 'newObjects', 'seq', 'snapshot', 'time', 'unchanged']);
  assert.equal(one.unchanged, false);
  const again = (await run(['snapshot', '--db', db, '--to', folder, '--json'])).json();
  assert.deepEqual([again.snapshot, again.unchanged, again.newObjects], [one.snapshot, true, 0]);
  // A --db that is not there: refused, and no --to folder is made for it.
  assert.equal((await run(['snapshot', '--db', t.path('nowhere'), '--to', t.path('new-backup')])).code, 2);
  assert.equal(fs.existsSync(t.path('new-backup')), false);
  assert.equal(one.docs, 6);
  await editNote(db, 1, 'second version');
  const second = (await run(['snapshot', '--db', db, '--to', folder, '--json'])).json();
  assert.equal(second.changed, 1);
  assert.ok((second.seq as number) > (one.seq as number));

  const list = await run(['snapshots', '--from', folder, '--json']);
  assert.equal(list.code, 0);
  const snapshots = list.json().snapshots as Record<string, unknown>[];
  assert.deepEqual(snapshots.map((s) => s.id), [one.snapshot, second.snapshot]);
  assert.deepEqual(Object.keys(snapshots[0]!).sort(), ['changed', 'client', 'docs', 'id', 'seq', 'time']);

  const history = await run(['history', '--from', folder, '--id', 'note:n1', '--json']);
  const versions = history.json().versions as Record<string, unknown>[];
  assert.deepEqual(versions.map((v) => v.snapshot), [one.snapshot, second.snapshot]);
  const old = await run(['history', '--from', folder, '--id', 'note:n1', '--snapshot', (one.snapshot as string).slice(0, 10), '--json']);
  assert.equal(old.code, 0, old.stderr.join('\n'));
  assert.equal((old.json().doc as Record<string, unknown>).body, 'Body 1\n');
  assert.equal((await run(['history', '--from', folder, '--id', 'note:nope', '--snapshot', one.snapshot as string])).code, 2);

  const restored = await run(['restore', '--db', t.path('fresh'), '--from', folder, '--snapshot', one.snapshot as string, '--json']);
  assert.equal(restored.code, 0, restored.stderr.join('\n'));
  assert.deepEqual(restored.json(), { snapshot: one.snapshot, restored: 6, upToDate: 0, stillDeleted: 0, conflicts: 0, skipped: [] });
  await withDb(t.path('fresh'), async (d) => assert.equal(((await d.get('note:n1')) as unknown as { body: string }).body, 'Body 1\n'));
  const latest = await run(['restore', '--db', t.path('fresh2'), '--from', folder, '--at', new Date(Date.now() + 60_000).toISOString(), '--json']);
  assert.equal(latest.json().snapshot, second.snapshot);
  // Into the database itself after a note was deleted there: it is said to stay deleted, not counted as up to date.
  await withDb(db, async (d) => d.remove((await d.get('note:n3')) as never));
  const intoItself = await run(['restore', '--db', db, '--from', folder, '--snapshot', second.snapshot as string, '--json']);
  assert.deepEqual(intoItself.json(), { snapshot: second.snapshot, restored: 0, upToDate: 5, stillDeleted: 1, conflicts: 0, skipped: [] });
  assert.match((await run(['restore', '--db', db, '--from', folder, '--snapshot', second.snapshot as string])).stdout.join('\n'), /still deleted 1 /);
  const tooEarly = await run(['restore', '--db', t.path('fresh3'), '--from', folder, '--at', '2000-01-01T00:00:00Z', '--json']);
  assert.equal(tooEarly.code, 2);
  assert.equal(fs.existsSync(t.path('fresh3')), false, 'no database is made for a snapshot that is not there');

  const prune = await run(['snapshot', 'prune', '--from', folder, '--dry-run', '--json']);
  assert.equal(prune.code, 0, prune.stderr.join('\n'));
  assert.deepEqual(prune.json(), { kept: 2, removed: [], reclaimedBytes: 0, dryRun: true, heldBackBy: [] });
});

test('snapshot verify: exit 0 when whole, 1 with the damaged object listed; a newer store is refused (exit 2)', TIMEOUT, async () => {
  await using t = tempFolder('quire-cli-snapshot-');
  const db = t.path('db');
  const folder = t.path('backup');
  await withDb(db, (d) => d.bulkDocs(Array.from({ length: 5 }, (_, i) => note(i))));
  const taken = (await run(['snapshot', '--db', db, '--to', folder, '--json'])).json();
  const ok = await run(['snapshot', 'verify', '--from', folder, '--json']);
  assert.equal(ok.code, 0, ok.stderr.join('\n'));
  assert.deepEqual(ok.json().damaged, []);
  // Truncate the pack: the objects at its end are cut short.
  const packDir = path.join(folder, STORE_DIR, 'objects', 'pack');
  const pack = fs.readdirSync(packDir).find((n) => n.endsWith('.pack'))!;
  const bytes = fs.readFileSync(path.join(packDir, pack));
  fs.writeFileSync(path.join(packDir, pack), bytes.subarray(0, bytes.length - 200));
  const bad = await run(['snapshot', 'verify', '--from', folder, '--json']);
  assert.equal(bad.code, 1);
  const damaged = bad.json().damaged as { snapshots: string[] }[];
  assert.ok(damaged.length > 0);
  assert.ok(damaged.every((d) => d.snapshots.includes(taken.snapshot as string)));
  assert.match(bad.stderr.join('\n'), /damaged/);
  // The next snapshot is then taken whole, mending what the database can make again.
  assert.equal(fs.existsSync(path.join(folder, STORE_DIR, 'quire-repair')), true);
  assert.match((await run(['snapshot', 'verify', '--from', folder])).stdout.join('\n'), /The next snapshot writes new copies/);
  // A snapshot named by a ref whose commit is missing: said to be unreadable, not unknown.
  fs.mkdirSync(path.join(folder, STORE_DIR, 'refs', 'snapshots', 'other'), { recursive: true });
  fs.writeFileSync(path.join(folder, STORE_DIR, 'refs', 'snapshots', 'other', '0000000001'), `${'ab'.repeat(20)}\n`);
  const unreadable = await run(['restore', '--db', t.path('fresh'), '--from', folder, '--snapshot', 'abab']);
  assert.equal(unreadable.code, 2);
  assert.match(unreadable.stderr.join('\n'), /snapshot abab.* cannot be read: .*missing/);

  fs.writeFileSync(path.join(folder, STORE_DIR, FORMAT_FILE), JSON.stringify({ formatVersion: 99 }));
  for (const args of [['snapshots', '--from', folder], ['snapshot', '--db', db, '--to', folder], ['snapshot', 'verify', '--from', folder]]) {
    const refused = await run([...args, '--json']);
    assert.equal(refused.code, 2, args.join(' '));
    assert.match(refused.stderr.join('\n'), /made by a newer version of Quire/);
  }
  const none = await run(['snapshots', '--from', t.path('db'), '--json']);
  assert.equal(none.code, 2);
  assert.match(String(none.json().error), /has no snapshots/);
});
