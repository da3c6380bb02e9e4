import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withTempStore } from '../testing/temp-store';
import { NoteIndex } from './note-index';

const note = (n: number, extra: Record<string, unknown> = {}) => ({
  _id: `note:${n}`, title: `Note ${n}`, body: `# Note ${n}\n\nSome **text** [link](x)`, bookId: 'book:b',
  createdAt: n, updatedAt: n, ...extra,
});

test('lists pinned first, then by the chosen order', async () => {
  await withTempStore(async (store) => {
    await store.putMany([note(1), note(2, { pinned: true }), note(3, { title: 'a first' })]);
    const index = new NoteIndex(store.db);
    await index.load();
    assert.deepEqual([...index.all()].map((n) => n.id).sort(), ['note:1', 'note:2', 'note:3']);
    assert.equal(index.get('note:2')?.pinned, true);
    assert.equal(index.get('note:1')?.snippet, 'Note 1 Some text link');
  });
});

test('a saved cache is read at the next start and caught up with what changed since', async () => {
  await withTempStore(async (store, dir) => {
    const cacheFile = path.join(dir, 'cache', 'summaries.json');
    await store.putMany([note(1), note(2), note(3)]);
    const first = new NoteIndex(store.db, cacheFile);
    await first.load();
    await first.flush();
    assert.ok(fs.existsSync(cacheFile));

    // Changes made while no index was running: an edit, a deletion, a new note.
    const two = await store.db.get('note:2');
    await store.db.put({ ...two, title: 'Edited' });
    const three = await store.db.get('note:3');
    await store.db.remove(three);
    await store.put(note(4));

    const second = new NoteIndex(store.db, cacheFile);
    await second.load();
    const fresh = new NoteIndex(store.db);
    await fresh.load();
    const ids = (index: NoteIndex) =>
      [...index.all()].sort((a, b) => b.updatedAt - a.updatedAt).map((n) => `${n.id}:${n.title}`);
    assert.deepEqual(ids(second), ids(fresh));
    assert.deepEqual(ids(second), ['note:4:Note 4', 'note:2:Edited', 'note:1:Note 1']);
  });
});

test('a damaged cache is ignored and the database read instead', async () => {
  await withTempStore(async (store, dir) => {
    const cacheFile = path.join(dir, 'summaries.json');
    fs.writeFileSync(cacheFile, '{"version":1,"seq":0,"summ');
    await store.putMany([note(1)]);
    const index = new NoteIndex(store.db, cacheFile);
    await index.load();
    assert.equal(index.size, 1);
  });
});

test('a cache newer than the database (a replaced database) is ignored', async () => {
  await withTempStore(async (store, dir) => {
    const cacheFile = path.join(dir, 'summaries.json');
    fs.writeFileSync(cacheFile, JSON.stringify({ version: 1, seq: 999, summaries: [{ id: 'note:ghost', title: 'ghost' }] }));
    await store.putMany([note(1)]);
    const index = new NoteIndex(store.db, cacheFile);
    await index.load();
    assert.deepEqual([...index.all()].map((n) => n.id), ['note:1']);
  });
});

test('notes whose ids hold characters past U+FFFF (emoji) are listed too', async () => {
  await withTempStore(async (store) => {
    await store.db.bulkDocs([
      { ...note(1), _id: 'note:😀🎉' },
      { ...note(2), _id: 'note:\u{10fffd}' },
      { _id: 'note;after', title: 'not a note' },
      note(3),
    ]);
    const index = new NoteIndex(store.db);
    await index.load();
    assert.deepEqual([...index.all()].map((n) => n.id).sort(), ['note:3', 'note:\u{10fffd}', 'note:😀🎉'].sort());
  });
});
