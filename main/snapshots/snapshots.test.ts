import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { contentOf, tempFolder } from '../restore/restore-testing';
import type { Database } from '../db/open-database';
import {
  FORMAT_FILE, ObjectStore, STORE_DIR, documentHistory, listSnapshots, pruneStore, restoreSnapshot, retained, takeSnapshot, verifyStore,
  type SnapshotInfo,
} from './index';
import { docKey } from './snapshots';
import { KEEP_SCHEDULES, encodeSchedule, parseSchedule, type RetentionSchedule } from '../../shared/snapshot-retention';

const TIMEOUT = { timeout: 120_000 };

const png = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(2000 + n, n % 251)]);
const note = (i: number, body = `Body of note ${i}\n`.repeat(20)) => ({
  _id: `note:n${i}`, title: `Note ${i}`, body, bookId: 'book:b1', tags: [], createdAt: 1, updatedAt: 1,
});
const image = (id: string, bytes: Buffer) => ({
  _id: id, name: `${id}.png`, contentType: 'image/png', contentLength: bytes.length, createdAt: 1, publicIn: [],
  _attachments: { index: { content_type: 'image/png', data: bytes.toString('base64') } },
});

async function seed(db: Database): Promise<void> {
  await db.bulkDocs([{ _id: 'book:b1', name: 'Book', createdAt: 1, updatedAt: 1 }, ...Array.from({ length: 40 }, (_, i) => note(i))]);
  await db.bulkDocs(Array.from({ length: 3 }, (_, i) => image(`file:f${i}`, png(i))));
}

async function edit(db: Database, id: string, change: Record<string, unknown>): Promise<void> {
  const doc = await db.get(id);
  await db.put({ ...doc, ...change });
}

/** The live documents of a database, comparable across databases (attachments as base64 with digests). */
async function liveContent(db: Database) {
  const all = await contentOf(db);
  return new Map([...all].filter(([, d]) => !d.deleted));
}

const open = (folder: string) => ObjectStore.open(folder, { create: false })!;

test('snapshot, edits, snapshot: each restores into a fresh database equal to the database at its sequence', TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await seed(db);
  const states: { result: Awaited<ReturnType<typeof takeSnapshot>>; content: Awaited<ReturnType<typeof liveContent>> }[] = [];
  states.push({ result: await takeSnapshot(db, folder), content: await liveContent(db) });
  assert.equal(states[0]!.result.docs, 44);
  // Round 2: edits, a deletion, an attachment changed.
  await edit(db, 'note:n1', { body: 'changed' });
  await edit(db, 'note:n2', { title: 'renamed' });
  await db.remove(await db.get('note:n3'));
  const f0 = await db.get('file:f0');
  await db.put({ ...f0, ...image('file:f0', png(99)) });
  states.push({ result: await takeSnapshot(db, folder), content: await liveContent(db) });
  assert.equal(states[1]!.result.changed, 4);
  assert.equal(states[1]!.result.docs, 43);
  // Round 3: a deleted note comes back, a new one.
  await db.put(note(3, 'back again'));
  await db.put(note(100));
  states.push({ result: await takeSnapshot(db, folder), content: await liveContent(db) });

  const store = open(folder);
  try {
    const { snapshots } = listSnapshots(store);
    assert.deepEqual(snapshots.map((s) => s.id), states.map((s) => s.result.snapshot));
    assert.deepEqual(snapshots.map((s) => s.counter), [1, 2, 3]);
    for (const [i, state] of states.entries()) {
      const fresh = t.open(`fresh${i}`);
      const restored = await restoreSnapshot(fresh, store, snapshots[i]!);
      assert.equal(restored.skippedCount, 0, JSON.stringify(restored.skipped.slice(0, 3)));
      assert.deepEqual(await liveContent(fresh), state.content, `snapshot ${i + 1}`);
    }
    const history = documentHistory(store, snapshots, 'note:n3');
    assert.deepEqual(history.versions.map((v) => v.deleted), [false, true, false]);
  } finally {
    store.close();
  }
  const fsck = spawnSync('git', ['--git-dir', path.join(folder, STORE_DIR), 'fsck', '--full', '--strict'], { encoding: 'utf8' });
  assert.equal(fsck.status, 0, fsck.stderr + fsck.stdout);
});

