// platform.openPath opens only folders Quire handed out, and only while they
// are folders. Real files, folders and links in a temporary folder; the OS
// opener is the headless platform's, which records what it was given.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { headlessPlatform } from '../testing/headless-platform';
import type { AppNotification } from '../../shared/types';
import { createAppCore } from './app-core';
import { HandedOutFolders, withHandedOutFolders } from './handed-out-folders';

let tmp: string;
before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'quire-handed-out-')));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh folder under tmp for one test. */
function scene(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  return dir;
}

function guarded() {
  const opened: string[] = [];
  const notified: Array<{ notification: AppNotification; openFolder?: () => Promise<void> }> = [];
  const folders = new HandedOutFolders();
  const platform = withHandedOutFolders(
    headlessPlatform({ openPath: (p) => opened.push(p), notify: (notification, openFolder) => notified.push({ notification, openFolder }) }),
    folders,
  );
  return { opened, notified, folders, platform };
}

const NOT_HANDED_OUT = /Quire opens only the folders it shows you/;
const NOT_A_FOLDER = /is not a folder any more/;

describe('platform.openPath through the handed-out folders', () => {
  test('a handed-out folder opens, by its real path', async () => {
    const dir = scene('opens');
    const backup = path.join(dir, 'Backup');
    fs.mkdirSync(backup);
    const { opened, folders, platform } = guarded();
    folders.add(backup);
    await platform.openPath(backup);
    // The same folder, named with a trailing separator or `.` segments, is the same folder.
    await platform.openPath(`${backup}${path.sep}`);
    await platform.openPath(path.join(dir, '.', 'Backup'));
    // A handed-out path that is a link to a folder opens the folder it points at.
    const link = path.join(dir, 'Backup link');
    fs.symlinkSync(backup, link, 'dir');
    folders.add(link);
    await platform.openPath(link);
    assert.deepEqual(opened, [backup, backup, backup, backup]);
  });

  test('a file, an executable, a folder never handed out and a relative path are refused', async () => {
    const dir = scene('refused');
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'text');
    const program = path.join(dir, 'run.sh');
    fs.writeFileSync(program, '#!/bin/sh\necho ran\n', { mode: 0o755 });
    const desktop = path.join(dir, 'evil.desktop');
    fs.writeFileSync(desktop, '[Desktop Entry]\nType=Application\nExec=sh -c "echo ran"\n', { mode: 0o755 });
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    const { opened, folders, platform } = guarded();
    folders.add(path.join(dir, 'handed'));
    for (const target of [file, program, desktop, other, dir, os.homedir(), '/', 'handed', '.']) {
      await assert.rejects(platform.openPath(target), NOT_HANDED_OUT, target);
    }
    // Handed out, but a file or a program: still not opened.
    folders.add(file);
    folders.add(program);
    await assert.rejects(platform.openPath(file), NOT_A_FOLDER);
    await assert.rejects(platform.openPath(program), NOT_A_FOLDER);
    assert.deepEqual(opened, []);
  });

  test('a link to a handed-out folder\'s sibling is refused, and so is an application bundle', async () => {
    const dir = scene('links');
    const handed = path.join(dir, 'handed');
    const sibling = path.join(dir, 'sibling');
    fs.mkdirSync(handed);
    fs.mkdirSync(sibling);
    const link = path.join(dir, 'link');
    fs.symlinkSync(sibling, link, 'dir');
    const inside = path.join(handed, 'to-sibling');
    fs.symlinkSync(sibling, inside, 'dir');
    const app = path.join(dir, 'Notes.app');
    fs.mkdirSync(app);
    const { opened, folders, platform } = guarded();
    folders.add(handed);
    folders.add(app);
    await assert.rejects(platform.openPath(link), NOT_HANDED_OUT);
    await assert.rejects(platform.openPath(inside), NOT_HANDED_OUT);
    await assert.rejects(platform.openPath(path.join(handed, '..', 'sibling')), NOT_HANDED_OUT);
    await assert.rejects(platform.openPath(app), /is an application, not a folder/);
    assert.deepEqual(opened, []);
  });

  test('a handed-out folder later replaced by a file, a link to a program, or removed is refused', async () => {
    const dir = scene('replaced');
    const program = path.join(dir, 'run.sh');
    fs.writeFileSync(program, '#!/bin/sh\necho ran\n', { mode: 0o755 });
    const [byFile, byLink, removed] = ['by-file', 'by-link', 'removed'].map((name) => path.join(dir, name)) as [string, string, string];
    const { opened, folders, platform } = guarded();
    for (const folder of [byFile, byLink, removed]) {
      fs.mkdirSync(folder);
      folders.add(folder);
      await platform.openPath(folder);
      fs.rmdirSync(folder);
    }
    fs.writeFileSync(byFile, '#!/bin/sh\necho ran\n', { mode: 0o755 });
    fs.symlinkSync(program, byLink);
    await assert.rejects(platform.openPath(byFile), NOT_A_FOLDER);
    await assert.rejects(platform.openPath(byLink), NOT_A_FOLDER);
    await assert.rejects(platform.openPath(removed), /There is no folder at .*removed any more/);
    assert.deepEqual(opened, [byFile, byLink, removed]);
  });

  test('a notification hands out its folder, and its button (the OS notification\'s click) goes through the same check', async () => {
    const dir = scene('notified');
    const exported = path.join(dir, 'Quire Export');
    fs.mkdirSync(exported);
    const { opened, notified, platform } = guarded();
    await assert.rejects(platform.openPath(exported), NOT_HANDED_OUT);
    platform.notify({ id: 'n1', title: 'Finished exporting all notes', openPath: { label: 'Open Folder', path: exported } });
    platform.notify({ id: 'n2', title: 'No folder here' });
    assert.equal(notified.length, 2);
    assert.equal(notified[1]!.openFolder, undefined);
    await notified[0]!.openFolder!();
    await platform.openPath(exported);
    assert.deepEqual(opened, [exported, exported]);
    fs.rmSync(exported, { recursive: true });
    fs.writeFileSync(exported, '');
    await assert.rejects(notified[0]!.openFolder!(), NOT_A_FOLDER);
    assert.equal(opened.length, 2);
  });
});

