import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { openDatabase } from '../db/open-database';
import { withTempStore } from '../testing/temp-store';
import { fillWithEveryKindOfChange } from '../testing/every-kind-of-change';
import { until } from '../testing/until';
import { NoteIndex } from './note-index';
import { readSummaryCache, writeSummaryCache } from './summary-cache';
import { SUMMARY_VERSION } from './note-summary';

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
    await writeSummaryCache(cacheFile, SUMMARY_VERSION, { seq: 999, summaries: [{
      id: 'note:ghost', title: 'ghost', snippet: '', bookId: 'book:b', tags: [], status: 'none', pinned: false,
      createdAt: 9, updatedAt: 9, numOfTasks: 0, numOfCheckedTasks: 0,
    }] });
    assert.equal((await readSummaryCache(cacheFile, SUMMARY_VERSION))?.seq, 999);
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

/** Every summary of an index, by id, comparable. */
const summariesOf = (index: NoteIndex) => new Map([...index.all()].map((s) => [s.id, s]));

test('a first start summarizes every note in worker threads, as the notes read through PouchDB are summarized', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-note-index-'));
  try {
    const db = openDatabase(path.join(dir, 'ours'));
    // Opened without Quire's store binding: the load reads through PouchDB's feed alone.
    const plain = new PouchDB<Record<string, unknown>>(path.join(dir, 'plain'), { adapter: 'leveldb' });
    for (const target of [db, plain]) {
      await fillWithEveryKindOfChange(target);
      // Several pages of them (1,000 entries each), so that pages are in flight in both workers at once.
      await target.bulkDocs(Array.from({ length: 2500 }, (_, n) => note(1000 + n, { tags: [`tag:${n % 7}`], status: n % 3 ? 'active' : 'none' })));
      const edited = await target.get('note:1500');
      await target.put({ ...edited, title: 'Edited after the bulk' });
      await target.remove(await target.get('note:1501'));
    }
    // Workers from the first document on (a start summarizes this few notes itself otherwise).
    const fast = new NoteIndex(db, undefined, 0);
    const reference = new NoteIndex(plain, undefined, 0);
    await Promise.all([fast.load(), reference.load()]);
    const expected = summariesOf(reference);
    assert.ok(expected.size > 2500);
    assert.deepEqual(summariesOf(fast), expected);
    assert.equal(fast.get('note:1500')?.title, 'Edited after the bulk');
    assert.equal(fast.get('note:1501'), undefined);
    assert.equal(fast.get('note:n4')?.conflicts, 1, 'a conflict counted, as PouchDB reads it');
    await db.close();
    await plain.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

for (const [how, workersFrom] of [['in worker threads', 0], ['on the main thread', Infinity]] as const) {
  test(`a note changed while the first start reads every note (${how}) keeps the change, whichever of the two arrives last`, async () => {
    await withTempStore(async (store) => {
      await store.db.bulkDocs(Array.from({ length: 3000 }, (_, n) => note(n)));
      const index = new NoteIndex(store.db, undefined, workersFrom);
      const feed = store.db.changes({ since: 'now', live: true, include_docs: true, conflicts: true });
      feed.on('change', (change) => index.apply(change));
      try {
        const loading = index.load();
        const edits: Promise<unknown>[] = [];
        for (const n of [5, 1500, 2999]) edits.push(store.db.get(`note:${n}`).then((doc) => store.db.put({ ...doc, title: `Changed ${n}` })));
        await Promise.all([loading, ...edits]);
        await until('the feed has delivered the edits', () => [5, 1500, 2999].every((n) => index.get(`note:${n}`)?.title === `Changed ${n}`));
        assert.equal(index.size, 3000);
      } finally {
        feed.cancel();
      }
    });
  });
}

test('a saved cache gives the first rows before the notes are read, only while the database is where the cache left it', async () => {
  await withTempStore(async (store, dir) => {
    const cacheFile = path.join(dir, 'cache', 'summaries.json');
    await store.putMany([note(1), note(2, { pinned: true }), note(3, { title: 'a first' }), note(4, { bookId: 'trash' })]);
    const first = new NoteIndex(store.db, cacheFile);
    await first.load();
    await first.flush();

    const second = new NoteIndex(store.db, cacheFile);
    // Asked before load(): the saved rows, as the full list would give them.
    const saved = await second.savedFirstRows('title', 2);
    assert.deepEqual(saved?.notes.map((n) => n.id), ['note:2', 'note:3']);
    assert.equal(saved?.total, 3);
    assert.deepEqual((await second.savedFirstRows('updatedAt', 60))?.notes.map((n) => n.id), ['note:2', 'note:3', 'note:1']);
    await second.load();
    // Once the notes are read, the live list answers instead.
    assert.equal(await second.savedFirstRows('title', 2), null);

    // A change after the cache was written: the saved rows are not used.
    await store.put(note(5));
    const third = new NoteIndex(store.db, cacheFile);
    assert.equal(await third.savedFirstRows('updatedAt', 2), null);
    await third.load();
  });
});

test("the cache's read waits while urgent work runs (a query's first page at start-up), and goes on after", async () => {
  await withTempStore(async (store, dir) => {
    const cacheFile = path.join(dir, 'cache', 'summaries.json');
    // Many lines of the cache (2,000 notes each): read a line per turn, it takes many turns.
    const summaries = Array.from({ length: 30_000 }, (_, i) => ({
      id: `note:${i}`, title: `Note ${i}`, snippet: 'text', bookId: 'book:b', tags: [], status: 'none' as const, pinned: false,
      createdAt: i, updatedAt: i, numOfTasks: 0, numOfCheckedTasks: 0,
    }));
    await writeSummaryCache(cacheFile, SUMMARY_VERSION, { seq: Number((await store.db.info()).update_seq), summaries });
    const index = new NoteIndex(store.db, cacheFile);
    let release!: () => void;
    let urgentDone = false;
    const urgent = index.whileUrgent(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      // The database still answers the urgent work meanwhile.
      return store.db.info();
    }).then(() => (urgentDone = true));
    let loaded = false;
    const load = index.load().then(() => (loaded = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(loaded, false, 'the cache was read while urgent work was under way');
    release();
    await urgent;
    await load;
    assert.ok(urgentDone);
    assert.equal(index.size, 30_000);
  });
});

test('the cache is saved once changes pause for 5 s, and at least once a minute while they keep coming', async (t) => {
  await withTempStore(async (store, dir) => {
    const cacheFile = path.join(dir, 'cache', 'summaries.json');
    await store.putMany([note(1)]);
    // Node's mock timers move Date.now, not performance.now: the index is given the mocked clock.
    const index = new NoteIndex(store.db, cacheFile, undefined, () => Date.now());
    await index.load();
    await index.flush();
    const savedSeq = async () => (await readSummaryCache(cacheFile, SUMMARY_VERSION))?.seq ?? -1;
    // The write itself is real file work: turns of the event loop (not timers, which are mocked) until it lands.
    const landed = async (seq: number, turns = 3000) => {
      for (let i = 0; i < turns; i++) {
        if ((await savedSeq()) >= seq) return true;
        await new Promise((resolve) => setImmediate(resolve));
      }
      return false;
    };
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
    let seq = 100;
    const change = () => index.apply({ id: 'note:1', seq: ++seq, doc: { ...note(1), _rev: `${seq}-a`, title: `Title ${seq}` } });

    // Two changes 4 s apart: nothing saved until 5 s after the second.
    change();
    t.mock.timers.tick(4000);
    change();
    t.mock.timers.tick(4000);
    assert.equal(await landed(seq, 200), false, 'saved while the changes had not paused for 5 s');
    t.mock.timers.tick(1001);
    assert.equal(await landed(seq), true, 'saved 5 s after the last change');

    // A change every second for 70 s: saved within the first minute all the same.
    const first = seq + 1;
    for (let s = 0; s < 70; s++) {
      change();
      t.mock.timers.tick(1000);
      if (s === 55) assert.equal(await landed(first, 200), false, 'saved before the minute was up');
    }
    assert.equal(await landed(first), true, 'saved within a minute of the first change');
    t.mock.timers.reset();
    await index.flush();
  });
});