test('deduplicated: an unchanged database costs nothing, 10 changed notes cost little', TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await db.bulkDocs(Array.from({ length: 300 }, (_, i) => note(i)));
  const first = await takeSnapshot(db, folder);
  const again = await takeSnapshot(db, folder);
  assert.equal(again.unchanged, true);
  assert.equal(again.snapshot, first.snapshot);
  assert.equal(again.newBytes, 0);
  for (let i = 0; i < 10; i++) await edit(db, `note:n${i * 7}`, { body: `edited ${i}` });
  const third = await takeSnapshot(db, folder);
  assert.equal(third.changed, 10);
  assert.ok(third.newBytes < 40_000, `${third.newBytes} new bytes`);
  assert.ok(third.newBytes < first.newBytes / 3);
  // The same attachment in two documents is stored once.
  await db.bulkDocs([1, 2].map((i) => image(`file:same${i}`, png(5))));
  const fourth = await takeSnapshot(db, folder);
  assert.ok(fourth.newObjects <= 2 + 2 + 1 + 2 * 3 + 1 + 1 + 1, `${fourth.newObjects} objects`); // 2 docs + 2 doc trees + 1 blob + 3 levels of fan-out each, the section, root, commit
});

test('a damaged object: verify names it with its snapshot and note, the other notes restore', TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await seed(db);
  await takeSnapshot(db, folder);
  let store = open(folder);
  const snapshot = listSnapshots(store).snapshots[0]!;
  assert.deepEqual(verifyStore(store).damaged, []);
  // Find note:n5's blob in the pack and flip a byte of its compressed data.
  const { hash } = docKey('note:n5');
  const pack = store.packFiles()[0]!;
  const { entryOf } = await import('./snapshots');
  const oid = entryOf(store, snapshot.tree, 'note:n5')!.entry.oid;
  assert.ok(entryOf(store, snapshot.tree, 'note:n5')!.entry.name.startsWith(hash));
  const { PackReader } = await import('./pack');
  const reader = new PackReader(pack.pack, pack.index);
  const offset = reader.offsetOf(oid)!;
  reader.close();
  store.close();
  const bytes = fs.readFileSync(pack.pack);
  bytes[offset + 6] = bytes[offset + 6]! ^ 0xff;
  fs.writeFileSync(pack.pack, bytes);

  store = open(folder);
  try {
    const result = verifyStore(store);
    assert.equal(result.damaged.length, 1);
    assert.equal(result.damaged[0]!.object, oid);
    assert.deepEqual(result.damaged[0]!.snapshots, [snapshot.id]);
    assert.deepEqual(result.damaged[0]!.notes, [`data/${hash}`]);
    const fresh = t.open('fresh');
    // In the reader thread, as a large snapshot is read: the damaged note crosses as a skip.
    const restored = await restoreSnapshot(fresh, store, snapshot, { inThread: true });
    assert.equal(restored.skippedCount, 1);
    assert.match(restored.skipped[0]!.reason, /damaged|hash|decompress|checksum/i, JSON.stringify(restored.skipped[0]));
    const content = await liveContent(fresh);
    assert.equal(content.size, 43);
    assert.equal(content.has('note:n5'), false);
  } finally {
    store.close();
  }
});

test('a missing object (a pack removed) is reported for every snapshot that needs it', TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await seed(db);
  await takeSnapshot(db, folder);
  await edit(db, 'note:n1', { body: 'second' });
  await takeSnapshot(db, folder);
  let store = open(folder);
  const packs = store.packFiles().sort((a, b) => a.mtimeMs - b.mtimeMs);
  store.close();
  // The second snapshot's pack holds its commit, trees and note:n1: remove it whole.
  fs.rmSync(packs[1]!.index);
  fs.rmSync(packs[1]!.pack);
  store = open(folder);
  try {
    const result = verifyStore(store);
    assert.ok(result.damaged.length >= 1);
    assert.ok(result.damaged.every((d) => /missing/.test(d.reason)));
  } finally {
    store.close();
  }
});

