// The store's internals: deltas in merged packs (git still reads and checks
// them), and prune's two steps (mark, then sweep after the grace period)
// against a snapshot that names objects of a pack being pruned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { contentOf, tempFolder } from '../restore/restore-testing';
import type { Database } from '../db/open-database';
import { ObjectError, ObjectStore, STORE_DIR, documentHistory, entryOf, listSnapshots, pruneStore, readEntry, restoreSnapshot, takeSnapshot, verifyStore } from './index';
import { FORMAT_FILE, GARBAGE_DIR, PRUNE_GRACE_MS, SnapshotStoreError } from './store';
import { geometricSplit } from './repack';
import { walkEntries } from './snapshots';

const TIMEOUT = { timeout: 120_000 };
const H = 3600_000;

function fsck(folder: string): void {
  const run = spawnSync('git', ['--git-dir', path.join(folder, STORE_DIR), 'fsck', '--full', '--strict'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr + run.stdout);
}

/** How many objects of the store's packs git sees stored as deltas. */
function deltaCount(folder: string): number {
  const dir = path.join(folder, STORE_DIR, 'objects', 'pack');
  let n = 0;
  for (const idx of fs.readdirSync(dir).filter((f) => f.endsWith('.idx'))) {
    const run = spawnSync('git', ['verify-pack', '-v', path.join(dir, idx)], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    n += run.stdout.split('\n').filter((l) => /^[0-9a-f]{40} \w+ +\d+ \d+ \d+ \d+ [0-9a-f]{40}/.test(l)).length;
  }
  return n;
}

async function edit(db: Database, id: string, change: Record<string, unknown>): Promise<void> {
  await db.put({ ...(await db.get(id)), ...change });
}

const note = (i: number, body: string) => ({ _id: `note:n${i}`, title: `Note ${i}`, body, bookId: 'book:b1', tags: [], createdAt: 1, updatedAt: 1 });
const book = { _id: 'book:b1', name: 'Book', createdAt: 1, updatedAt: 1 };

const bigBody = (i: number) => Array.from({ length: 1500 }, (_, l) => `Line ${l} of a long note ${i}: the quick brown fox jumps over the lazy dog.`).join('\n');

test('a small edit to a large note costs a delta, not the note again; git reads and checks the store', TIMEOUT, async () => {
  await using t = tempFolder('quire-store-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs(Array.from({ length: 300 }, (_, i) => note(i, i < 3 ? bigBody(i) : `short ${i}`)));
  await takeSnapshot(db, folder);
  const bodies: string[] = [];
  const sizes: number[] = [];
  const storeBytes = () => fs.readdirSync(path.join(folder, STORE_DIR, 'objects', 'pack')).reduce((a, f) => a + fs.statSync(path.join(folder, STORE_DIR, 'objects', 'pack', f)).size, 0);
  for (let round = 0; round < 30; round++) {
    const doc = (await db.get('note:n1')) as unknown as { body: string };
    const lines = doc.body.split('\n');
    lines[(round * 37) % lines.length] = `An edit in round ${round}.`;
    await edit(db, 'note:n1', { body: lines.join('\n') });
    await edit(db, `note:n${10 + round}`, { body: `edited ${round}` });
    bodies.push(lines.join('\n'));
    await takeSnapshot(db, folder);
    sizes.push(storeBytes());
  }
  // The note is 110 KB (about 25 KB compressed); 30 edits of it cost far less than 30 copies.
  const growth = sizes.at(-1)! - sizes[0]!;
  assert.ok(growth < 8 * 25_000, `the store grew ${growth} bytes over 29 snapshots`);
  assert.ok(deltaCount(folder) > 20, 'merged packs hold deltas');
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    assert.deepEqual(verifyStore(store).damaged, []);
    const { snapshots } = listSnapshots(store);
    const history = documentHistory(store, snapshots, 'note:n1');
    assert.equal(history.versions.length, 31);
    for (const [i, body] of bodies.entries()) {
      const found = entryOf(store, snapshots[i + 1]!.tree, 'note:n1')!;
      assert.equal(readEntry(store, found.section, found.entry).json.body, body);
    }
  } finally {
    store.close();
  }
  fsck(folder);
});

test('geometric merging: the smallest packs roll up, a progression is left alone', () => {
  assert.equal(geometricSplit([100]), 0);
  assert.equal(geometricSplit([100, 10_000]), 0);
  assert.equal(geometricSplit([100, 100, 10_000]), 2);
  assert.equal(geometricSplit([100, 300, 1000, 10_000]), 0);
  assert.equal(geometricSplit([100, 150, 1000, 10_000]), 2);
  assert.equal(geometricSplit([100, 150, 400, 10_000]), 3);
});

test('prune marks, then sweeps after the grace period; a snapshot taken meanwhile never loses an object', TIMEOUT, async () => {
  await using t = tempFolder('quire-store-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  const now = Date.parse('2026-12-01T12:00:00Z');
  await db.bulkDocs([book, ...Array.from({ length: 50 }, (_, i) => note(i, `version one of ${i}`))]);
  const first = await takeSnapshot(db, folder, { now: new Date(now - 10 * 24 * H) });
  await edit(db, 'note:n1', { body: 'version two' });
  await takeSnapshot(db, folder, { now: new Date(now - 10 * 24 * H + 60_000) });
  await edit(db, 'note:n2', { body: 'version two' });
  await takeSnapshot(db, folder, { now: new Date(now - 60_000) });
  let store = ObjectStore.open(folder, { create: false })!;
  const old = new Date(now - 10 * 24 * H);
  for (const p of store.packFiles()) fs.utimesSync(p.pack, old, old);
  store.close();

  store = ObjectStore.open(folder, { create: false })!;
  const pruned = pruneStore(store, { now: new Date(now) });
  assert.equal(pruned.removed.length, 1);
  assert.ok(pruned.markedPacks > 0);
  assert.equal(pruned.reclaimedBytes, 0);
  assert.ok(fs.readdirSync(path.join(folder, STORE_DIR, GARBAGE_DIR)).length > 0);
  // Another installation, which had not seen the mark yet, names the removed snapshot's objects
  // (its note:n1 text) in a snapshot of its own: its ref appears during the grace period.
  const commit = store.read(first.snapshot).data.toString('utf8').replace(/Quire-Client: \S+/, 'Quire-Client: other');
  const otherCommit = store.add({ type: 'commit', data: Buffer.from(commit, 'utf8') });
  store.flush();
  store.setRef('other/0000000001', otherCommit);
  store.close();

  // A note changed back to its pruned text: the new snapshot writes its own copy instead of
  // naming the one in the marked pack.
  await edit(db, 'note:n1', { body: 'version one of 1' });
  const back = await takeSnapshot(db, folder, { now: new Date(now + 60_000) });
  assert.ok(back.newObjects >= 5, `${back.newObjects} objects written`);

  store = ObjectStore.open(folder, { create: false })!;
  try {
    const early = pruneStore(store, { now: new Date(now + H) });
    assert.equal(early.reclaimedBytes, 0, 'nothing is removed within the grace period');
    const later = pruneStore(store, { now: new Date(now + PRUNE_GRACE_MS + H) });
    assert.ok(later.reclaimedBytes > 0);
    assert.deepEqual(verifyStore(store).damaged, []);
    // The other installation's snapshot restores whole: its objects were copied out before the sweep.
    const other = listSnapshots(store).snapshots.find((s) => s.client === 'other')!;
    const fresh = t.open('fresh');
    const restored = await restoreSnapshot(fresh, store, other);
    assert.equal(restored.skippedCount, 0, JSON.stringify(restored.skipped.slice(0, 2)));
    assert.equal(((await fresh.get('note:n1')) as unknown as { body: string }).body, 'version one of 1');
    const content = await contentOf(fresh);
    assert.equal([...content.values()].filter((d) => !d.deleted).length, 51);
  } finally {
    store.close();
  }
  fsck(folder);
});

test('a snapshot whose reused objects were removed meanwhile is refused, not written naming missing objects', TIMEOUT, async () => {
  await using t = tempFolder('quire-store-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs(Array.from({ length: 20 }, (_, i) => ({ _id: `note:n${i}`, body: `text ${i}` })));
  const first = await takeSnapshot(db, folder);
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    const commit = store.read(first.snapshot);
    assert.equal(store.add(commit), first.snapshot); // reused from the pack
    for (const p of store.packFiles()) {
      fs.rmSync(p.index);
      fs.rmSync(p.pack);
    }
    assert.throws(() => store.setRef('x/0000000001', first.snapshot), /removed from the store while it was taken/);
  } finally {
    store.close();
  }
});

test('what a crashed prune leaves is cleaned up: a marked pack whose index is gone, marks of removed packs, foreign files', TIMEOUT, async () => {
  await using t = tempFolder('quire-store-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs(Array.from({ length: 20 }, (_, i) => ({ _id: `note:n${i}`, body: `text ${i}` })));
  await takeSnapshot(db, folder);
  await edit(db, 'note:n1', { body: 'two' });
  await takeSnapshot(db, folder);
  const gitdir = path.join(folder, STORE_DIR);
  const packDir = path.join(gitdir, 'objects', 'pack');
  // A pack as a removal that crashed after deleting its index leaves it, marked long ago.
  const orphan = 'pack-0123456789012345678901234567890123456789';
  fs.writeFileSync(path.join(packDir, `${orphan}.pack`), 'PACK');
  fs.mkdirSync(path.join(gitdir, GARBAGE_DIR), { recursive: true });
  fs.writeFileSync(path.join(gitdir, GARBAGE_DIR, `${orphan}.json`), JSON.stringify({ marked: '2026-01-01T00:00:00Z' }));
  fs.writeFileSync(path.join(gitdir, GARBAGE_DIR, 'pack-9999999999999999999999999999999999999999.json'), '{"marked":"2026-01-01T00:00:00Z"}');
  fs.writeFileSync(path.join(gitdir, GARBAGE_DIR, 'notes (conflicted copy).txt'), 'hello');
  fs.writeFileSync(path.join(packDir, 'README.txt'), 'a foreign file');
  // A pack whose index was lost otherwise (deleted by hand, a sync tool): kept however old, and reported.
  const [kept] = fs.readdirSync(packDir).filter((n) => n.endsWith('.idx'));
  const keptPack = path.join(packDir, kept!.replace(/\.idx$/, '.pack'));
  fs.renameSync(path.join(packDir, kept!), t.path('lost.idx'));
  const longAgo = new Date(Date.now() - 30 * 24 * 3600_000);
  fs.utimesSync(keptPack, longAgo, longAgo);
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    store.cleanTemporaryFiles(Date.now() + 365 * 24 * 3600_000);
    assert.equal(fs.existsSync(path.join(packDir, `${orphan}.pack`)), false);
    assert.equal(fs.existsSync(keptPack), true, 'a pack without its index that no prune marked stays');
    const report = verifyStore(store);
    assert.ok(report.damaged.some((d) => d.object === path.basename(keptPack) && /without its index/.test(d.reason)), JSON.stringify(report) + fs.readdirSync(packDir).join(" "));
  } finally {
    store.close();
  }
  fs.renameSync(t.path('lost.idx'), path.join(packDir, kept!));
  const mended = ObjectStore.open(folder, { create: false })!;
  try {
    assert.deepEqual(fs.readdirSync(path.join(gitdir, GARBAGE_DIR)), ['notes (conflicted copy).txt']);
    assert.equal(fs.existsSync(path.join(packDir, 'README.txt')), true, 'a foreign file is left alone');
    assert.deepEqual(verifyStore(mended).damaged, []);
    assert.equal(listSnapshots(mended).snapshots.length, 2);
  } finally {
    mended.close();
  }
});

test('merging packs with a damaged object: the other objects go into the new pack, whole or as deltas; the damaged one\'s pack stays, and nothing temporary is left', TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-store-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs([book, ...Array.from({ length: 20 }, (_, i) => note(i, bigBody(i)))]);
  await takeSnapshot(db, folder);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 20; i += 3) await edit(db, `note:n${i}`, { body: `${bigBody(i)}\nround ${round}` });
    await takeSnapshot(db, folder);
  }
  let store = ObjectStore.open(folder, { create: false })!;
  const packs = store.packFiles();
  const newest = listSnapshots(store).snapshots.at(-1)!;
  const damagedOid = entryOf(store, newest.tree, 'note:n3')!.entry.oid;
  const damagedPack = packs.find((p) => p.oids.includes(damagedOid))!;
  const { PackReader } = await import('./pack');
  const reader = new PackReader(damagedPack.pack, damagedPack.index);
  const offset = reader.offsetOf(damagedOid)!;
  reader.close();
  store.close();
  const bytes = fs.readFileSync(damagedPack.pack);
  bytes[offset + 6] = bytes[offset + 6]! ^ 0xff;
  fs.writeFileSync(damagedPack.pack, bytes);

  store = ObjectStore.open(folder, { create: false })!;
  try {
    const all = store.packFiles();
    const { mergePacks, snapshotTrees } = await import('./repack');
    const merged = mergePacks(store, all, snapshotTrees(store));
    assert.ok(merged.pack);
    assert.deepEqual(merged.complete.sort(), all.map((p) => p.pack).filter((p) => p !== damagedPack.pack).sort());
    assert.equal(merged.objects, new Set(all.flatMap((p) => p.oids)).size - 1);
    assert.ok(merged.deltas > 0, 'edited notes stored as deltas of their earlier versions');
    const { PackReader: Reader } = await import('./pack');
    const written = new Reader(merged.pack, merged.pack.replace(/\.pack$/, '.idx'));
    try {
      assert.equal(written.has(damagedOid), false);
      for (const oid of all.flatMap((p) => p.oids)) if (oid !== damagedOid) assert.equal(written.has(oid), true, oid);
    } finally {
      written.close();
    }
    const leftovers = fs.readdirSync(path.join(folder, STORE_DIR, 'objects', 'pack')).filter((f) => !/^pack-[0-9a-f]{40}\.(pack|idx)$/.test(f));
    assert.deepEqual(leftovers, []);
    for (const p of merged.complete) if (p !== merged.pack) store.removePack(p);
    const result = verifyStore(store);
    assert.deepEqual(result.damaged.map((d) => d.object), [damagedOid]);
  } finally {
    store.close();
  }
});

