// Which folders get a question before the backup writes into them, and the
// sentence for a folder that takes no files, on real folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkBackupLocation, holdsOtherThings, LocationError } from './location';

test('a folder holding other things is asked about; an empty one or a backup folder (Quire\'s or Inkdrop\'s) is not', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-location-q-'));
  try {
    const make = (name: string, entries: Record<string, 'dir' | 'file'>) => {
      const folder = path.join(dir, name);
      fs.mkdirSync(folder);
      for (const [entry, kind] of Object.entries(entries)) {
        if (kind === 'dir') fs.mkdirSync(path.join(folder, entry));
        else fs.writeFileSync(path.join(folder, entry), 'x');
      }
      return folder;
    };
    assert.equal(holdsOtherThings(make('empty', {})), false);
    assert.equal(holdsOtherThings(make('mac', { '.DS_Store': 'file' })), false);
    assert.equal(holdsOtherThings(make('quire', { data: 'dir', state: 'dir', 'README.txt': 'file' })), false);
    assert.equal(holdsOtherThings(make('inkdrop', { data: 'dir' })), false);
    assert.equal(holdsOtherThings(make('home', { '.bashrc': 'file', Documents: 'dir' })), true);
    assert.equal(holdsOtherThings(make('data-file', { data: 'file' })), true, 'a file called data is not a backup');
    assert.equal(holdsOtherThings(path.join(dir, 'missing')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder that takes no files is refused in a sentence, not with the system\'s error', { skip: process.platform !== 'linux' }, () => {
  assert.throws(
    () => checkBackupLocation('/proc/self', { protectedDirs: [] }),
    (error: unknown) =>
      error instanceof LocationError &&
      error.message === 'cannot write in /proc/self: it does not take new files (it is not an ordinary folder on a drive)',
  );
});
