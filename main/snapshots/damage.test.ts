// A store damaged by hand: a snapshot ref cut short, foreign files among the
// refs and the packs, a pack cut short. Verify names the damage and the
// snapshots it affects; what is not damaged still lists and restores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempFolder } from '../restore/restore-testing';
import type { Database } from '../db/open-database';
import { ObjectStore, STORE_DIR, docKey, listSnapshots, pruneStore, restoreSnapshot, takeSnapshot, verifyStore } from './index';
import { treeCache } from './snapshots';
import { REPAIR_FILE } from './store';
import { noteHistory, readVersion } from './history';
import { planSnapshotRestore } from './restore-plan';

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

/** Flips bytes in the middle of an object as its pack holds it. */
function damageObject(folder: string, oid: string): void {
  const store = ObjectStore.open(folder, { create: false })!;
  let pack: string;
  let offset: number;
  try {
    const place = store.placeOf(oid);
    pack = store.packFiles()[Math.floor(place / 2 ** 40)]!.pack;
    offset = place % 2 ** 40;
  } finally {
    store.close();
  }
  const fd = fs.openSync(pack, 'r+');
  try {
    fs.writeSync(fd, Buffer.from([0xde, 0xad, 0xbe, 0xef]), 0, 4, offset + 4);
  } finally {
    fs.closeSync(fd);
  }
}

/** A database of 30 notes in `t` and its backup folder with two snapshots; the second's description. */
async function withTwoSnapshots(t: ReturnType<typeof tempFolder>) {
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  const { second } = await twoSnapshots(db, folder);
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    return { db, folder, second, snapshot: listSnapshots(store).snapshots.find((s) => s.id === second.snapshot)! };
  } finally {
    store.close();
  }
}

/** The snapshot's last fan-out tree above the note `id` (format 2: data/<h0>/<h1>/<h2>/), and the note's hash. */
function leafTreeOf(store: ObjectStore, tree: string, id: string): { oid: string; hash: string; trees: (oid: string) => { name: string; oid: string }[] } {
  const { hash } = docKey(id);
  const trees = treeCache(store);
  let oid = trees(tree).find((e) => e.name === 'data')!.oid;
  for (const name of hash.slice(0, 3)) oid = trees(oid).find((e) => e.name === name)!.oid;
  return { oid, hash, trees };
}

/** Damages the snapshot's last fan-out tree above the note `id`; the tree, the note's hash and the 30 notes under that tree. */
function damageLeafTree(folder: string, snapshot: { tree: string }, id: string): { oid: string; hash: string; under: string[] } {
  const store = ObjectStore.open(folder, { create: false })!;
  let leaf: { oid: string; hash: string };
  try {
    leaf = leafTreeOf(store, snapshot.tree, id);
  } finally {
    store.close();
  }
  damageObject(folder, leaf.oid);
  const under = Array.from({ length: 30 }, (_, i) => `note:n${i}`).filter((n) => docKey(n).hash.startsWith(leaf.hash.slice(0, 3)));
  return { ...leaf, under };
}

test('a fan-out tree damaged: restore skips the documents under it and restores the others; Restore to… does not take them for notes created since', TIMEOUT, async () => {
  await using t = tempFolder('quire-damage-');
  const { db, folder, snapshot } = await withTwoSnapshots(t);
  const { hash, under } = damageLeafTree(folder, snapshot, 'note:n5');
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    const fresh = t.open('fresh');
    const restored = await restoreSnapshot(fresh, store, snapshot);
    assert.deepEqual(restored.skipped.map((s) => s.path), [`${snapshot.id}:data/${hash.slice(0, 3)}*`]);
    assert.match(restored.skipped[0]!.reason, /cannot be read/);
    assert.equal(restored.restored, 31 - under.length, 'the book and every note not under the damaged tree');
    assert.equal(((await fresh.get('note:n1')) as unknown as { body: string }).body, under.includes('note:n1') ? undefined : 'second');
    // The notes under it are still in the database: not "created since" the snapshot, whose copy cannot be read.
    const plan = await planSnapshotRestore(db, store, snapshot);
    assert.deepEqual(plan.createdSince, []);
    assert.deepEqual(plan.unreadable.map((u) => u.id), [`data/${hash.slice(0, 3)}*`]);
  } finally {
    store.close();
  }
});

