// Writing into a snapshot store never makes its backup folder again: when
// the folder went away mid-snapshot (a drive unplugged), the write fails
// with ENOENT and nothing appears at that path, which would otherwise be a
// folder on another disk (the mount point's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeDirsBelow, writeDurably } from './durable';
import { ObjectStore, STORE_DIR } from './store';

test('a store whose backup folder went away is not made again: writes fail with ENOENT, nothing appears at the path', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-durable-'));
  try {
    const folder = path.join(parent, 'usb-drive');
    fs.mkdirSync(folder);
    const store = ObjectStore.open(folder, { create: true })!;
    const gitdir = path.join(folder, STORE_DIR);
    writeDurably(path.join(gitdir, 'refs', 'quire', 'a', 'b'), 'x\n', { root: gitdir });
    assert.equal(fs.readFileSync(path.join(gitdir, 'refs', 'quire', 'a', 'b'), 'utf8'), 'x\n', 'folders below the store are made');

    fs.rmSync(folder, { recursive: true });
    assert.throws(() => writeDurably(path.join(gitdir, 'refs', 'quire', 'c'), 'y\n', { root: gitdir }), { code: 'ENOENT' });
    assert.throws(() => store.markGarbage('pack-0', new Date()), { code: 'ENOENT' });
    assert.throws(() => ObjectStore.open(folder, { create: true }), /is not a folder/);
    assert.equal(fs.existsSync(folder), false, 'the backup folder is not made again');
    assert.throws(() => makeDirsBelow(gitdir, path.join(parent, 'elsewhere')), /is not inside/);
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});
