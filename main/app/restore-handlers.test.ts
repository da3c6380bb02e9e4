// Restore through the app's handlers, on a real AppCore (PouchDB in a
// temporary profile) and real folders: the Inkdrop fixture, a Quire backup
// written by the backup's own runner, a folder that is not a backup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore, type AppCore } from './app-core';
import { headlessPlatform } from '../testing/headless-platform';
import { until } from '../testing/until';
import type { EventName, EventPayload } from '../../shared/contract/index';
import type { RestoreState } from '../../shared/contract/restore-requests';
import { locateDoc } from '../backup-format/file-name';
import { backUp } from '../restore/restore-testing';
import { NotesService } from '../notes/notes-service';

const INKDROP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/inkdrop-backup-v5-flat');

const platform = headlessPlatform();

interface Seen { name: EventName; payload: unknown }

async function withCore(fn: (core: AppCore, dir: string, seen: Seen[]) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-restore-app-'));
  const seen: Seen[] = [];
  const core = await createAppCore({
    userDataDir: path.join(dir, 'profile'),
    platform,
    events: { emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void seen.push({ name, payload }) },
  });
  try {
    await fn(core, dir, seen);
  } finally {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const backupFile = (folder: string, id: string) => {
  const { type, stem } = locateDoc(id);
  return path.join(folder, 'data', type, `${stem}.json`);
};

test('the Inkdrop backup: the plan counts it, the restore brings it in, the list and the running backup follow', async () => {
  await withCore(async (core, dir, seen) => {
    const mirror = path.join(dir, 'mirror');
    const applied = await core.handlers['backup.setLocation']({ location: mirror });
    assert.equal(applied.ok, true);

    const scan = await core.handlers['restore.scan']({ folder: INKDROP });
    assert.equal(scan.kind, 'plan');
    const { plan } = scan as Extract<typeof scan, { kind: 'plan' }>;
    assert.deepEqual(plan.counts, { notes: 2, books: 1, tags: 1, files: 0, other: 1, attachments: 0 });
    assert.deepEqual([plan.deleted, plan.skippedCount], [0, 0]);

    const result = await core.handlers['restore.run']({ folder: plan.folder });
    assert.deepEqual(
      [result.restored, result.upToDate, result.conflicts, result.skippedCount, result.cancelled],
      [5, 0, 0, 0, false],
    );
    // The note list follows through the changes feed, without a reload…
    await until('the summaries', () => core.notes.get('note:welcome')?.title === 'Welcome');
    await until('notes.changed', () => seen.some((e) => e.name === 'notes.changed'
      && (e.payload as { upserted: { id: string }[] }).upserted.some((n) => n.id === 'note:example')));
    // …and so does the backup folder.
    await until('the backup of the restored note', () => fs.existsSync(backupFile(mirror, 'note:welcome')));
    const copied = JSON.parse(fs.readFileSync(backupFile(mirror, 'note:welcome'), 'utf8')) as { _rev: string };
    assert.equal(copied._rev, '2-74ea42a7d83755c13ef44a6667707642');

    // Progress went to the windows: the restore's state, then idle; the status bar's task finished.
    const states = seen.filter((e) => e.name === 'restore.statusChanged').map((e) => (e.payload as RestoreState).state);
    assert.deepEqual([states[0], states.at(-1)], ['scanning', 'idle']);
    assert.ok(states.includes('restoring'));
    const progress = seen.filter((e) => e.name === 'app.progress').map((e) => e.payload as { task: string; finished: boolean });
    assert.deepEqual(progress.at(-1), { task: 'restore', label: 'Restoring from backup', done: 1, total: 1, finished: true });
    assert.deepEqual(await core.handlers['restore.status']({}), { state: 'idle' });

    const again = await core.handlers['restore.run']({ folder: plan.folder });
    assert.deepEqual([again.restored, again.upToDate], [0, 5]);
  });
});

test('a folder that is not a backup gets a sentence and changes nothing; one restore at a time', async () => {
  await withCore(async (core, dir) => {
    const empty = path.join(dir, 'holiday photos');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'beach.jpg'), 'not really');
    const before = await core.handlers['app.stats']({});
    const scan = await core.handlers['restore.scan']({ folder: empty });
    assert.equal(scan.kind, 'not-a-backup');
    assert.match((scan as { message: string }).message, /holiday photos/);
    await assert.rejects(async () => core.handlers['restore.run']({ folder: empty }), { name: 'UserError' });
    assert.deepEqual(await core.handlers['app.stats']({}), before);

    const running = core.handlers['restore.run']({ folder: INKDROP });
    await assert.rejects(async () => core.handlers['restore.scan']({ folder: INKDROP }), /already running/);
    assert.equal((await running).restored, 5);
  });
});