test('AppCore: every Open Folder button the renderer shows works, and nothing else opens', async () => {
  const dir = scene('core');
  const userDataDir = path.join(dir, 'profile');
  const opened: string[] = [];
  const notified: AppNotification[] = [];
  const core = await createAppCore({
    userDataDir,
    platform: headlessPlatform({ openPath: (p) => opened.push(p), notify: (n) => notified.push(n) }),
    events: { emit: () => undefined },
    seedWelcome: false,
  });
  try {
    const open = async (target: string) => core.handlers['platform.openPath']({ path: target });
    const info = await core.handlers['app.info']({});
    // Preferences › General's data folder, Help › Salvage's database folder.
    await open(info.userDataDir);
    await open(info.databasePath);

    // Preferences › Backup's Open Folder: the applied location.
    const backupDir = path.join(dir, 'Backup');
    await assert.rejects(open(backupDir), NOT_HANDED_OUT);
    const applied = await core.handlers['backup.setLocation']({ location: backupDir });
    assert.ok(applied.ok, JSON.stringify(applied));
    await open(backupDir);

    // The export's notification: Open Folder.
    const exportTo = path.join(dir, 'Exports');
    fs.mkdirSync(exportTo);
    // Not empty: the export goes into a new subfolder, and only that one is handed out.
    fs.writeFileSync(path.join(exportTo, 'keep.txt'), 'mine');
    const result = await core.handlers['export.allNotes']({ to: exportTo });
    const button = notified.find((n) => n.title === 'Finished exporting all notes')!.openPath!;
    assert.equal(button.path, result.folder);
    assert.notEqual(result.folder, exportTo);
    await open(button.path);

    // Not handed out: the export's parent, the profile's files, a temporary folder.
    for (const target of [exportTo, path.join(info.userDataDir, 'backup-settings.json'), os.tmpdir(), dir]) {
      await assert.rejects(open(target), NOT_HANDED_OUT, target);
    }
    assert.deepEqual(opened, [info.userDataDir, info.databasePath, backupDir, result.folder]);
  } finally {
    await core.close();
  }
});
