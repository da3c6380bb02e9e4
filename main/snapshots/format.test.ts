// Snapshot formats (docs/snapshot-format.md, "Format versions"): a store
// written by Quire's format 1 (one level of 256 fan-out trees) is read,
// verified, restored and listed by this version, and the next snapshot into
// it is written in format 2 (three levels of 16) on top of the format 1 one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { contentOf, tempFolder } from '../restore/restore-testing';
import type { Database } from '../db/open-database';
import { FORMAT_FILE, ObjectStore, STORE_DIR, documentHistory, entryOf, listSnapshots, pruneStore, restoreSnapshot, takeSnapshot, verifyStore } from './index';
import { DATA_TREE, docKey } from './snapshots';
import { parseTree } from './git-objects';
import { noteHistory } from './history';

const png = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(3000 + n, n % 251)]);
const note = (i: number, body = `Body of note ${i}\n`.repeat(10)) => ({
  _id: `note:n${i}`, title: `Note ${i}`, body, bookId: 'book:b1', tags: [], createdAt: 1, updatedAt: 1,
});
const image = (id: string, bytes: Buffer) => ({
  _id: id, name: `${id}.png`, contentType: 'image/png', contentLength: bytes.length, createdAt: 1, publicIn: [],
  _attachments: { index: { content_type: 'image/png', data: bytes.toString('base64') } },
});

async function edit(db: Database, id: string, change: Record<string, unknown>): Promise<void> {
  await db.put({ ...(await db.get(id)), ...change });
}

/** The live documents of a database, comparable across databases. */
async function liveContent(db: Database) {
  return new Map([...(await contentOf(db))].filter(([, d]) => !d.deleted));
}

/** The names of the trees under a snapshot's data/ section, level by level, down to the first document entry. */
function fanNames(store: ObjectStore, tree: string): string[] {
  const names: string[] = [];
  let entries = parseTree(store.read(parseTree(store.read(tree).data).find((e) => e.name === DATA_TREE)!.oid).data);
  while (entries[0]!.name.length <= 2) {
    names.push(entries[0]!.name);
    entries = parseTree(store.read(entries[0]!.oid).data);
  }
  return names;
}

test('a format 1 store: read, verified, restored and listed; the next snapshot is format 2 on top of it, and the store says so', { timeout: 120_000 }, async () => {
  await using t = tempFolder('quire-snapshots-format-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs([{ _id: 'book:b1', name: 'Book', createdAt: 1, updatedAt: 1 }, ...Array.from({ length: 60 }, (_, i) => note(i)), image('file:f1', png(1))]);
  const states: Map<string, unknown>[] = [];
  await takeSnapshot(db, folder, { format: 1 });
  states.push(await liveContent(db));
  await edit(db, 'note:n1', { body: 'first edit' });
  await db.remove(await db.get('note:n2'));
  await takeSnapshot(db, folder, { format: 1 });
  states.push(await liveContent(db));
  // As an older Quire left it: its format file says 1.
  const formatFile = path.join(folder, STORE_DIR, FORMAT_FILE);
  fs.writeFileSync(formatFile, `${JSON.stringify({ formatVersion: 1 })}\n`);

  await edit(db, 'note:n1', { body: 'second edit' });
  await edit(db, 'file:f1', image('file:f1', png(2)));
  const upgraded = await takeSnapshot(db, folder);
  states.push(await liveContent(db));
  assert.equal(upgraded.changed, 2, 'the first format 2 snapshot builds on the format 1 one: only what changed since');
  assert.equal((JSON.parse(fs.readFileSync(formatFile, 'utf8')) as { formatVersion: number }).formatVersion, 2);

  const store = ObjectStore.open(folder, { create: false })!;
  try {
    const { snapshots } = listSnapshots(store);
    assert.deepEqual(snapshots.map((s) => s.format), [1, 1, 2]);
    const { hash } = docKey('note:n1');
    assert.deepEqual(fanNames(store, snapshots[0]!.tree).map((n) => n.length), [2]);
    assert.deepEqual(fanNames(store, snapshots[2]!.tree).map((n) => n.length), [1, 1, 1]);
    assert.ok(entryOf(store, snapshots[0]!.tree, 'note:n1')!.entry.name.startsWith(hash));
    assert.ok(entryOf(store, snapshots[2]!.tree, 'note:n1')!.entry.name.startsWith(hash));
    assert.equal(entryOf(store, snapshots[2]!.tree, 'note:n2')!.section, 'deleted');
    assert.deepEqual(verifyStore(store), { snapshots: 3, objects: verifyStore(store).objects, damaged: [] });
    for (const [i, s] of snapshots.entries()) {
      const fresh = t.open(`fresh${i}`);
      const restored = await restoreSnapshot(fresh, store, s);
      assert.equal(restored.skippedCount, 0, JSON.stringify(restored.skipped.slice(0, 3)));
      assert.deepEqual(await liveContent(fresh), states[i], `snapshot ${i + 1} (format ${s.format})`);
    }
    assert.deepEqual(documentHistory(store, snapshots, 'note:n1').versions.map((v) => v.snapshot), snapshots.map((s) => s.id));
    assert.deepEqual(documentHistory(store, snapshots, 'note:n2').versions.map((v) => v.deleted), [false, true]);
    assert.equal(pruneStore(store).kept, 3);
  } finally {
    store.close();
  }
  const history = await noteHistory(db, folder, 'note:n1');
  assert.deepEqual(history.problems, []);
  assert.deepEqual(history.entries.filter((e) => e.source === 'snapshot').map((e) => e.title), ['Note 1', 'Note 1', 'Note 1']);
  const fsck = spawnSync('git', ['--git-dir', path.join(folder, STORE_DIR), 'fsck', '--full', '--strict'], { encoding: 'utf8' });
  assert.equal(fsck.status, 0, fsck.stderr + fsck.stdout);
});

test('a store of a format newer than this version is refused in words', { timeout: 60_000 }, async () => {
  await using t = tempFolder('quire-snapshots-format-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.put(note(1));
  await takeSnapshot(db, folder);
  fs.writeFileSync(path.join(folder, STORE_DIR, FORMAT_FILE), `${JSON.stringify({ formatVersion: 3 })}\n`);
  assert.throws(() => ObjectStore.open(folder, { create: false }), /made by a newer version of Quire \(snapshot format 3; this version knows format 2\)/);
});
