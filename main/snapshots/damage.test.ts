// A store damaged by hand: a snapshot ref cut short, foreign files among the
// refs and the packs, a pack cut short. Verify names the damage and the
// snapshots it affects; what is not damaged still lists and restores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempFolder } from '../restore/restore-testing';
import type { Database } from '../db/open-database';
import { ObjectStore, STORE_DIR, listSnapshots, restoreSnapshot, takeSnapshot, verifyStore } from './index';

const TIMEOUT = { timeout: 120_000 };
const note = (i: number, body: string) => ({ _id: `note:n${i}`, title: `Note ${i}`, body, bookId: 'book:b1', tags: [], createdAt: 1, updatedAt: 1 });

async function twoSnapshots(db: Database, folder: string) {
  await db.bulkDocs([{ _id: 'book:b1', name: 'Book', createdAt: 1, updatedAt: 1 }, ...Array.from({ length: 30 }, (_, i) => note(i, `text ${i}\n`.repeat(30)))]);
  const first = await takeSnapshot(db, folder);
  await db.put({ ...(await db.get('note:n1')), body: 'second' });
  const second = await takeSnapshot(db, folder);
  return { first, second };
}

test('a snapshot ref cut short and foreign files: verify names the ref, the other snapshots list and restore', TIMEOUT, async () => {
  await using t = tempFolder('quire-damage-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  const { first, second } = await twoSnapshots(db, folder);
  const gitdir = path.join(folder, STORE_DIR);
  const refDir = path.join(gitdir, 'refs', 'snapshots', first.client);
  const [firstRef] = fs.readdirSync(refDir).sort();
  fs.writeFileSync(path.join(refDir, firstRef!), first.snapshot.slice(0, 11));
  fs.writeFileSync(path.join(refDir, 'notes.txt'), 'a foreign file');
  fs.writeFileSync(path.join(gitdir, 'objects', 'pack', 'desktop.ini'), '[.ShellClassInfo]');
  fs.writeFileSync(path.join(gitdir, 'objects', 'README'), 'hello');
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    const { snapshots } = listSnapshots(store);
    assert.deepEqual(snapshots.map((s) => s.id), [second.snapshot]);
    const result = verifyStore(store);
    assert.deepEqual(result.damaged.map((d) => d.snapshots[0]).sort(), [`${first.client}/${firstRef}`, `${first.client}/notes.txt`].sort());
    assert.ok(result.damaged.every((d) => /snapshot ref names no commit/.test(d.reason)));
    const fresh = t.open('fresh');
    const restored = await restoreSnapshot(fresh, store, snapshots[0]!);
    assert.equal(restored.skippedCount, 0);
    assert.equal(((await fresh.get('note:n1')) as unknown as { body: string }).body, 'second');
  } finally {
    store.close();
  }
});

test('a pack cut short: verify reports the objects lost and the snapshots that need them, without throwing', TIMEOUT, async () => {
  await using t = tempFolder('quire-damage-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await twoSnapshots(db, folder);
  let store = ObjectStore.open(folder, { create: false })!;
  const packs = store.packFiles().sort((a, b) => b.bytes - a.bytes);
  store.close();
  const biggest = packs[0]!;
  fs.truncateSync(biggest.pack, Math.floor(biggest.bytes / 2));
  store = ObjectStore.open(folder, { create: false })!;
  try {
    const result = verifyStore(store);
    assert.ok(result.damaged.length > 0);
    const affected = new Set(result.damaged.flatMap((d) => d.snapshots));
    assert.ok(affected.size > 0);
    for (const d of result.damaged) assert.match(d.reason, /cut short|cannot be decompressed|missing|does not match/);
  } finally {
    store.close();
  }
});