test('a store of a newer format is refused in words', TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await seed(db);
  await takeSnapshot(db, folder);
  fs.writeFileSync(path.join(folder, STORE_DIR, FORMAT_FILE), JSON.stringify({ formatVersion: 3 }));
  assert.throws(() => ObjectStore.open(folder, { create: false }), /made by a newer version of Quire/);
  await assert.rejects(takeSnapshot(db, folder), /made by a newer version of Quire/);
});

test('two databases snapshot into one folder: each has its own line, both restore', TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-');
  const a = t.open('a');
  const b = t.open('b');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await seed(a);
  await b.bulkDocs([note(1, 'from b'), note(500)]);
  await takeSnapshot(a, folder);
  await takeSnapshot(b, folder);
  await edit(a, 'note:n2', { body: 'a again' });
  await takeSnapshot(a, folder);
  await edit(b, 'note:n500', { body: 'b again' });
  await takeSnapshot(b, folder);
  const store = open(folder);
  try {
    const { snapshots } = listSnapshots(store);
    assert.equal(snapshots.length, 4);
    const clients = new Set(snapshots.map((s) => s.client));
    assert.equal(clients.size, 2);
    const lastOf = (client: string) => snapshots.filter((s) => s.client === client).at(-1)!;
    const byClient = [...clients];
    for (const [client, source] of [[byClient[0]!, snapshots[0]!.client === byClient[0] ? a : b], [byClient[1]!, snapshots[0]!.client === byClient[1] ? a : b]] as const) {
      const fresh = t.open(`fresh-${client}`);
      await restoreSnapshot(fresh, store, lastOf(client));
      assert.deepEqual(await liveContent(fresh), await liveContent(source));
    }
    assert.deepEqual(verifyStore(store).damaged, []);
  } finally {
    store.close();
  }
  const fsck = spawnSync('git', ['--git-dir', path.join(folder, STORE_DIR), 'fsck', '--full', '--strict'], { encoding: 'utf8' });
  assert.equal(fsck.status, 0, fsck.stderr + fsck.stdout);
});

test('each installation’s snapshots are kept by the schedule its newest snapshot records (Quire-Keep); the CLI keeps the last choice', TIMEOUT, async () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const D = 24 * 3600_000;
  const at = (client: string, days: number, counter: number, keep: RetentionSchedule | null): SnapshotInfo => ({
    id: `${client}${counter}`, ref: `${client}/${counter}`, client, seq: counter, counter, time: new Date(now.getTime() - days * D).toISOString(),
    docs: 1, changed: 1, tree: '', format: 2, keep, reason: null,
  });
  // The same ages under three schedules: 'shorter' keeps nothing past a year; 'everything' keeps all; an installation
  // whose newest snapshot records none is kept by the standard schedule (one a week forever). 100.1 and 100 days
  // ago are in one week: past the daily period, only the newer of them is kept.
  const ages = [800, 400, 100.1, 100, 40, 3, 0.5];
  const list = [
    ...ages.map((d, i) => at('a', d, i + 1, i === ages.length - 1 ? KEEP_SCHEDULES.shorter : KEEP_SCHEDULES.longer)),
    ...ages.map((d, i) => at('b', d, i + 1, KEEP_SCHEDULES.everything)),
    ...ages.map((d, i) => at('c', d, i + 1, null)),
  ];
  const kept = retained(list, now);
  assert.deepEqual(ages.map((_, i) => kept.has(`a${i + 1}`)), [false, false, false, true, true, true, true]);
  assert.deepEqual(ages.map((_, i) => kept.has(`b${i + 1}`)), [true, true, true, true, true, true, true]);
  assert.deepEqual(ages.map((_, i) => kept.has(`c${i + 1}`)), [true, true, false, true, true, true, true]);
  // The app prunes its own snapshots by its Keep as chosen now, before a snapshot has recorded it.
  // A clock set back a year after the snapshot of 3 days ago: the snapshots taken since look a year old but
  // come after it; their age is unknown, and they are kept (not pruned as a year old).
  const skewed = [at('d', 3, 1, null), at('d', 365, 2, null), at('d', 365.01, 3, null), at('d', 365.02, 4, null)];
  assert.deepEqual([...retained(skewed, now)].sort(), ['d1', 'd2', 'd3', 'd4']);
  const mine = retained(list, now, { client: 'b', keep: KEEP_SCHEDULES.shorter });
  assert.deepEqual(ages.map((_, i) => mine.has(`b${i + 1}`)), [false, false, false, true, true, true, true]);
  assert.deepEqual(ages.map((_, i) => mine.has(`a${i + 1}`)), ages.map((_, i) => kept.has(`a${i + 1}`)), 'not another installation');

  // Recorded with the snapshot and read back; a snapshot taken without a choice (the CLI) keeps the last one.
  await using t = tempFolder('quire-snapshots-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await seed(db);
  await takeSnapshot(db, folder, { keep: KEEP_SCHEDULES.shorter });
  await edit(db, 'note:n1', { body: 'x' });
  await takeSnapshot(db, folder);
  // Nothing changed, but another schedule: a snapshot records it (else prunes would go on with the old one).
  const again = await takeSnapshot(db, folder, { keep: KEEP_SCHEDULES.everything });
  assert.equal(again.unchanged, false);
  const store = open(folder);
  try {
    assert.deepEqual(listSnapshots(store).snapshots.map((s) => s.keep), [KEEP_SCHEDULES.shorter, KEEP_SCHEDULES.shorter, KEEP_SCHEDULES.everything]);
  } finally {
    store.close();
  }
  assert.equal((await takeSnapshot(db, folder)).unchanged, true);
  assert.equal(parseSchedule(encodeSchedule(KEEP_SCHEDULES.standard))?.dailyDays, 90);
  for (const bad of [undefined, '', 'all forever', 'all 2d, hourly 14d, daily 90d, weekly 1e9d', 'all -1d, hourly 14d, daily 90d, weekly forever', 'all 0d, hourly 0d, daily 0d, weekly 0d']) {
    assert.equal(parseSchedule(bad), null, String(bad));
  }
});