/** A store with one snapshot of `count` notes, and the ids of the objects its documents are (in tree order). */
async function snapshotOfNotes(t: ReturnType<typeof tempFolder>, count: number, body: (i: number) => string): Promise<{ folder: string; oids: string[] }> {
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs([book, ...Array.from({ length: count }, (_, i) => note(i, body(i)))]);
  await takeSnapshot(db, folder);
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    return { folder, oids: [...walkEntries(store, listSnapshots(store).snapshots.at(-1)!.tree)].map(({ entry }) => entry.oid) };
  } finally {
    store.close();
  }
}

test('a pack read many times (exact-length reads, ids searched as numbers) gives what a fresh store reads; a stale place falls back to a search', TIMEOUT, async () => {
  await using t = tempFolder('quire-store-');
  // Enough documents that every table a busy pack builds is built (more than 256 searches and reads of one pack).
  const { folder, oids } = await snapshotOfNotes(t, 700, (i) => (i % 50 === 0 ? bigBody(i) : `body ${i} ${'x'.repeat(i % 300)}`));
  const busy = ObjectStore.open(folder, { create: false })!;
  try {
    assert.ok(oids.length > 700);
    const places = oids.map((oid) => busy.placeOf(oid));
    const read = oids.map((oid, i) => busy.readPlaced(oid, places[i]!).data);
    // Each against a store that read nothing else (no tables built), a sample of them.
    for (let i = 0; i < oids.length; i += 37) {
      const fresh = ObjectStore.open(folder, { create: false })!;
      try {
        assert.deepEqual(fresh.read(oids[i]!).data, read[i]);
      } finally {
        fresh.close();
      }
    }
    // A place that holds another object: the hash check sees it, and the object is found anyway.
    assert.deepEqual(busy.readPlaced(oids[1]!, places[2]!).data, read[1]);
    assert.deepEqual(busy.readPlaced(oids[3]!, Number.MAX_SAFE_INTEGER).data, read[3]);
    assert.throws(() => busy.readPlaced('0'.repeat(40), places[0]!), ObjectError);
  } finally {
    busy.close();
  }
});

