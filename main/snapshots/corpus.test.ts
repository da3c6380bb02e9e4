// Integration: the whole tldr corpus (38k notes) with image attachments
// snapshotted, then 20 rounds of random edits, deletions, new notes and
// attachment changes, each followed by a snapshot and a record of the
// database's state at that snapshot's sequence. Then every snapshot is
// restored into a fresh database and compared with its record, document by
// document (every field, the revision) and attachment byte by byte.
//
// Cheap where it can be: the records are kept as one full state and each
// round's changes (not 21 copies of 38k documents); the first and last
// snapshots are restored whole, each one between as the documents its round
// changed, the rest of its tree shown to be the previous snapshot's very
// objects (see the test).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentStore } from '../db/document-store';
import type { Database } from '../db/open-database';
import { createImageAttachment } from '../attachments/create-attachment';
import { readCorpusNotes, tldrCorpusDir } from '../search/tldr-corpus';
import { tempFolder } from '../restore/restore-testing';
import { ObjectStore, docKey, entryOf, listSnapshots, restoreSnapshot, takeSnapshot, verifyStore, type SnapshotInfo } from './index';
import { DATA_TREE, DELETED_TREE, isFanEntry } from './snapshots';
import { TREE_MODE, encodeTree, isTree, parseTree, type TreeEntry } from './git-objects';
import { mulberry32 } from '../testing/seeded-random';

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/images');
const ROUNDS = 20;

const phases: string[] = [];
let mark = performance.now();
function phase(name: string): void {
  phases.push(`${name} ${Math.round(performance.now() - mark)} ms`);
  mark = performance.now();
}
after(() => console.log(`# ${phases.join(', ')}`));

const random = mulberry32(14);

type Row = { id: string; doc?: Record<string, unknown> | null; value?: { deleted?: boolean } };

/** A live document as compared: its JSON (revpos left out: PouchDB recomputes it) in one canonical string. */
function canonical(doc: Record<string, unknown>): string {
  const { _attachments, ...rest } = doc as { _attachments?: Record<string, Record<string, unknown>> };
  const stubs = Object.fromEntries(Object.entries(_attachments ?? {}).map(([name, a]) => [name, { content_type: a.content_type, digest: a.digest, length: a.length }]));
  return JSON.stringify({ ...rest, _attachments: stubs });
}

/** The live documents changed since `since` (all of them from 0): id → canonical form, or null when deleted. */
async function changedSince(db: Database, since: number | string): Promise<{ docs: Map<string, string | null>; seq: number | string }> {
  const docs = new Map<string, string | null>();
  const changes = await db.changes({ since, include_docs: true, style: 'main_only' });
  for (const c of changes.results) {
    if (c.id.startsWith('_design/')) continue;
    docs.set(c.id, c.deleted ? null : canonical(c.doc as unknown as Record<string, unknown>));
  }
  return { docs, seq: changes.last_seq };
}

/** Attachment bytes of every attachment document, by id and name. */
async function attachmentBytes(db: Database, ids: string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const got = await db.allDocs({ keys: ids, include_docs: true, attachments: true, binary: true });
  for (const row of got.rows as Row[]) {
    const atts = (row.doc?._attachments ?? {}) as Record<string, { data: Buffer }>;
    for (const [name, a] of Object.entries(atts)) out.set(`${row.id}\0${name}`, a.data);
  }
  return out;
}

/** The names of the document entries (in data/ and deleted/) whose object differs between two snapshot trees. */
function differingEntries(store: ObjectStore, before: string, after: string): string[] {
  const out: string[] = [];
  const walk = (a: string | undefined, b: string | undefined, depth: number) => {
    if (a === b) return;
    const left = new Map(a ? parseTree(store.read(a).data).map((e) => [e.name, e]) : []);
    const right = new Map(b ? parseTree(store.read(b).data).map((e) => [e.name, e]) : []);
    for (const name of new Set([...left.keys(), ...right.keys()])) {
      const l = left.get(name);
      const r = right.get(name);
      if (l?.oid === r?.oid) continue;
      // The sections, then fan-out trees (whatever the format's depth) down to the documents.
      const fan = (e: TreeEntry | undefined) => !e || (depth === 0 ? isTree(e) : isFanEntry(e));
      if (fan(l) && fan(r)) walk(l?.oid, r?.oid, depth + 1);
      else out.push(name);
    }
  };
  walk(before, after, 0);
  return out;
}