test('retention keeps every snapshot for 2 days, then one an hour, a day, a week; prune reclaims space', TIMEOUT, async () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const at = (ms: number, counter: number): SnapshotInfo => ({
    id: `s${counter}`, ref: `c/${counter}`, client: 'c', seq: counter, counter, time: new Date(now.getTime() - ms).toISOString(), docs: 1, changed: 1, tree: '', format: 2, keep: null, reason: null,
  });
  const H = 3600_000;
  const list = [at(100 * 24 * H, 1), at(99 * 24 * H, 2), at(30 * 24 * H + 1000, 3), at(30 * 24 * H, 4), at(5 * 24 * H, 5), at(5 * 24 * H - 20 * 60_000, 6), at(H, 7), at(60_000, 8)];
  assert.deepEqual([...retained(list, now)].sort(), ['s2', 's4', 's6', 's7', 's8'].sort());

  await using t = tempFolder('quire-snapshots-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await seed(db);
  const old = new Date(now.getTime() - 10 * 24 * H);
  await takeSnapshot(db, folder, { now: old });
  await edit(db, 'note:n1', { body: 'x' });
  await takeSnapshot(db, folder, { now: new Date(old.getTime() + 60_000) });
  await edit(db, 'note:n1', { body: 'y' });
  await takeSnapshot(db, folder, { now });
  const store = open(folder);
  // Packs older than the grace period only are repacked.
  for (const p of store.packFiles()) fs.utimesSync(p.pack, old, old);
  store.close();
  const s2 = open(folder);
  try {
    const dry = pruneStore(s2, { now, dryRun: true });
    assert.equal(dry.removed.length, 1);
    assert.equal(listSnapshots(s2).snapshots.length, 3);
    const pruned = pruneStore(s2, { now });
    assert.equal(pruned.removed[0]!.counter, 1);
    // Packs holding garbage are marked now and removed by a prune after the grace period.
    assert.ok(pruned.markedPacks > 0);
    assert.equal(pruned.reclaimedBytes, 0);
    const later = pruneStore(s2, { now: new Date(now.getTime() + 25 * H) });
    assert.ok(later.reclaimedBytes > 0);
    assert.deepEqual(verifyStore(s2).damaged, []);
    const fresh = t.open('fresh');
    await restoreSnapshot(fresh, s2, listSnapshots(s2).snapshots.at(-1)!);
    assert.deepEqual(await liveContent(fresh), await liveContent(db));
  } finally {
    s2.close();
  }
  const fsck = spawnSync('git', ['--git-dir', path.join(folder, STORE_DIR), 'fsck', '--full', '--strict'], { encoding: 'utf8' });
  assert.equal(fsck.status, 0, fsck.stderr + fsck.stdout);
});

