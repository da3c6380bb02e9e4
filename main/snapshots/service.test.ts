// Automatic snapshots (service.ts) on a real BackupController writing a real
// folder, with a real PouchDB: taken once the mirror is up to date, every
// interval while something changed, never while nothing did; the setting
// kept with the backup's; a failure reported in words, the mirror unharmed.
// Every wait is on a signal (the overview events, the runner going idle), none on a clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { BackupController } from '../backup/backup-controller';
import { inProcessSink } from '../backup/backup-runner';
import { BACKUP_SETTINGS_FILE, readBackupSettings } from '../backup/backup-settings';
import { assertFolderMatches } from '../backup/backup-testing';
import { eventLog } from '../testing/until';
import type { SnapshotsOverview } from '../../shared/contract/snapshot-requests';
import { SnapshotService } from './service';
import { noteHistory } from './history';
import { FORMAT_FILE, ObjectStore, STORE_DIR } from './store';
import { listSnapshots } from './snapshots';
import { KEEP_SCHEDULES } from '../../shared/snapshot-retention';

const note = (i: number, body = `Body of note ${i}\n`) => ({
  _id: `note:n${i}`, title: `Note ${i}`, body, bookId: 'book:b1', tags: [], createdAt: i, updatedAt: i,
});

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-snapshot-service-'));
  const userDataDir = path.join(dir, 'user-data');
  const folder = path.join(dir, 'backup');
  const db = openDatabase(path.join(userDataDir, 'db'));
  const closers: (() => Promise<void>)[] = [];
  const start = (minuteMs = 60_000) => {
    const backup = new BackupController({
      db, userDataDir, appVersion: 'test', notify: () => undefined, onStatus: () => undefined,
      makeSink: inProcessSink,
      runnerOptions: { settleMs: 5, retryInitialMs: 50, retryMaxMs: 200 },
    });
    const events = eventLog<SnapshotsOverview>();
    const service = new SnapshotService({ db, backup, onChanged: (o) => events.push(o), minuteMs });
    closers.push(async () => {
      await service.close();
      await backup.close();
    });
    return { backup, service, events };
  };
  return {
    dir, userDataDir, folder, db, start,
    async [Symbol.asyncDispose]() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await db.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('a backup folder set: the first snapshot follows the first copy; a change brings the next one after the interval; no change, no snapshot', async () => {
  await using t = setup();
  for (let i = 0; i < 5; i++) await t.db.put(note(i));
  // One "minute" is 40 ms here: the interval is waited for by the service's own timer.
  const { backup, service, events } = t.start(40);
  assert.equal((await backup.setLocation(t.folder)).ok, true);
  const first = await events.next((o) => o.count === 1 && o.busy === null);
  assert.equal(first.folder, t.folder);
  assert.ok(first.lastSnapshotAt);
  assert.ok(first.bytes > 0);
  // The mirror was complete before the snapshot was taken.
  await backup.runner!.idle();
  await assertFolderMatches(t.db, t.folder);
  // A prune ran after the first automatic snapshot (at most once an hour after that).
  assert.ok(events.seen.some((o) => o.busy === 'prune'));

  await t.db.put({ ...note(1, 'changed'), _rev: (await t.db.get('note:n1'))._rev });
  await events.next((o) => o.count === 2 && o.busy === null);
  const list = await service.list();
  assert.equal(list.length, 2);
  assert.equal(list[0]!.changed, 1, 'newest first: the second snapshot holds the one change');
  assert.ok(list.every((s) => s.own));

  // Nothing changed: the mirror passes again, the service looks, and takes none.
  const automatic = service.automatic;
  backup.runner!.recheck();
  await backup.runner!.idle();
  await service.settled();
  assert.equal(service.automatic, automatic);
  assert.equal((await service.overview()).count, 2);
});

test('the setting is saved with the backup setting, read back after a restart; an old settings file reads as on, every 15 minutes', async () => {
  await using t = setup();
  fs.mkdirSync(t.userDataDir, { recursive: true });
  fs.writeFileSync(path.join(t.userDataDir, BACKUP_SETTINGS_FILE), JSON.stringify({ version: 1, location: t.folder, firstCopyDone: true }));
  const one = t.start();
  assert.deepEqual((await one.service.overview()).settings, { enabled: true, intervalMinutes: 15, keep: 'standard' });
  assert.equal((await one.service.overview()).retention, 'every snapshot for 2 days, one an hour for 2 weeks, one a day for 3 months, one a week forever');
  const after = await one.service.setSettings({ enabled: false, intervalMinutes: 30, keep: 'shorter' });
  assert.deepEqual(after.settings, { enabled: false, intervalMinutes: 30, keep: 'shorter' });
  assert.equal(after.retention, 'every snapshot for 1 day, one an hour for 1 week, one a day for 1 month, one a week for 1 year, then none');
  const saved = await readBackupSettings(t.userDataDir);
  assert.deepEqual(saved, { location: t.folder, firstCopyDone: true, snapshots: { enabled: false, intervalMinutes: 30, keep: 'shorter' } });
  // Another Keep: the next snapshot records it (Take Snapshot Now here, though no note changed).
  fs.mkdirSync(t.folder, { recursive: true });
  await one.service.setSettings({ enabled: true, intervalMinutes: 30, keep: 'longer' });
  await one.service.settled();
  await one.service.takeNow();
  const store = ObjectStore.open(t.folder, { create: false })!;
  try {
    assert.deepEqual(listSnapshots(store).snapshots.at(-1)?.keep, KEEP_SCHEDULES.longer);
  } finally {
    store.close();
  }
  await one.service.setSettings({ enabled: false, intervalMinutes: 30, keep: 'shorter' });
  await one.service.settled();
  await one.service.close();
  await one.backup.close();
  const two = t.start();
  assert.deepEqual((await two.service.overview()).settings, { enabled: false, intervalMinutes: 30, keep: 'shorter' });
  // Off: the backup runs, no snapshot is taken.
  await two.backup.whenReady();
  await two.backup.runner!.idle();
  await two.service.settled();
  assert.equal((await two.service.overview()).count, 1, 'only the one taken by hand');
});

test('a store made by a newer Quire: the problem is said in words, the mirror goes on; Take Snapshot Now is refused with it', async () => {
  await using t = setup();
  fs.mkdirSync(path.join(t.folder, STORE_DIR), { recursive: true });
  fs.writeFileSync(path.join(t.folder, STORE_DIR, FORMAT_FILE), JSON.stringify({ formatVersion: 99 }));
  await t.db.put(note(1));
  const { backup, service, events } = t.start();
  assert.equal((await backup.setLocation(t.folder, 'use')).ok, true);
  const failed = await events.next((o) => o.problem !== null);
  assert.match(failed.problem!, /made by a newer version of Quire/);
  await backup.runner!.idle();
  assert.equal((await backup.status()).state, 'up-to-date');
  await assertFolderMatches(t.db, t.folder);
  await assert.rejects(service.takeNow(), /newer version/);
  assert.equal(JSON.parse(fs.readFileSync(path.join(t.folder, STORE_DIR, FORMAT_FILE), 'utf8')).formatVersion, 99, 'left untouched');
});

test('the backup folder vanishes: Take Snapshot Now fails in words, nothing else breaks', async () => {
  await using t = setup();
  await t.db.put(note(1));
  const { backup, service, events } = t.start();
  assert.equal((await backup.setLocation(t.folder)).ok, true);
  await events.next((o) => o.count === 1 && o.busy === null);
  fs.rmSync(t.folder, { recursive: true, force: true });
  await t.db.put(note(2));
  await assert.rejects(service.takeNow(), /The backup folder .* is not there \(drive unplugged or network share gone\?\)/);
  const gone = await service.overview();
  assert.equal(gone.unreachable, true, 'not "no snapshots yet": they are on a folder that is not there');
  assert.equal(gone.problem, null, 'said once, by the pane\'s count line, not again as a problem');
  // Restore to… is refused in the same words, not with "no snapshots yet".
  await assert.rejects(service.planRestore('abcd'), /is not there .* Its snapshots cannot be read until it is back/);
  // History says its snapshot versions cannot be shown now.
  const history = await noteHistory(t.db, t.folder, 'note:n1');
  assert.match(history.problems.join('\n'), /is not there .*show again once it is back/);
});

test('two databases snapshotting into one folder: each sees both, and each takes its own after its own changes', async () => {
  await using t = setup();
  const other = openDatabase(path.join(t.dir, 'other-db'));
  try {
    await t.db.put(note(1));
    await other.put(note(2));
    const a = t.start();
    assert.equal((await a.backup.setLocation(t.folder)).ok, true);
    await a.events.next((o) => o.count === 1 && o.busy === null);
    const bBackup = new BackupController({
      db: other, userDataDir: path.join(t.dir, 'other-profile'), appVersion: 'test', notify: () => undefined, onStatus: () => undefined,
      makeSink: inProcessSink, runnerOptions: { settleMs: 5 },
    });
    const bEvents = eventLog<SnapshotsOverview>();
    const b = new SnapshotService({ db: other, backup: bBackup, onChanged: (o) => bEvents.push(o) });
    try {
      assert.equal((await bBackup.setLocation(t.folder, 'use')).ok, true);
      await bEvents.next((o) => o.count === 2 && o.busy === null);
      const fromA = await a.service.list();
      const fromB = await b.list();
      assert.equal(fromA.length, 2);
      assert.deepEqual(fromA.map((s) => s.id).sort(), fromB.map((s) => s.id).sort());
      assert.equal(fromA.filter((s) => s.own).length, 1);
      assert.equal(fromB.filter((s) => s.own).length, 1);
    } finally {
      await b.close();
      await bBackup.close();
    }
  } finally {
    await other.close();
  }
});