test('refs that are damaged are never written over, and refs naming a tree or a cut-short packed-refs line are reported, not fatal', TIMEOUT, async () => {
  await using t = tempFolder('quire-damage-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  const { second } = await twoSnapshots(db, folder);
  const refDir = path.join(folder, STORE_DIR, 'refs', 'snapshots', second.client);
  const newest = fs.readdirSync(refDir).sort().at(-1)!;
  fs.writeFileSync(path.join(refDir, newest), second.snapshot.slice(0, 10)); // cut short: the commit is still there
  // While it is damaged, prune reclaims nothing: the commit it named cannot be told from garbage.
  const storeNow = ObjectStore.open(folder, { create: false })!;
  try {
    const packs = storeNow.packFiles().length;
    const pruned = pruneStore(storeNow, { now: new Date(Date.now() + 3 * 86_400_000), graceMs: 0 });
    assert.deepEqual(pruned.heldBackBy, [`${second.client}/${newest}`]);
    assert.equal(pruned.markedPacks, 0);
    assert.equal(storeNow.packFiles().length, packs);
    assert.equal(storeNow.read(second.snapshot).type, 'commit', 'the snapshot the damaged ref named is whole');
  } finally {
    storeNow.close();
  }
  await db.put({ ...(await db.get('note:n2')), body: 'third' });
  const third = await takeSnapshot(db, folder);
  assert.equal(fs.readFileSync(path.join(refDir, newest), 'utf8'), second.snapshot.slice(0, 10), 'the damaged ref is as it was');
  assert.equal(fs.readdirSync(refDir).sort().at(-1), String(Number(newest) + 1).padStart(newest.length, '0'));

  let store = ObjectStore.open(folder, { create: false })!;
  const snapshot = listSnapshots(store).snapshots.find((s) => s.id === third.snapshot)!;
  store.close();
  // A ref naming the snapshot's tree, not a commit; packed-refs whose last line was cut short.
  fs.mkdirSync(path.join(folder, STORE_DIR, 'refs', 'snapshots', 'other'));
  fs.writeFileSync(path.join(folder, STORE_DIR, 'refs', 'snapshots', 'other', '0000000001'), `${snapshot.tree}\n`);
  fs.writeFileSync(path.join(folder, STORE_DIR, 'packed-refs'), `# pack-refs with: peeled fully-peeled sorted\n${second.snapshot} refs/heads/main\n${second.snapshot} refs/snaps`);
  store = ObjectStore.open(folder, { create: false })!;
  try {
    const { snapshots, unreadable } = listSnapshots(store);
    assert.ok(snapshots.some((s) => s.id === third.snapshot));
    assert.deepEqual(unreadable.map((u) => u.oid), [snapshot.tree]);
    assert.match(unreadable[0]!.reason, /is a tree, not a snapshot's commit/);
    const result = verifyStore(store);
    const named = result.damaged.flatMap((d) => d.snapshots);
    assert.ok(named.includes(`${second.client}/${newest}`), JSON.stringify(result.damaged));
    assert.ok(named.includes('packed-refs: line 3'), JSON.stringify(result.damaged));
    assert.ok(named.includes(snapshot.tree), JSON.stringify(result.damaged));
  } finally {
    store.close();
  }
});

test('damage is not carried on: a damaged tree the next snapshot needs, or damage verify found, makes that snapshot whole and new', TIMEOUT, async () => {
  await using t = tempFolder('quire-damage-');
  const { db, folder, second, snapshot } = await withTwoSnapshots(t);
  let store = ObjectStore.open(folder, { create: false })!;
  const { oid } = leafTreeOf(store, snapshot.tree, 'note:n7');
  const n9 = leafTreeOf(store, snapshot.tree, 'note:n9');
  const n9Blob = n9.trees(n9.oid).find((e) => e.name === `${n9.hash}.json`)!.oid;
  store.close();

  // A tree the next snapshot must change cannot be read: that snapshot is taken from the whole database.
  damageObject(folder, oid);
  await db.put({ ...(await db.get('note:n7')), body: 'seventh, edited' });
  const third = await takeSnapshot(db, folder);
  assert.equal(third.unchanged, false);
  store = ObjectStore.open(folder, { create: false })!;
  try {
    const newest = listSnapshots(store).snapshots.find((s) => s.id === third.snapshot)!;
    const fresh = t.open('fresh');
    const restored = await restoreSnapshot(fresh, store, newest);
    assert.deepEqual(restored.skipped, []);
    assert.equal(restored.restored, 31);
    assert.equal(((await fresh.get('note:n7')) as unknown as { body: string }).body, 'seventh, edited');
  } finally {
    store.close();
  }

  // A document's file damaged while the note is unchanged: found by verify (the CLI then leaves REPAIR_FILE), the
  // next snapshot writes a new copy, and every snapshot naming it reads again.
  damageObject(folder, n9Blob);
  store = ObjectStore.open(folder, { create: false })!;
  try {
    const found = verifyStore(store).damaged;
    assert.ok(found.some((d) => d.object === n9Blob), JSON.stringify(found) + n9Blob + JSON.stringify(store.packFiles().map((p) => [p.pack.slice(-50), p.oids.includes(n9Blob)])));
  } finally {
    store.close();
  }
  fs.writeFileSync(path.join(folder, STORE_DIR, REPAIR_FILE), 'now\n');
  await takeSnapshot(db, folder);
  assert.equal(fs.existsSync(path.join(folder, STORE_DIR, REPAIR_FILE)), false, 'done with');
  store = ObjectStore.open(folder, { create: false })!;
  try {
    const left = verifyStore(store).damaged;
    assert.ok(!left.some((d) => d.object === n9Blob), JSON.stringify(left));
    assert.equal(left.every((d) => d.snapshots.includes(second.snapshot) && !d.snapshots.includes(third.snapshot)), true, 'only the tree of the second snapshot stays damaged');
  } finally {
    store.close();
  }
});

test('a damaged attachment: the note is skipped on restore with the reason, and its text is still in History', TIMEOUT, async () => {
  await using t = tempFolder('quire-damage-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs([{ _id: 'book:b1', name: 'Book', createdAt: 1, updatedAt: 1 }, note(1, 'plain'), {
    ...note(2, 'the text with a picture'),
    _attachments: { 'pic.png': { content_type: 'image/png', data: Buffer.from('not really a png, but bytes all the same').toString('base64') } },
  }]);
  const taken = await takeSnapshot(db, folder);
  let store = ObjectStore.open(folder, { create: false })!;
  const snapshot = listSnapshots(store).snapshots.find((s) => s.id === taken.snapshot)!;
  const { oid, hash, trees } = leafTreeOf(store, snapshot.tree, 'note:n2');
  const docTree = trees(oid).find((e) => e.name === hash)!.oid;
  const file = trees(docTree).find((e) => e.name !== 'doc.json')!.oid;
  store.close();
  damageObject(folder, file);
  store = ObjectStore.open(folder, { create: false })!;
  try {
    const fresh = t.open('fresh');
    const restored = await restoreSnapshot(fresh, store, snapshot);
    assert.equal(restored.skipped.length, 1);
    assert.match(restored.skipped[0]!.path, new RegExp(`${hash}$`));
    assert.equal(restored.restored, 2, 'the book and the other note');
  } finally {
    store.close();
  }
  const history = await noteHistory(db, folder, 'note:n2');
  const version = history.entries.find((e) => e.source === 'snapshot')!;
  assert.equal((await readVersion(db, folder, 'note:n2', version.key)).body, 'the text with a picture');
});

test('verify names the notes under a damaged fan-out tree by their ids, from another snapshot that holds them', TIMEOUT, async () => {
  await using t = tempFolder('quire-damage-');
  // note:n1 was edited between the two snapshots: its leaf tree differs, and the first snapshot's copy is whole.
  const { folder, snapshot } = await withTwoSnapshots(t);
  const { oid, under } = damageLeafTree(folder, snapshot, 'note:n1');
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    const found = verifyStore(store).damaged.find((d) => d.object === oid)!;
    assert.deepEqual(found.snapshots, [snapshot.id]);
    assert.deepEqual([...found.notes].sort(), [...under].sort());
  } finally {
    store.close();
  }
});