test("a note's history after 50 edits over 5 snapshots: in order, each version readable; a clock that jumps back does not reorder", TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await seed(db);
  const base = Date.parse('2026-12-01T12:00:00Z');
  // The fourth snapshot's clock is an hour behind the third's.
  const clock = [0, 10, 20, 20 - 60, 30].map((m) => new Date(base + m * 60_000));
  const expected: string[] = [];
  for (let round = 0; round < 5; round++) {
    for (let e = 0; e < 10; e++) await edit(db, 'note:n7', { body: `round ${round} edit ${e}` });
    expected.push(`round ${round} edit 9`);
    await takeSnapshot(db, folder, { now: clock[round] });
  }
  const store = open(folder);
  try {
    const { snapshots } = listSnapshots(store);
    assert.deepEqual(snapshots.map((s) => s.counter), [1, 2, 3, 4, 5]);
    const { versions, damaged } = documentHistory(store, snapshots, 'note:n7');
    assert.deepEqual(damaged, []);
    assert.equal(versions.length, 5);
    const { entryOf, readEntry } = await import('./snapshots');
    const bodies = versions.map((v) => {
      const s = snapshots.find((x) => x.id === v.snapshot)!;
      const found = entryOf(store, s.tree, 'note:n7')!;
      return readEntry(store, found.section, found.entry).json.body;
    });
    assert.deepEqual(bodies, expected);
  } finally {
    store.close();
  }
});

test('what a crash leaves (a half-written pack) does not harm the store; old temporaries are cleaned', TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  await seed(db);
  await takeSnapshot(db, folder);
  const packDir = path.join(folder, STORE_DIR, 'objects', 'pack');
  const leftover = path.join(packDir, 'tmp-quire-0123456789ab.pack');
  fs.writeFileSync(leftover, 'PACK\0\0\0\x02');
  const old = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(leftover, old, old);
  const fresh = path.join(packDir, 'tmp-quire-ba9876543210.pack');
  fs.writeFileSync(fresh, 'PACK');
  await edit(db, 'note:n1', { body: 'after the crash' });
  const next = await takeSnapshot(db, folder);
  assert.equal(next.changed, 1);
  assert.equal(fs.existsSync(leftover), false, 'an old temporary file is removed');
  assert.equal(fs.existsSync(fresh), true, 'a recent one may be another installation\'s snapshot in progress');
  const store = open(folder);
  try {
    assert.equal(listSnapshots(store).snapshots.length, 2);
    assert.deepEqual(verifyStore(store).damaged, []);
  } finally {
    store.close();
  }
});

test('a database put back from an older copy: the next snapshot is taken from every document, not from its sequence', TIMEOUT, async () => {
  await using t = tempFolder('quire-snapshots-');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  let db = t.open('db');
  await seed(db);
  await takeSnapshot(db, folder);
  await db.close();
  fs.cpSync(t.path('db'), t.path('db-copy'), { recursive: true });
  db = t.open('db');
  await edit(db, 'note:n1', { body: 'edited after the copy' });
  await edit(db, 'note:n2', { body: 'edited after the copy too' });
  await takeSnapshot(db, folder);
  await db.close();
  // The copy comes back (a file restore, a copied profile), and one note is edited: its sequence is below the snapshot's.
  fs.rmSync(t.path('db'), { recursive: true });
  fs.renameSync(t.path('db-copy'), t.path('db'));
  db = t.open('db');
  // Edited past the newest snapshot's sequence: the sequence alone no longer tells; the database's mark does.
  for (const id of ['note:n3', 'note:n4', 'note:n5']) await edit(db, id, { body: `edited in the old copy: ${id}` });
  const taken = await takeSnapshot(db, folder);
  assert.equal(taken.unchanged, false);
  const store = open(folder);
  try {
    const newest = listSnapshots(store).snapshots.find((s) => s.id === taken.snapshot)!;
    const fresh = t.open('fresh');
    await restoreSnapshot(fresh, store, newest);
    assert.deepEqual(await liveContent(fresh), await liveContent(db), 'the snapshot is the database as it is');
  } finally {
    store.close();
  }
});
