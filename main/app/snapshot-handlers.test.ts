// Snapshots and history through the app's handlers, on a real AppCore
// (PouchDB in a temporary profile, the backup worker writing a real folder):
// the automatic first snapshot, Take Snapshot Now, a note's history, a
// version restored, a restore to a snapshot, Restore… taking a snapshot first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppCore, type AppCore } from './app-core';
import { headlessPlatform } from '../testing/headless-platform';
import { eventLog } from '../testing/until';
import type { EventName, EventPayload } from '../../shared/contract/index';
import type { SnapshotsOverview } from '../../shared/contract/snapshot-requests';
import { openDatabase } from '../db/open-database';
import { backUp } from '../restore/restore-testing';

interface Seen { name: EventName; payload: unknown }

async function withCore(fn: (core: AppCore, dir: string, seen: ReturnType<typeof eventLog<Seen>>) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-snapshot-app-'));
  const seen = eventLog<Seen>();
  const core = await createAppCore({
    userDataDir: path.join(dir, 'profile'),
    platform: headlessPlatform(),
    events: { emit: <E extends EventName>(name: E, payload: EventPayload<E>) => seen.push({ name, payload }) },
  });
  try {
    await fn(core, dir, seen);
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const overviewWith = async (seen: ReturnType<typeof eventLog<Seen>>, ok: (o: SnapshotsOverview) => boolean) =>
  (await seen.next((e) => e.name === 'snapshots.changed' && ok(e.payload as SnapshotsOverview))).payload as SnapshotsOverview;

test('without a backup folder: the overview says so, Take Snapshot Now is refused in words, history has the local revisions', async () => {
  await withCore(async (core) => {
    const overview = await core.handlers['snapshots.overview']({});
    assert.equal(overview.folder, null);
    assert.deepEqual(overview.settings, { enabled: true, intervalMinutes: 15, keep: 'standard' });
    assert.equal(overview.count, 0);
    await assert.rejects(async () => core.handlers['snapshots.takeNow']({}), /backup folder/);
    assert.deepEqual(await core.handlers['snapshots.list']({}), []);
    const note = await core.handlers['notes.create']({ title: 'Draft', body: 'one two three' });
    await core.handlers['notes.update']({ id: note._id, patch: { body: 'one two three four' } });
    const history = await core.handlers['history.list']({ noteId: note._id });
    assert.equal(history.state, 'live');
    assert.equal(history.entries.length, 1, 'two saves a moment apart are one writing session');
    assert.equal(history.entries[0]!.saves, 2);
    assert.equal(history.entries[0]!.current, true);
  });
});

test('a backup folder set: the first snapshot is taken once the mirror is written; then Take Snapshot Now, history, restore a version, restore to a snapshot', async () => {
  await withCore(async (core, dir, seen) => {
    const folder = path.join(dir, 'backup');
    const note = await core.handlers['notes.create']({ title: 'Plan', body: 'alpha beta gamma' });
    assert.equal((await core.handlers['backup.setLocation']({ location: folder })).ok, true);
    await overviewWith(seen, (o) => o.count === 1 && o.busy === null);
    assert.ok(fs.existsSync(path.join(folder, 'snapshots.git', 'quire-snapshots.json')));
    const [first] = await core.handlers['snapshots.list']({});
    assert.ok(first?.own);

    await core.handlers['notes.update']({ id: note._id, patch: { body: 'alpha beta gamma delta epsilon' } });
    const second = await core.handlers['snapshots.takeNow']({});
    assert.notEqual(second.id, first.id);
    await core.handlers['notes.update']({ id: note._id, patch: { body: 'overwritten by mistake' } });

    const history = await core.handlers['history.list']({ noteId: note._id });
    assert.deepEqual(history.entries.map((e) => e.source), ['local', 'snapshot', 'snapshot']);
    assert.equal(history.entries[0]!.current, true);
    assert.deepEqual([history.entries[1]!.wordsAdded, history.entries[1]!.wordsRemoved], [2, 0]);
    const older = await core.handlers['history.read']({ noteId: note._id, key: history.entries[1]!.key });
    assert.equal(older.body, 'alpha beta gamma delta epsilon');

    const back = await core.handlers['history.restoreVersion']({ noteId: note._id, key: history.entries[1]!.key });
    assert.deepEqual(back, { noteId: note._id, inTrash: false });
    assert.equal((await core.handlers['notes.get']({ id: note._id }))?.body, 'alpha beta gamma delta epsilon');

    const plan = await core.handlers['snapshots.planRestore']({ snapshot: first.id });
    assert.equal(plan.changedBack, 1);
    const outcome = await core.handlers['snapshots.restore']({ snapshot: first.id, createdSince: 'keep' });
    assert.ok(outcome.undoSnapshot);
    assert.equal(outcome.changedBack, 1);
    assert.equal((await core.handlers['notes.get']({ id: note._id }))?.body, 'alpha beta gamma');
    const listed = await core.handlers['snapshots.list']({});
    // The snapshot taken just before says so (the Restore to… list shows it as the one that undoes the restore).
    assert.equal(listed.find((s) => s.id === outcome.undoSnapshot)?.reason, `before-restore-to ${first.time}`);
    assert.equal(listed.find((s) => s.id === first.id)?.first, true);
    // Undo: restoring to it brings the text back as it was before the restore.
    await core.handlers['snapshots.restore']({ snapshot: outcome.undoSnapshot!, createdSince: 'trash' });
    assert.equal((await core.handlers['notes.get']({ id: note._id }))?.body, 'alpha beta gamma delta epsilon');
  });
});

test('Restore… from a backup folder takes a snapshot first: the moment before the restore can be restored to', async () => {
  await withCore(async (core, dir, seen) => {
    const other = openDatabase(path.join(dir, 'other-db'));
    const source = path.join(dir, 'other-backup');
    try {
      await other.put({ _id: 'note:from-elsewhere', title: 'Elsewhere', body: 'x', bookId: 'book:b', tags: [], createdAt: 1, updatedAt: 1 });
      await backUp(other, source);
    } finally {
      await other.close();
    }
    assert.equal((await core.handlers['backup.setLocation']({ location: path.join(dir, 'backup') })).ok, true);
    await overviewWith(seen, (o) => o.count === 1 && o.busy === null);
    const note = await core.handlers['notes.create']({ title: 'Before', body: 'typed just before the restore' });
    const result = await core.handlers['restore.run']({ folder: source });
    assert.equal(result.restored, 1);
    const list = await core.handlers['snapshots.list']({});
    assert.equal(list.length, 2, 'one more snapshot, taken before the restore');
    assert.equal(list[0]!.reason, 'before-restore-from-folder');
    const history = await core.handlers['history.list']({ noteId: note._id });
    assert.ok(history.entries.some((e) => e.key === `snap:${list[0]!.id}`), 'the newest snapshot holds what was typed before the restore');
    const plan = await core.handlers['snapshots.planRestore']({ snapshot: list[0]!.id });
    assert.equal(plan.createdSince, 1, 'the restored note is "created since" that moment');
    assert.deepEqual(plan.examples.createdSince, ['Elsewhere']);
  });
});

test('through the backup worker: a store made by a newer Quire is said as such, the backup goes on, and Restore… is not blocked by it', async () => {
  await withCore(async (core, dir, seen) => {
    const folder = path.join(dir, 'backup');
    fs.mkdirSync(path.join(folder, 'snapshots.git'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'snapshots.git', 'quire-snapshots.json'), JSON.stringify({ formatVersion: 99 }));
    assert.equal((await core.handlers['backup.setLocation']({ location: folder, whenNotEmpty: 'use' })).ok, true);
    const failed = await overviewWith(seen, (o) => o.problem !== null);
    assert.match(failed.problem!, /^The snapshots in .* were made by a newer version of Quire/);
    await core.backup.runner!.idle();
    assert.equal((await core.handlers['backup.status']({})).state, 'up-to-date');

    // Restore… still runs when its snapshot cannot be taken: a restore only merges, nothing is overwritten.
    const other = openDatabase(path.join(dir, 'other-db'));
    const source = path.join(dir, 'other-backup');
    try {
      await other.put({ _id: 'note:elsewhere', title: 'Elsewhere', body: 'x', bookId: 'book:b', tags: [], createdAt: 1, updatedAt: 1 });
      await backUp(other, source);
    } finally {
      await other.close();
    }
    assert.equal((await core.handlers['restore.run']({ folder: source })).restored, 1);
    assert.match((await core.handlers['snapshots.overview']({})).problem ?? '', /newer version/);
  });
});
