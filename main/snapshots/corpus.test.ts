// Integration: the whole tldr corpus (38k notes) with image attachments
// snapshotted, then 20 rounds of random edits, deletions, new notes and
// attachment changes, each followed by a snapshot and a record of the
// database's state at that snapshot's sequence. Then every snapshot is
// restored into a fresh database and compared with its record, document by
// document (every field, the revision) and attachment byte by byte.
//
// Cheap where it can be: the records are kept as one full state and each
// round's changes (not 21 copies of 38k documents), a restored database is
// read once with allDocs, and attachment bytes are fetched only for the
// attachment documents.
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
import { ObjectStore, listSnapshots, restoreSnapshot, takeSnapshot, verifyStore, type SnapshotInfo } from './index';

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/images');
const ROUNDS = 20;

const phases: string[] = [];
let mark = performance.now();
function phase(name: string): void {
  phases.push(`${name} ${Math.round(performance.now() - mark)} ms`);
  mark = performance.now();
}
after(() => console.log(`# ${phases.join(', ')}`));

let seed = 14;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

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
    // Compared in order against the state as it grows round by round.
    const restore = async (s: SnapshotInfo) => {
      const fresh = t.open(`fresh-${restored++}`);
      const result = await restoreSnapshot(fresh, objects, s);
      assert.equal(result.skippedCount, 0, JSON.stringify(result.skipped.slice(0, 2)));
      return fresh;
    };
    // One at a time: two restores at once stopped the restore's reader thread early (restore/hand-off.ts).
    for (let i = 0; i < listed.length; i++) {
      for (const [j, fresh] of [await restore(listed[i]!)].entries()) {
        const expected = snapshots[i + j]!;
        for (const [id, doc] of expected.changes) {
          if (doc === null) state.delete(id);
          else state.set(id, doc);
        }
        const all = await fresh.allDocs({ include_docs: true });
        const rows = (all.rows as Row[]).filter((r) => !r.id.startsWith('_design/'));
        assert.equal(rows.length, state.size, `snapshot ${i + j}: ${rows.length} documents restored, ${state.size} at its sequence`);
        for (const row of rows) {
          const want = state.get(row.id);
          assert.ok(want !== undefined, `snapshot ${i + j}: ${row.id} restored but not in the database then`);
          assert.equal(canonical(row.doc!), want, `snapshot ${i + j}: ${row.id}`);
        }
        const bytes = await attachmentBytes(fresh, attachmentIds);
        assert.equal(bytes.size, expected.bytes.size);
        for (const [key, data] of expected.bytes) assert.ok(bytes.get(key)?.equals(data), `snapshot ${i + j}: ${key.replace('\0', '/')} byte for byte`);
        await fresh.destroy();
      }
    }
    phase(`${listed.length} restores compared`);
  } finally {
    objects.close();
  }
});