test('a damaged pack index (an offset past its large-offset table, an offset inside another entry) costs only the objects it names, however often the pack is read', TIMEOUT, async () => {
  await using t = tempFolder('quire-store-');
  const { folder, oids } = await snapshotOfNotes(t, 700, (i) => `body ${i} ${'y'.repeat(i % 300)}`);
  const packDir = path.join(folder, STORE_DIR, 'objects', 'pack');
  const idxFile = path.join(packDir, fs.readdirSync(packDir).find((f) => f.endsWith('.idx'))!);
  const good = ObjectStore.open(folder, { create: false })!;
  const expected = new Map(oids.map((oid) => [oid, good.read(oid).data]));
  good.close();

  const idx = fs.readFileSync(idxFile);
  const count = idx.readUInt32BE(8 + 255 * 4);
  const names = 8 + 1024;
  const offsets = names + count * 24;
  const position = (oid: string) => {
    for (let i = 0; i < count; i++) if (idx.toString('hex', names + i * 20, names + i * 20 + 20) === oid) return i;
    throw new Error(`${oid} not in the index`);
  };
  const [pastTable, inside, neighbour] = [oids[10]!, oids[20]!, oids[30]!];
  idx.writeUInt32BE(0x80000005, offsets + position(pastTable) * 4);
  idx.writeUInt32BE(idx.readUInt32BE(offsets + position(neighbour) * 4) + 3, offsets + position(inside) * 4);
  fs.writeFileSync(idxFile, idx);

  const store = ObjectStore.open(folder, { create: false })!;
  try {
    const failed: string[] = [];
    // Every object twice: the second time the pack's tables (past 256 reads) are built.
    for (const round of [1, 2]) {
      for (const oid of oids) {
        try {
          assert.deepEqual(store.read(oid).data, expected.get(oid), `${oid}, round ${round}`);
        } catch (error) {
          assert.ok(error instanceof ObjectError, `${oid}: ${String(error)}`);
          failed.push(oid);
        }
      }
    }
    assert.deepEqual([...new Set(failed)].sort(), [pastTable, inside].sort());
  } finally {
    store.close();
  }
});

