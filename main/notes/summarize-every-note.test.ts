import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { openDatabase } from '../db/open-database';
import { seqKey } from '../db/pouchdb-layout';
import { alterStore, fillWithEveryKindOfChange } from '../testing/every-kind-of-change';
import type { NoteSummary } from '../../shared/types';
import { summarizeEveryNote } from './summarize-every-note';

async function collect(db: Parameters<typeof summarizeEveryNote>[0]) {
  const summaries = new Map<string, NoteSummary>();
  let pages = 0;
  const seq = await summarizeEveryNote(db, (page) => {
    pages++;
    for (const s of page.summaries) summaries.set(s.id, s);
    for (const id of page.removed) summaries.delete(id);
  });
  return { seq, summaries, pages };
}

test('every note is summarized by the workers, page by page, up to the database\'s last sequence', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-summarize-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    await fillWithEveryKindOfChange(db);
    await db.bulkDocs(Array.from({ length: 2500 }, (_, n) => ({ _id: `note:bulk${n}`, title: `Bulk ${n}`, body: `text ${n}`, bookId: 'book:b', createdAt: n, updatedAt: n })));
    const { seq, summaries, pages } = await collect(db);
    assert.equal(seq, Number((await db.info()).update_seq), 'read to the end of the store');
    assert.ok(pages >= 3, `${pages} pages`);
    const notes = (await db.allDocs({ startkey: 'note:', endkey: 'note;', inclusive_end: false })).rows.map((r) => r.id);
    assert.deepEqual([...summaries.keys()].sort(), notes.sort());
    assert.equal(summaries.get('note:n4')?.conflicts, 1, 'a conflict is read through PouchDB and counted');
    assert.equal(summaries.get('note:bulk2499')?.snippet, 'text 2499');
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a store it cannot read directly leaves the notes to the main thread; a damaged entry is left out', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-summarize-'));
  const plain = new PouchDB<Record<string, unknown>>(path.join(dir, 'plain'), { adapter: 'leveldb' });
  try {
    await plain.put({ _id: 'note:a', title: 'a', body: '' });
    assert.equal((await collect(plain)).seq, undefined, 'no store binding: the main thread reads, through PouchDB');
  } finally {
    await plain.close();
  }
  const location = path.join(dir, 'db');
  let db = openDatabase(location);
  try {
    await db.bulkDocs(Array.from({ length: 10 }, (_, n) => ({ _id: `note:${n}`, title: `${n}`, body: '' })));
    await db.close();
    await alterStore(location, seqKey(4), '{"not":"a revision"');
    db = openDatabase(location);
    await db.info();
    // A damaged entry (not JSON) is left out, as allDocs leaves it out; the others are summarized, nothing waits for ever.
    const { seq, summaries } = await collect(db);
    assert.equal(seq, 10);
    assert.deepEqual([...summaries.keys()].sort(), ['note:0', 'note:1', 'note:2', 'note:4', 'note:5', 'note:6', 'note:7', 'note:8', 'note:9']);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
