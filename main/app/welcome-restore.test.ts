// Restore into a fresh install, through the app's handlers on real AppCores
// (PouchDB in temporary profiles) and a real backup folder: the fresh
// install's own untouched welcome notebook and note make way for the
// backup's; an edited welcome note is the person's and stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppCore, type AppCore } from './app-core';
import { headlessPlatform } from '../testing/headless-platform';
import { backUp } from '../restore/restore-testing';
import type { BookDoc, NoteDoc } from '../../shared/schema';
import { newId } from '../../shared/ids';
import { WELCOME_BOOK_NAME, WELCOME_NOTE_TITLE } from '../notes/welcome';

const events = { emit: () => undefined };

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-welcome-restore-'));
  try {
    await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function open(dir: string, name: string): Promise<AppCore> {
  return createAppCore({ userDataDir: path.join(dir, name), platform: headlessPlatform(), events });
}

/** Live documents by id, each with its revision. */
async function live(core: AppCore): Promise<Map<string, string>> {
  const all = await core.db.allDocs();
  return new Map(all.rows.map((r) => [r.id, r.value.rev]));
}

/** An old install: its own welcome content (random ids), a notebook and a note of its own, backed up. */
async function oldInstall(dir: string): Promise<{ folder: string; docs: Map<string, string> }> {
  const core = await open(dir, 'old');
  try {
    const now = Date.now();
    const book: BookDoc = { _id: newId('book'), name: 'Work', parentBookId: null, createdAt: now, updatedAt: now };
    const note: NoteDoc = {
      _id: newId('note'), title: 'Plans', body: '# Plans', doctype: 'markdown', bookId: book._id, tags: [], status: 'none',
      share: 'private', pinned: false, numOfTasks: 0, numOfCheckedTasks: 0, createdAt: now, updatedAt: now,
    };
    await core.store.putMany([book, note]);
    const folder = path.join(dir, 'backup');
    await backUp(core.db, folder);
    return { folder, docs: await live(core) };
  } finally {
    await core.close();
  }
}

async function restore(core: AppCore, folder: string) {
  const scan = await core.handlers['restore.scan']({ folder });
  assert.equal(scan.kind, 'plan');
  return core.handlers['restore.run']({ folder });
}

async function welcomeOf(core: AppCore): Promise<{ book: BookDoc; note: NoteDoc }> {
  const books = await core.store.allOfType('book');
  const notes = await core.store.allOfType('note');
  assert.equal(books.length, 1);
  assert.equal(notes.length, 1);
  return { book: books[0]!, note: notes[0]! };
}

test('a fresh install restored from a backup ends with exactly what the backup holds: one My Notebook, one welcome note', async () => {
  await withDir(async (dir) => {
    const old = await oldInstall(dir);
    const fresh = await open(dir, 'fresh');
    try {
      const own = await welcomeOf(fresh);
      assert.equal(own.book.name, WELCOME_BOOK_NAME);
      const result = await restore(fresh, old.folder);
      assert.equal(result.restored, old.docs.size);
      assert.deepEqual(await live(fresh), old.docs);
      const books = await fresh.store.allOfType('book');
      assert.deepEqual(books.filter((b) => b.name === WELCOME_BOOK_NAME).length, 1);
      const notes = await fresh.store.allOfType('note');
      assert.deepEqual(notes.filter((n) => n.title === WELCOME_NOTE_TITLE).length, 1);
    } finally {
      await fresh.close();
    }
  });
});

test('an edited welcome note is the person\'s: it stays beside the restored notes, in its notebook', async () => {
  await withDir(async (dir) => {
    const old = await oldInstall(dir);
    const fresh = await open(dir, 'fresh');
    try {
      const own = await welcomeOf(fresh);
      await fresh.store.put({ ...own.note, body: `${own.note.body}\nMy own line.`, updatedAt: own.note.updatedAt + 1 });
      await restore(fresh, old.folder);
      const after = await live(fresh);
      assert.ok(after.has(own.note._id), 'the edited welcome note is kept');
      assert.ok(after.has(own.book._id), 'its notebook is kept');
      assert.equal(after.size, old.docs.size + 2);
    } finally {
      await fresh.close();
    }
  });
});

test('a restore that brings no note leaves the welcome content alone (restoring its own backup)', async () => {
  await withDir(async (dir) => {
    const fresh = await open(dir, 'fresh');
    try {
      const before = await live(fresh);
      const folder = path.join(dir, 'own-backup');
      await backUp(fresh.db, folder);
      const result = await restore(fresh, folder);
      assert.equal(result.restored, 0);
      assert.deepEqual(await live(fresh), before);
    } finally {
      await fresh.close();
    }
  });
});

test('a notebook named My Notebook with notes of its own is never taken for the welcome notebook', async () => {
  await withDir(async (dir) => {
    const old = await oldInstall(dir);
    const fresh = await open(dir, 'fresh');
    try {
      const own = await welcomeOf(fresh);
      const now = Date.now();
      const mine = newId('note');
      await fresh.store.put({
        _id: mine, title: 'Mine', body: 'x', doctype: 'markdown', bookId: own.book._id, tags: [], status: 'none',
        share: 'private', pinned: false, numOfTasks: 0, numOfCheckedTasks: 0, createdAt: now, updatedAt: now,
      } satisfies NoteDoc);
      while (!fresh.notes.get(mine)) await new Promise((r) => setTimeout(r, 10)); // the note index follows the changes feed
      await restore(fresh, old.folder);
      const after = await live(fresh);
      assert.ok(after.has(own.book._id) && after.has(own.note._id), 'a notebook holding the person\'s note keeps the welcome note too');
    } finally {
      await fresh.close();
    }
  });
});

test('a restore that brings only newer revisions of notes already here (the same notes from another computer) leaves the welcome content alone', async () => {
  await withDir(async (dir) => {
    const desktop = await open(dir, 'desktop');
    const laptop = await open(dir, 'laptop');
    try {
      const own = await welcomeOf(desktop);
      const now = Date.now();
      const work: BookDoc = { _id: newId('book'), name: 'Work', parentBookId: null, createdAt: now, updatedAt: now };
      const note: NoteDoc = {
        _id: newId('note'), title: 'Plans', body: 'v1', doctype: 'markdown', bookId: work._id, tags: [], status: 'none',
        share: 'private', pinned: false, numOfTasks: 0, numOfCheckedTasks: 0, createdAt: now, updatedAt: now,
      };
      await desktop.store.putMany([work, note]);
      await backUp(desktop.db, path.join(dir, 'from-desktop'));
      await restore(laptop, path.join(dir, 'from-desktop'));
      const there = (await laptop.store.get<NoteDoc>(note._id))!;
      await laptop.store.put({ ...there, body: 'v2', updatedAt: now + 1 });
      await backUp(laptop.db, path.join(dir, 'from-laptop'));

      const before = await live(desktop);
      const result = await restore(desktop, path.join(dir, 'from-laptop'));
      assert.equal(result.restored, 1, 'the newer revision of Plans');
      const after = await live(desktop);
      assert.ok(after.has(own.note._id) && after.has(own.book._id), 'the welcome notebook and note stay');
      assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    } finally {
      await desktop.close();
      await laptop.close();
    }
  });
});
