import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import type { AppNotification } from '../../shared/types';
import type { BackupState } from '../../shared/contract/backup-requests';
import { BackupController, type BackupControllerOptions } from './backup-controller';
import { inProcessSink } from './backup-runner';
import { BACKUP_SETTINGS_FILE, readBackupSettings } from './backup-settings';
import { assertFolderMatches, listFiles, readBackupDoc } from './backup-testing';

const note = (i: number, extra: Record<string, unknown> = {}) => ({
  _id: `note:n${i}`, title: `Note ${i}`, body: `Body of note ${i}\n`, bookId: 'book:b1', tags: [], createdAt: i, updatedAt: i, ...extra,
});

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-backup-ctl-'));
  const userDataDir = path.join(dir, 'user-data');
  fs.mkdirSync(userDataDir);
  const db = openDatabase(path.join(userDataDir, 'db', 'notes'));
  const controllers: BackupController[] = [];
  const start = (extra: Partial<BackupControllerOptions> = {}) => {
    const states: BackupState[] = [];
    const notifications: AppNotification[] = [];
    const controller = new BackupController({
      db, userDataDir, appVersion: 'test',
      notify: (n) => notifications.push(n),
      onStatus: (s) => states.push(s),
      runnerOptions: { settleMs: 5, retryInitialMs: 50, retryMaxMs: 200 },
      ...extra,
    });
    controllers.push(controller);
    /** Waits for a state that passes `check` (seen since `from`). */
    const until = async (check: (s: BackupState) => boolean, from = 0, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = states.slice(from).find(check);
        if (found) return found;
        if (Date.now() > deadline) assert.fail(`no such state within ${timeoutMs} ms; saw ${JSON.stringify(states.slice(-5))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    return { controller, states, notifications, until };
  };
  return {
    dir, userDataDir, db, start,
    async [Symbol.asyncDispose]() {
      for (const c of controllers) await c.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const upToDate = (s: BackupState) => s.state === 'up-to-date';

test('no location: nothing is backed up, and bad paths are refused with a reason, changing nothing', async () => {
  await using t = setup();
  const { controller, states } = t.start();
  assert.deepEqual(await controller.status(), { state: 'off' });
  const file = path.join(t.dir, 'a-file.txt');
  fs.writeFileSync(file, 'x');
  const refusals: Array<[string, RegExp]> = [
    ['', /^Choose a folder/],
    ['backups/here', /^backups\/here is not a full path/],
    [file, /is a file, not a folder\.$/],
    [path.join(t.userDataDir, 'backup'), /inside Quire's own data folder/],
    [path.parse(t.dir).root, /root of a drive/],
  ];
  for (const [input, message] of refusals) {
    const result = await controller.setLocation(input);
    assert.equal(result.ok, false, input);
    assert.match(result.ok ? '' : result.message, message);
  }
  assert.equal(fs.existsSync(path.join(t.userDataDir, BACKUP_SETTINGS_FILE)), false, 'no setting is written');
  assert.equal(fs.existsSync(path.join(t.userDataDir, 'backup')), false, 'no folder is made inside the data folder');
  assert.deepEqual(await controller.status(), { state: 'off' });
  assert.deepEqual(states, [], 'no state change is announced');
});

test('apply mirrors everything with the worker, follows every change, and the first copy is announced once', async () => {
  await using t = setup();
  await t.db.bulkDocs([{ _id: 'book:b1', name: 'Book' }, ...Array.from({ length: 250 }, (_, i) => note(i))]);
  const { controller, states, notifications, until } = t.start();
  const folder = path.join(t.dir, 'Backups', 'Quire');
  const result = await controller.setLocation(folder);
  assert.ok(result.ok);
  const done = await until(upToDate);
  assert.equal(done.state === 'up-to-date' && done.docs, 251);
  assert.ok(done.state === 'up-to-date' && done.lastWriteAt && Date.parse(done.lastWriteAt) > Date.now() - 60_000);
  // The first copy showed its progress, in order, up to the whole database.
  const progress = states.filter((s) => s.state === 'backing-up');
  assert.ok(progress.length >= 1 && progress.every((s) => s.state === 'backing-up' && s.firstCopy));
  const last = progress.at(-1)!;
  assert.ok(last.state === 'backing-up' && last.done === last.total && last.total === 251);
  await controller.runner!.idle();
  await assertFolderMatches(t.db, folder);
  assert.equal(notifications.length, 1);
  assert.equal(notifications[0]!.title, 'Your notes are backed up');
  assert.deepEqual(notifications[0]!.openPath, { label: 'Show Folder', path: folder });
  assert.deepEqual(await readBackupSettings(t.userDataDir), { location: folder, firstCopyDone: true });

  // A later edit is in the folder within moments, with no progress shown and no second notification.
  const mark = states.length;
  const current = await t.db.get('note:n3');
  await t.db.put({ ...current, body: 'Edited after the first copy\n' });
  await t.db.remove(await t.db.get('note:n4'));
  for (let i = 0; i < 200 && (readBackupDoc(folder, 'data', 'note:n3')?.body !== 'Edited after the first copy\n' || readBackupDoc(folder, '_deleted', 'note:n4') === null); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(readBackupDoc(folder, 'data', 'note:n3')?.body, 'Edited after the first copy\n');
  assert.ok(readBackupDoc(folder, '_deleted', 'note:n4'));
  await until(upToDate, mark);
  assert.ok(states.slice(mark).every((s) => s.state !== 'backing-up'));
  assert.equal(notifications.length, 1);
});

test('after a restart the saved location is used again and the changes made meanwhile are caught up', async () => {
  await using t = setup();
  await t.db.bulkDocs([{ _id: 'book:b1', name: 'Book' }, note(1), note(2)]);
  const folder = path.join(t.dir, 'backup');
  const first = t.start({ makeSink: inProcessSink });
  assert.ok((await first.controller.setLocation(folder)).ok);
  await first.until(upToDate);
  await first.controller.close();
  await t.db.put(note(3));

  const second = t.start({ makeSink: inProcessSink });
  const status = await second.controller.status();
  assert.ok(status.state === 'starting' || status.state === 'up-to-date' || status.state === 'backing-up');
  await second.until(upToDate);
  await assertFolderMatches(t.db, folder);
  assert.equal(second.notifications.length, 0, 'the first copy was announced in the first run');
  assert.ok(second.states.every((s) => s.state !== 'backing-up'), 'a small catch-up shows no progress');
});

test('changing the location stops the old copy and mirrors everything into the new folder; the old one is left as it was', async () => {
  await using t = setup();
  await t.db.bulkDocs([{ _id: 'book:b1', name: 'Book' }, ...Array.from({ length: 20 }, (_, i) => note(i))]);
  const { controller, notifications, until, states } = t.start({ makeSink: inProcessSink });
  const oldFolder = path.join(t.dir, 'old');
  const newFolder = path.join(t.dir, 'new');
  assert.ok((await controller.setLocation(oldFolder)).ok);
  await until(upToDate);
  await controller.runner!.idle();
  const snapshot = () => listFiles(oldFolder).map((f) => [f, fs.readFileSync(path.join(oldFolder, f), 'utf8')]);
  const before = snapshot();

  const mark = states.length;
  assert.ok((await controller.setLocation(`${newFolder}/`)).ok, 'a trailing separator names the same folder');
  assert.equal((await controller.status()).state === 'off', false);
  await until((s) => s.state === 'up-to-date' && s.location === newFolder, mark);
  await t.db.put(note(100));
  for (let i = 0; i < 200 && !readBackupDoc(newFolder, 'data', 'note:n100'); i++) await new Promise((r) => setTimeout(r, 10));
  await controller.runner!.idle();
  await assertFolderMatches(t.db, newFolder);
  assert.deepEqual(snapshot(), before, 'the old folder is untouched');
  assert.equal(notifications.length, 2, 'each new folder announces its first copy');
  assert.equal((await readBackupSettings(t.userDataDir)).location, newFolder);

  // Applying the folder in use again changes nothing.
  const again = await controller.setLocation(newFolder);
  assert.ok(again.ok && again.status.state === 'up-to-date');
});

test('a folder that disappears is reported with the retry, and the copy catches up once it is back', async () => {
  await using t = setup();
  await t.db.bulkDocs([{ _id: 'book:b1', name: 'Book' }, note(1)]);
  const { controller, until, states } = t.start({ makeSink: inProcessSink });
  const folder = path.join(t.dir, 'usb');
  assert.ok((await controller.setLocation(folder)).ok);
  await until(upToDate);
  await controller.runner!.idle();
  fs.rmSync(folder, { recursive: true });
  const mark = states.length;
  await t.db.put(note(2));
  const problem = await until((s) => s.state === 'error', mark);
  assert.ok(problem.state === 'error');
  assert.match(problem.reason, /^The backup folder .* is not there \(drive unplugged or network share gone\?\)\.$/);
  assert.ok(problem.retryAt !== null && problem.retryAt > Date.now() - 1000);
  assert.ok(problem.lastWriteAt, 'the last good write is still known');
  fs.mkdirSync(folder);
  await until(upToDate, states.indexOf(problem));
  await controller.runner!.idle();
  await assertFolderMatches(t.db, folder);
});

test('close stops the copy: later changes are not written', async () => {
  await using t = setup();
  await t.db.bulkDocs([{ _id: 'book:b1', name: 'Book' }, note(1)]);
  const { controller, until } = t.start({ makeSink: inProcessSink });
  const folder = path.join(t.dir, 'b');
  assert.ok((await controller.setLocation(folder)).ok);
  await until(upToDate);
  const runner = controller.runner!;
  // A changes feed opened after the runner's: once it has the change, the runner's feed (were it still open) has had it too.
  const feed = t.db.changes({ since: 'now', live: true });
  const seen = new Promise<void>((resolve) => feed.on('change', (c) => c.id === 'note:n2' && resolve()));
  await controller.close();
  await t.db.put(note(2));
  await seen;
  feed.cancel();
  await runner.idle(); // a pass that change had scheduled would be waited for
  assert.equal(readBackupDoc(folder, 'data', 'note:n2'), null);
  const late = await controller.setLocation(path.join(t.dir, 'c'));
  assert.equal(late.ok, false);
});

test('the watcher, when there is one, starts with each folder and stops with it', async () => {
  await using t = setup();
  await t.db.bulkDocs([{ _id: 'book:b1', name: 'Book' }]);
  const log: string[] = [];
  const { controller, until } = t.start({
    makeSink: inProcessSink,
    startWatcher: ({ folder, runner }) => {
      assert.equal(runner.folder, folder);
      log.push(`start ${path.basename(folder)}`);
      return { close: () => void log.push(`stop ${path.basename(folder)}`) };
    },
  });
  assert.ok((await controller.setLocation(path.join(t.dir, 'one'))).ok);
  await until(upToDate);
  assert.ok((await controller.setLocation(path.join(t.dir, 'two'))).ok);
  await controller.close();
  assert.deepEqual(log, ['start one', 'stop one', 'start two', 'stop two']);
});
