import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppCore } from './app-core';
import { readEverySummary } from '../notes/summary-pages';
import { headlessPlatform } from '../testing/headless-platform';
import { visibleNotes } from '../../shared/note-list';
import type { EventName, EventPayload } from '../../shared/contract/index';
import { eventLog, until } from '../testing/until';

const platform = headlessPlatform();

test('a new profile starts with the welcome note; the first page agrees with the full list', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-core-'));
  const events = eventLog<{ name: EventName; payload: unknown }>();
  const core = await createAppCore({
    userDataDir: dir, platform, events: { emit: <E extends EventName>(name: E, payload: EventPayload<E>) => events.push({ name, payload }) },
  });
  try {
    const [welcome] = (await core.handlers['notes.summaries']({})).notes;
    assert.equal(welcome?.title, 'Welcome to Quire');
    const book = await core.handlers['books.create']({ name: 'Work', parentBookId: null });
    for (let i = 0; i < 30; i += 1) {
      await core.handlers['notes.create']({ bookId: book._id, title: `Note ${String(i).padStart(2, '0')}` });
    }
    const pinned = await core.handlers['notes.create']({ title: 'Pinned' });
    await core.handlers['notes.update']({ id: pinned._id, patch: { pinned: true } });
    // The summaries follow the database through the changes feed, and the windows hear of it.
    await events.next((e) => e.name === 'notes.changed'
      && (e.payload as EventPayload<'notes.changed'>).upserted.some((n) => n.id === pinned._id && n.pinned));
    assert.equal(core.notes.get(pinned._id)?.pinned, true);

    const all = await readEverySummary(core.handlers['notes.summaries']);
    assert.equal(all.length, 32);
    const books = (await core.handlers['books.list']({})).map((b) => ({ id: b.id, parentBookId: b.parentBookId }));
    for (const sort of ['updatedAt', 'title'] as const) {
      const page = await core.handlers['notes.firstPage']({ filter: { kind: 'all' }, sort, limit: 10 });
      const full = visibleNotes(new Map(all.map((n) => [n.id, n])), { kind: 'all' }, books, sort, null);
      assert.deepEqual(page.notes.map((n) => n.id), full.slice(0, 10).map((n) => n.id));
      assert.equal(page.total, 32);
      assert.equal(page.notes[0]?.title, 'Pinned');
    }
    const inBook = await core.handlers['notes.firstPage']({ filter: { kind: 'book', id: book._id }, sort: 'title', limit: 3 });
    assert.deepEqual(inBook.notes.map((n) => n.title), ['Note 00', 'Note 01', 'Note 02']);
    assert.equal(inBook.total, 30);
    // A search typed before the window has every summary: the host gives its first rows and its count.
    const searched = await core.handlers['notes.firstPage']({ filter: { kind: 'all' }, sort: 'title', limit: 2, query: 'pinned' });
    assert.deepEqual(searched.notes.map((n) => n.title), ['Pinned']);
    assert.equal(searched.total, 1);
    const inBookSearch = await core.handlers['notes.firstPage']({ filter: { kind: 'book', id: book._id }, sort: 'title', limit: 2, query: 'note' });
    assert.deepEqual(inBookSearch.notes.map((n) => n.title), ['Note 00', 'Note 01']);
    assert.equal(inBookSearch.total, 30);
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with no saved search index, the build waits until a window has its whole list; a saved one loads at the first rows', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-core-'));
  const events = { emit: () => undefined };
  const settled = (promise: Promise<unknown>) => {
    let done = false;
    void promise.then(() => (done = true), () => (done = true));
    return () => done;
  };
  try {
    let core = await createAppCore({ userDataDir: dir, platform, events });
    try {
      // No summary cache either: every note is read at once, before any window asks (the fallback would wait 1 s).
      assert.equal(core.notes.hasCache(), false);
      await until('the notes read without a window asking', () => core.notes.isLoaded, 800);
      assert.equal(core.search.hasSavedIndex(), false);
      await core.handlers['notes.firstPage']({ filter: { kind: 'all' }, sort: 'updatedAt', limit: 10 });
      const ready = settled(core.search.ready);
      // Built from one note, the index would be in well within this if its build had started.
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(ready(), false, 'the search was built beside the first rows');
      // The whole list is not held back for an index that is not there yet either.
      const all = await readEverySummary(core.handlers['notes.summaries']);
      assert.equal(all.length, 1);
      // Built once the last page is sent (were it not, the start's fallback would wait a minute more for this window).
      const sent = performance.now();
      assert.equal((await core.search.ready).source, 'built');
      assert.ok(performance.now() - sent < 5000, 'the build did not start when the list was sent');
    } finally {
      await core.close();
    }
    // Closed with its index saved: the next start loads it as soon as the first rows are out.
    core = await createAppCore({ userDataDir: dir, platform, events });
    try {
      assert.equal(core.search.hasSavedIndex(), true);
      await core.handlers['notes.firstPage']({ filter: { kind: 'all' }, sort: 'updatedAt', limit: 10 });
      const sent = performance.now();
      assert.equal((await core.search.ready).source, 'saved');
      // Not the fallback, which comes 2 s after the notes are read.
      assert.ok(performance.now() - sent < 1900, 'the saved index was not loaded at the first rows');
    } finally {
      await core.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
