// A note's history (history.ts) on a real PouchDB and a real snapshot store:
// 50 edits over 5 snapshots in order and each restored, writing sessions
// grouped, a note deleted forever brought back into the Trash, hostile ids.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { withTempStore } from '../testing/temp-store';
import { openDatabase } from '../db/open-database';
import type { DocumentStore } from '../db/document-store';
import { NotesService } from '../notes/notes-service';
import { listFiles } from '../backup/backup-testing';
import { takeSnapshot } from './take';
import { charsReplaced, groupSessions, LARGE_REMOVAL_CHARS, noteHistory, readVersion, restoreVersion, SESSION_GAP_MS, wordChanges } from './history';

const MINUTE = 60_000;

/** A clock the test moves: every read is a minute later unless told otherwise. */
function clock(start = Date.parse('2026-12-01T09:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

async function setup(store: DocumentStore, c = clock()) {
  await store.put({ _id: 'book:work', name: 'Work', parentBookId: null, createdAt: c.now(), updatedAt: c.now() });
  await store.put({ _id: 'tag:keep', name: 'keep', color: 'default', createdAt: c.now(), updatedAt: c.now() });
  return new NotesService(store, c.now);
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i + 1}`).join(' ');

test('50 edits over 5 snapshots: the snapshots in order, newest first, the last saves as one session, and every version restores', async () => {
  await withTempStore(async (store, dir) => {
    const c = clock();
    const notes = await setup(store, c);
    const folder = path.join(dir, 'backup');
    fs.mkdirSync(folder);
    const note = await notes.create({ bookId: 'book:work', title: 'Diary', body: '' });
    for (let i = 1; i <= 50; i++) {
      c.advance(20 * MINUTE);
      await notes.update(note._id, { body: words(i) });
      if (i % 10 === 0) await takeSnapshot(store.db, folder, { now: new Date(c.now()) });
    }
    // Three more saves a minute apart, not yet in a snapshot: one writing session.
    for (let i = 51; i <= 53; i++) {
      c.advance(MINUTE);
      await notes.update(note._id, { body: words(i) });
    }
    const history = await noteHistory(store.db, folder, note._id);
    assert.equal(history.state, 'live');
    assert.deepEqual(history.problems, []);
    // Saves 20 minutes apart are sessions of their own; those the snapshots hold are the snapshots' entries,
    // the others (still in the database) lie between them; the note as created is the oldest.
    const at = (i: number) => history.entries.findIndex((e) => e.source === 'snapshot' && e.title === 'Diary' && e.wordsAdded === 1 && e.key === snapKeys[i]);
    const snapKeys = history.entries.filter((e) => e.source === 'snapshot').map((e) => e.key);
    assert.equal(snapKeys.length, 5);
    assert.equal(history.entries.length, 1 + 50 + 1);
    assert.deepEqual([0, 1, 2, 3, 4].map(at), [1, 11, 21, 31, 41]);
    assert.equal(history.entries[0]!.saves, 3);
    assert.equal(history.entries[0]!.current, true);
    assert.deepEqual(history.entries.slice(0, 3).map((e) => [e.source, e.wordsAdded, e.wordsRemoved]), [['local', 3, 0], ['snapshot', 1, 0], ['local', 1, 0]]);
    const times = history.entries.map((e) => Date.parse(e.time));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    for (const [i, e] of history.entries.slice(1).entries()) {
      assert.equal((await readVersion(store.db, folder, note._id, e.key)).body, words(50 - i), `entry ${i + 1}`);
    }

    const snapshotEntries = history.entries.filter((e) => e.source === 'snapshot');
    for (const [k, entry] of snapshotEntries.entries()) {
      const expected = words(50 - 10 * k);
      assert.equal((await readVersion(store.db, folder, note._id, entry.key)).body, expected);
      c.advance(MINUTE);
      assert.deepEqual(await restoreVersion(store.db, folder, note._id, entry.key, c.now), { noteId: note._id, inTrash: false });
      const now = await store.get<{ body: string; bookId: string; tags: string[] }>(note._id);
      assert.equal(now?.body, expected, `the version of snapshot ${5 - k} is the current text`);
      assert.equal(now?.bookId, 'book:work');
    }
    // The versions replaced stay in the history: the restores are new local saves on top.
    const after = await noteHistory(store.db, folder, note._id);
    assert.equal(after.entries.filter((e) => e.source === 'snapshot').length, 5);
    assert.equal(after.entries[0]!.current, true);
    // The saves no snapshot holds: the note as created, 45 of the first 50 edits (not the five the
    // snapshots hold), the last three, and the five restores.
    const local = after.entries.filter((e) => e.source === 'local').reduce((n, e) => n + e.saves, 0);
    assert.equal(local, 1 + 45 + 3 + 5);
  });
});

test('Restore This Version in the middle of a writing session: the text it replaced stays an entry of its own', async () => {
  await withTempStore(async (store, dir) => {
    const c = clock();
    const notes = await setup(store, c);
    const folder = path.join(dir, 'backup');
    fs.mkdirSync(folder);
    const note = await notes.create({ bookId: 'book:work', title: 'Plan', body: 'first draft' });
    await takeSnapshot(store.db, folder, { now: new Date(c.now()) });
    // A session of saves a minute apart, then the snapshot's version restored a minute later.
    for (const body of ['second draft', 'third draft', 'the text that gets replaced']) {
      c.advance(MINUTE);
      await notes.update(note._id, { body });
    }
    const before = await noteHistory(store.db, folder, note._id);
    const snapshot = before.entries.find((e) => e.source === 'snapshot')!;
    c.advance(MINUTE);
    await restoreVersion(store.db, folder, note._id, snapshot.key, c.now);
    const after = await noteHistory(store.db, folder, note._id);
    assert.deepEqual(after.entries.map((e) => [e.source, e.saves, e.current]), [['local', 1, true], ['local', 3, false], ['snapshot', 1, false]]);
    assert.equal((await readVersion(store.db, folder, note._id, after.entries[0]!.key)).body, 'first draft');
    assert.equal((await readVersion(store.db, folder, note._id, after.entries[1]!.key)).body, 'the text that gets replaced');
    // Typing on after the restore groups with it, as a session does.
    c.advance(MINUTE);
    await notes.update(note._id, { body: 'first draft, edited' });
    const typed = await noteHistory(store.db, folder, note._id);
    assert.deepEqual(typed.entries.map((e) => [e.source, e.saves]), [['local', 2], ['local', 3], ['snapshot', 1]]);
    // The next snapshot holds only the newest text: the text replaced stays in the list from the database.
    c.advance(10 * MINUTE);
    await takeSnapshot(store.db, folder, { now: new Date(c.now()) });
    const later = await noteHistory(store.db, folder, note._id);
    assert.deepEqual(later.entries.map((e) => [e.source, e.saves]), [['snapshot', 2], ['local', 3], ['snapshot', 1]]);
    assert.equal((await readVersion(store.db, folder, note._id, later.entries[1]!.key)).body, 'the text that gets replaced');
  });
});

test('a note deleted forever, known from a snapshot: state deleted, and restoring a version brings it back in the Trash', async () => {
  await withTempStore(async (store, dir) => {
    const c = clock();
    const notes = await setup(store, c);
    const folder = path.join(dir, 'backup');
    fs.mkdirSync(folder);
    const note = await notes.create({ bookId: 'book:work', title: 'Gone', body: 'precious text', tags: ['tag:keep'] });
    await takeSnapshot(store.db, folder);
    await notes.moveToTrash([note._id]);
    await notes.deleteForever([note._id]);
    const history = await noteHistory(store.db, folder, note._id);
    assert.equal(history.state, 'deleted');
    assert.equal(history.entries[0]!.deleted, true);
    const snap = history.entries.find((e) => e.source === 'snapshot')!;
    assert.equal(snap.title, 'Gone');
    await assert.rejects(restoreVersion(store.db, folder, note._id, history.entries[0]!.key), /deletion/);
    assert.deepEqual(await restoreVersion(store.db, folder, note._id, snap.key), { noteId: note._id, inTrash: true });
    const back = await store.get<Record<string, unknown>>(note._id);
    assert.equal(back?.body, 'precious text');
    assert.equal(back?.bookId, 'trash');
    assert.equal(back?.trashedFrom, 'book:work', 'Restore from the Trash puts it back where it was');
    assert.deepEqual(back?.tags, ['tag:keep']);
    assert.equal((await noteHistory(store.db, folder, note._id)).state, 'trash');
  });
});

test('without snapshots: a deleted note the database still holds comes back from its local revision; an unknown id is unknown', async () => {
  await withTempStore(async (store) => {
    const notes = await setup(store);
    const note = await notes.create({ bookId: 'book:work', title: 'Local', body: 'only here' });
    await notes.moveToTrash([note._id]);
    await notes.deleteForever([note._id]);
    const history = await noteHistory(store.db, null, note._id);
    assert.equal(history.state, 'deleted');
    const live = history.entries.find((e) => !e.deleted)!;
    assert.equal((await readVersion(store.db, null, note._id, live.key)).body, 'only here');
    assert.equal((await restoreVersion(store.db, null, note._id, live.key)).inTrash, true);
    assert.equal((await store.get<{ body: string }>(note._id))?.body, 'only here');
    assert.deepEqual(await noteHistory(store.db, null, 'note:never-was'), { noteId: 'note:never-was', state: 'unknown', entries: [], problems: [] });
    await assert.rejects(readVersion(store.db, null, note._id, 'rev:1-0123abcd'), /no longer in the database/);
    await assert.rejects(readVersion(store.db, null, note._id, `snap:${'a'.repeat(40)}`), /no backup folder/);
  });
});

test('hostile ids: paths, separators, emoji and 2000 characters are only keys; the store holds nothing outside snapshots.git/', async () => {
  await withTempStore(async (store, dir) => {
    const c = clock();
    const notes = await setup(store, c);
    const folder = path.join(dir, 'backup');
    fs.mkdirSync(folder);
    const ids = ['note:../../../etc/passwd', 'note:a/b\\c:d', 'note:💥 spaces\u0000nul', `note:${'x'.repeat(1990)}`, 'note:.git', 'note:CON'];
    for (const id of ids) {
      await store.put({ _id: id, title: id.slice(0, 40), body: 'first', bookId: 'book:work', tags: [], createdAt: c.now(), updatedAt: c.now() });
    }
    await takeSnapshot(store.db, folder);
    for (const id of ids) await notes.update(id, { body: 'second' });
    for (const id of ids) {
      const history = await noteHistory(store.db, folder, id);
      assert.deepEqual(history.entries.map((e) => e.source), ['local', 'snapshot'], id);
      await restoreVersion(store.db, folder, id, history.entries[1]!.key);
      assert.equal((await store.get<{ body: string }>(id))?.body, 'first', id);
    }
    assert.ok(listFiles(folder).every((f) => f.startsWith(`snapshots.git${path.sep}`)));
  });
});

test('grouping and word counts: saves under five minutes apart are one session; a deletion, or a save that removed much, is never folded into one', () => {
  const at = (m: number) => new Date(Date.parse('2026-12-01T09:00:00Z') + m * MINUTE).toISOString();
  const v = (source: string, m: number, deleted = false) => ({ source, time: at(m), deleted, saves: 1, m });
  const grouped = groupSessions([v('snapshot', 0), v('local', 1), v('local', 3), v('local', 7.5), v('local', 20), v('local', 21, true)]);
  assert.deepEqual(grouped.map((g) => [g.m, g.saves]), [[0, 1], [7.5, 3], [20, 1], [21, 1]]);
  // A snapshot stands for the saves of the session it ends; the saves after it start a session of their own.
  const ended = groupSessions([v('local', 0), v('local', 1), v('snapshot', 2), v('local', 3), v('snapshot', 9), v('snapshot', 10)]);
  assert.deepEqual(ended.map((g) => [g.source, g.m, g.saves]), [['snapshot', 2, 3], ['local', 3, 1], ['snapshot', 9, 1], ['snapshot', 10, 1]]);
  assert.equal(SESSION_GAP_MS, 5 * MINUTE);
  // A paste over most of the text (or a large deletion) in the middle of a session: the text before it stays an entry.
  const text = 'Chapter one. '.repeat(40);
  const b = (m: number, body: string) => ({ ...v('local', m), fields: { body } });
  const typed = groupSessions([b(1, text), b(2, `${text}More.`), b(3, `${text}More words.`), b(3.5, 'pasted by mistake'), b(4, 'pasted by mistake!')]);
  assert.deepEqual(typed.map((g) => [g.m, g.saves]), [[3, 3], [4, 2]]);
  assert.equal(charsReplaced('abc def', 'abc xyz def'), 0);
  assert.equal(charsReplaced('keep this, drop that', 'keep that'), 11);
  assert.ok(LARGE_REMOVAL_CHARS >= 50 && LARGE_REMOVAL_CHARS <= 500);
  // Small deletions (backspace, a word changed) stay within the session.
  const edited = groupSessions([b(1, text), b(2, text.slice(0, -20)), b(3, `${text.slice(0, -20)}x`)]);
  assert.deepEqual(edited.map((g) => [g.m, g.saves]), [[3, 3]]);
  assert.deepEqual(wordChanges('the quick brown fox', 'the slow brown fox jumps'), { added: 2, removed: 1 });
  const long = `${'word '.repeat(60_000)}`;
  assert.deepEqual(wordChanges(long, `${long}tail`), { added: 1, removed: 0 }, 'a long note: only what lies between the common beginning and end is compared');
  // A long note changed in two far-apart places: counted by word within the changed lines, not by whole lines.
  const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} has some words in it to make it long enough here`);
  const changed = [...lines];
  changed[881] = changed[881]!.replace('some', 'several');
  changed[2999] = `${changed[2999]} plus two`;
  assert.deepEqual(wordChanges(lines.join('\n'), changed.join('\n')), { added: 3, removed: 1 });
});