test('a note edited in the app after its backup keeps the edit; a concurrent edit in the backup becomes a conflict to choose from', async () => {
  await withCore(async (core, dir) => {
    const note = await core.handlers['notes.create']({ title: 'Plan', body: 'first draft\n' });
    const folder = path.join(dir, 'backup');
    await backUp(core.db, folder);
    const file = backupFile(folder, note._id);
    const backedUp = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown> & { _rev: string; _revisions: { start: number; ids: string[] } };

    const edited = await new NotesService(core.store).update(note._id, { body: 'edited in the app\n' });
    const kept = await core.handlers['restore.run']({ folder });
    assert.deepEqual([kept.restored, kept.conflicts], [0, 0]);
    assert.equal((await core.store.get<{ body: string }>(note._id))?.body, 'edited in the app\n');

    // The backup's copy edited elsewhere, from the same revision: a concurrent revision 2.
    const hash = 'f'.repeat(32);
    fs.writeFileSync(file, JSON.stringify({
      ...backedUp, body: 'edited elsewhere\n', updatedAt: edited.updatedAt + 1,
      _rev: `2-${hash}`, _revisions: { start: 2, ids: [hash, ...backedUp._revisions.ids] },
    }));
    const result = await core.handlers['restore.run']({ folder });
    assert.equal(result.conflicts, 1);
    await until('the conflict in the summary', () => core.notes.get(note._id)?.conflicts === 1);
    const conflicts = await core.handlers['notes.conflicts']({ id: note._id });
    assert.equal(conflicts?.current.body, 'edited elsewhere\n', 'the greater hash wins');
    assert.equal(conflicts?.others[0]?.body, 'edited in the app\n');

    await core.handlers['notes.resolveConflict']({ id: note._id, keepRev: conflicts!.others[0]!.rev });
    assert.equal(await core.handlers['notes.conflicts']({ id: note._id }), null);
    assert.equal((await core.store.get<{ body: string }>(note._id))?.body, 'edited in the app\n');
    await until('the summary without the conflict', () => core.notes.get(note._id)?.conflicts === undefined);
  });
});

test('cancelling stops a scan or a restore: nothing is half-written, and the state goes back to idle', async () => {
  await withCore(async (core) => {
    const scanning = core.handlers['restore.scan']({ folder: INKDROP });
    await core.handlers['restore.cancel']({});
    assert.deepEqual(await scanning, { kind: 'cancelled' });

    const before = await core.handlers['app.stats']({});
    const restoring = core.handlers['restore.run']({ folder: INKDROP });
    await core.handlers['restore.cancel']({});
    const result = await restoring;
    assert.equal(result.cancelled, true);
    assert.equal(result.restored, 0);
    assert.deepEqual(await core.handlers['app.stats']({}), before);
    assert.deepEqual(await core.handlers['restore.status']({}), { state: 'idle' });
    // Nothing running: cancelling is harmless, and the next restore does the whole job.
    await core.handlers['restore.cancel']({});
    assert.equal((await core.handlers['restore.run']({ folder: INKDROP })).restored, 5);
  });
});