test('an object git wrote loose is found by the next opening of the store, and read', TIMEOUT, async () => {
  await using t = tempFolder('quire-loose-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs([{ _id: 'book:b1', name: 'Book', createdAt: 1, updatedAt: 1 }]);
  await takeSnapshot(db, folder);
  const gitdir = path.join(folder, STORE_DIR);
  const wrote = spawnSync('git', ['--git-dir', gitdir, 'hash-object', '-w', '--stdin'], { input: 'written by git itself\n', encoding: 'utf8' });
  assert.equal(wrote.status, 0, wrote.stderr);
  const oid = wrote.stdout.trim();
  assert.ok(fs.existsSync(path.join(gitdir, 'objects', oid.slice(0, 2), oid.slice(2))));
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    assert.equal(store.has(oid), true);
    assert.equal(store.read(oid).data.toString('utf8'), 'written by git itself\n');
    assert.equal(store.has('0'.repeat(40)), false);
  } finally {
    store.close();
  }
});

test('the format file: lost from a store with snapshots, or a foreign repository, refused in words; one that names no whole version refused; an unfinished creation made again', TIMEOUT, async () => {
  await using t = tempFolder('quire-store-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs([{ _id: 'note:a', body: 'one' }]);
  await takeSnapshot(db, folder);
  const formatFile = path.join(folder, STORE_DIR, FORMAT_FILE);
  const kept = fs.readFileSync(formatFile, 'utf8');
  fs.rmSync(formatFile);
  await assert.rejects(takeSnapshot(db, folder), (error: Error) => error instanceof SnapshotStoreError && /not marked as a Quire snapshot store .* leaves it alone. If it is Quire's/.test(error.message));
  assert.equal(fs.existsSync(formatFile), false, 'not written into');
  for (const bad of ['{"formatVersion":"2"}', '{"formatVersion":1.5}', '']) {
    fs.writeFileSync(formatFile, bad);
    assert.throws(() => ObjectStore.open(folder, { create: true }), (error: Error) => error instanceof SnapshotStoreError && /Quire does not write to|the snapshots are untouched/.test(error.message), bad);
  }
  fs.writeFileSync(formatFile, kept);
  assert.equal((await takeSnapshot(db, folder)).unchanged, true);
  // A creation that stopped before its format file (folders, HEAD, config only): made again.
  const other = t.path('other');
  fs.mkdirSync(path.join(other, STORE_DIR, 'objects', 'pack'), { recursive: true });
  fs.writeFileSync(path.join(other, STORE_DIR, 'HEAD'), 'ref: refs/heads/main\n');
  assert.equal((await takeSnapshot(db, other)).unchanged, false);
});