/** A tree in the layout of a snapshot's holding only the data/ entries of `ids` from `tree` (written to the store). */
function treeOf(store: ObjectStore, tree: string, ids: string[]): string {
  const fans = new Map<string, TreeEntry[]>();
  for (const id of ids) {
    const found = entryOf(store, tree, id)!;
    const fan = docKey(id).fan;
    fans.set(fan, [...(fans.get(fan) ?? []), found.entry]);
  }
  const data = [...fans].map(([fan, entries]) => ({ name: fan, mode: TREE_MODE, oid: store.add({ type: 'tree', data: encodeTree(entries) }) }));
  const root = store.add({ type: 'tree', data: encodeTree([{ name: DATA_TREE, mode: TREE_MODE, oid: store.add({ type: 'tree', data: encodeTree(data) }) }]) });
  store.flush();
  return root;
}

test('the corpus, 20 rounds of edits and snapshots: every snapshot restores into a fresh database equal to the database at its sequence', { timeout: 900_000 }, async () => {
  await using t = tempFolder('quire-snapshot-corpus-');
  const db = t.open('source');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  const notes = readCorpusNotes(tldrCorpusDir());
  assert.ok(notes.length > 38_000);
  const books = [...new Set(notes.map((n) => n.bookId))].map((id) => ({ _id: id, name: id.slice(id.lastIndexOf('/') + 1), parentBookId: null, createdAt: 1, updatedAt: 1 }));
  await db.bulkDocs(books);
  for (let i = 0; i < notes.length; i += 2000) {
    await db.bulkDocs(notes.slice(i, i + 2000).map(({ file: _file, tags: _tags, ...n }, j) => ({ ...n, tags: [], createdAt: i + j, updatedAt: i + j })));
  }
  const store = new DocumentStore(db);
  const images = fs.readdirSync(IMAGES).filter((f) => /\.(png|svg|jpe?g|gif|webp)$/i.test(f)).sort().slice(0, 40).map((f) => fs.readFileSync(path.join(IMAGES, f)));
  for (let i = 0; i < 20; i++) await createImageAttachment(store, { name: `image-${i}`, bytes: images[i % images.length]!, now: i });
  const attachmentIds = (await db.allDocs({ startkey: 'file:', endkey: 'file:\uffff' })).rows.map((r) => r.id);
  phase('build');

  const snapshots: { id: string; seq: number; changes: Map<string, string | null>; bytes: Map<string, Buffer> }[] = [];
  const record = async (since: number | string) => {
    const taken = await takeSnapshot(db, folder);
    const info = await db.info();
    assert.equal(String(taken.seq), String(info.update_seq), 'the snapshot is as of the latest change');
    const { docs, seq } = await changedSince(db, since);
    snapshots.push({ id: taken.snapshot, seq: taken.seq, changes: docs, bytes: await attachmentBytes(db, attachmentIds) });
    return seq;
  };
  let since = await record(0);
  phase('first snapshot');

  const noteIds = notes.map((n) => n._id);
  let created = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // Edits (small and large), deletions, new notes, attachment bytes replaced.
    const pick = () => noteIds[Math.floor(random() * noteIds.length)]!;
    const ids = [...new Set(Array.from({ length: 120 }, pick))];
    const got = await db.allDocs({ keys: ids, include_docs: true });
    const live = (got.rows as Row[]).filter((r) => r.doc).map((r) => r.doc as Record<string, unknown> & { _id: string; body: string });
    const writes: Record<string, unknown>[] = [];
    for (const [k, doc] of live.entries()) {
      if (k % 12 === 0) writes.push({ ...doc, _deleted: true });
      else if (k % 5 === 0) writes.push({ ...doc, body: `${doc.body}\n\nRound ${round}: ${'more text '.repeat(Math.floor(random() * 200))}`, updatedAt: round });
      else writes.push({ ...doc, body: doc.body.replace(/e/, `e(${round})`), updatedAt: round });
    }
    for (let k = 0; k < 5; k++) writes.push({ _id: `note:new-${created++}`, title: `New ${round}.${k}`, body: `new in round ${round}`, bookId: books[0]!._id, tags: [], createdAt: round, updatedAt: round });
    await db.bulkDocs(writes as never);
    const fileId = attachmentIds[round % attachmentIds.length]!;
    const file = (await db.get(fileId)) as Record<string, unknown> & { _id: string };
    const bytes = Buffer.concat([images[(round + 7) % images.length]!, Buffer.from(`round ${round}`)]);
    await db.put({ ...file, contentLength: bytes.length, _attachments: { index: { content_type: 'image/png', data: bytes.toString('base64') } } });
    since = await record(since);
  }
  phase(`${ROUNDS} rounds`);

  const objects = ObjectStore.open(folder, { create: false })!;
  try {
    assert.deepEqual(verifyStore(objects).damaged, []);
    phase('verify');
    const listed = listSnapshots(objects).snapshots;
    assert.deepEqual(listed.map((s) => s.id), snapshots.map((s) => s.id));
    const state = new Map<string, string>();
    let restored = 0;
    /** Restores `tree` (a snapshot's, or one made of some of its entries) into a fresh database and compares it with `expected`. */
    const restoreAndCompare = async (label: string, s: SnapshotInfo, tree: string, expected: Map<string, string>, bytes: Map<string, Buffer>) => {
      const fresh = t.open(`fresh-${restored++}`);
      const result = await restoreSnapshot(fresh, objects, { ...s, tree });
      assert.equal(result.skippedCount, 0, JSON.stringify(result.skipped.slice(0, 2)));
      const all = await fresh.allDocs({ include_docs: true });
      const rows = (all.rows as Row[]).filter((r) => !r.id.startsWith('_design/'));
      assert.equal(rows.length, expected.size, `${label}: ${rows.length} documents restored, ${expected.size} expected`);
      for (const row of rows) {
        const want = expected.get(row.id);
        assert.ok(want !== undefined, `${label}: ${row.id} restored but not expected`);
        assert.equal(canonical(row.doc!), want, `${label}: ${row.id}`);
      }
      const got = await attachmentBytes(fresh, [...new Set([...bytes.keys()].map((k) => k.split('\0')[0]!))]);
      for (const [key, data] of bytes) assert.ok(got.get(key)?.equals(data), `${label}: ${key.replace('\0', '/')} byte for byte`);
      await fresh.destroy();
    };
    // Every snapshot is restored and compared, cleverly: the first and the last whole; each
    // one between as the documents its round changed (a tree of exactly its own entries for
    // them), after checking that every other entry of its tree is the very object the previous
    // snapshot has, which restores the same as it did there.
    for (const [i, s] of listed.entries()) {
      const expected = snapshots[i]!;
      for (const [id, doc] of expected.changes) {
        if (doc === null) state.delete(id);
        else state.set(id, doc);
      }
      if (i === 0 || i === listed.length - 1) {
        await restoreAndCompare(`snapshot ${i}`, s, s.tree, state, expected.bytes);
        continue;
      }
      const changedHashes = new Set([...expected.changes.keys()].map((id) => docKey(id).hash));
      for (const name of differingEntries(objects, listed[i - 1]!.tree, s.tree)) {
        assert.ok(changedHashes.has(name.replace(/\.json$/, '')), `snapshot ${i}: ${name} differs from the previous snapshot, but its round did not change it`);
      }
      const live = new Map([...expected.changes].filter((e): e is [string, string] => e[1] !== null));
      for (const [id, doc] of expected.changes) {
        const found = entryOf(objects, s.tree, id);
        assert.equal(found?.section, doc === null ? DELETED_TREE : DATA_TREE, `snapshot ${i}: ${id}`);
      }
      const bytes = new Map([...expected.bytes].filter(([key]) => live.has(key.split('\0')[0]!)));
      await restoreAndCompare(`snapshot ${i} (its round's ${live.size} documents)`, s, treeOf(objects, s.tree, [...live.keys()]), live, bytes);
    }
    phase(`${listed.length} restores compared`);
  } finally {
    objects.close();
  }
});