test('a note whose revisions start again from 1 (imported again under its id): the newest text is still the newest entry, and current', async () => {
  await withTempStore(async (store, dir) => {
    const folder = path.join(dir, 'backup');
    fs.mkdirSync(folder);
    const other = openDatabase(path.join(dir, 'before'));
    try {
      // The note as an earlier database had it, nine saves deep, in two snapshots (a year ago).
      let rev: string | undefined;
      for (let i = 1; i <= 9; i++) {
        const at = Date.parse('2025-01-01T00:00:00Z') + i * 3 * 86_400_000;
        rev = (await other.put({ _id: 'note:again', ...(rev ? { _rev: rev } : {}), title: 'Again', body: `old ${i}`, bookId: 'book:b', tags: [], createdAt: 1, updatedAt: at })).rev;
        if (i === 3 || i === 9) await takeSnapshot(other, folder, { now: new Date(at) });
      }
    } finally {
      await other.close();
    }
    // This database made it again from an import: revisions 1 and 2, this year.
    const first = await store.db.put({ _id: 'note:again', title: 'Again', body: 'new 1', bookId: 'book:b', tags: [], createdAt: 1, updatedAt: Date.parse('2026-06-01T00:00:00Z') });
    await store.db.put({ _id: 'note:again', _rev: first.rev, title: 'Again', body: 'new 2', bookId: 'book:b', tags: [], createdAt: 1, updatedAt: Date.parse('2026-06-01T00:01:00Z') });
    const history = await noteHistory(store.db, folder, 'note:again');
    assert.equal(history.entries[0]!.current, true);
    assert.equal((await readVersion(store.db, folder, 'note:again', history.entries[0]!.key)).body, 'new 2');
    assert.deepEqual(history.entries.map((e) => e.source), ['local', 'snapshot', 'snapshot']);
  });
});

test('a move to the Trash and back is an entry that says so, not "no words changed"', async () => {
  await withTempStore(async (store, dir) => {
    const c = clock();
    const notes = await setup(store, c);
    const folder = path.join(dir, 'backup');
    fs.mkdirSync(folder);
    const note = await notes.create({ bookId: 'book:work', title: 'Moving', body: 'the same words throughout' });
    await takeSnapshot(store.db, folder, { now: new Date(c.now()) });
    c.advance(10 * MINUTE);
    await notes.moveToTrash([note._id]);
    c.advance(10 * MINUTE);
    await notes.restoreFromTrash([note._id], 'book:work');
    const history = await noteHistory(store.db, folder, note._id);
    assert.deepEqual(history.entries.map((e) => [e.source, e.moved ?? null, e.wordsAdded, e.wordsRemoved]), [
      ['local', 'fromTrash', 0, 0], ['local', 'toTrash', 0, 0], ['snapshot', null, 0, 0],
    ]);
  });
});
