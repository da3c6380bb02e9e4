import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocationError, checkBackupLocation } from './location';

test('a good location is created if missing and returned absolute; bad ones are refused in one sentence', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-location-'));
  try {
    const userData = path.join(dir, 'user-data');
    fs.mkdirSync(userData);
    const rules = { protectedDirs: [userData], requireAbsolute: true };
    const wanted = path.join(dir, 'backups', 'quire');
    assert.equal(checkBackupLocation(`  ${wanted} `, rules), wanted);
    assert.ok(fs.statSync(wanted).isDirectory());
    assert.deepEqual(fs.readdirSync(wanted), [], 'the write probe leaves nothing behind');
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const refusals: [string, RegExp][] = [
      ['', /choose a folder/],
      ['relative/path', /not a full path/],
      [path.parse(dir).root, /root of a drive/],
      [userData, /inside Quire's own data folder/],
      [path.join(userData, 'db', 'backup'), /inside Quire's own data folder/],
      [path.join(dir, 'file'), /is a file, not a folder/],
      [path.join(dir, 'file', 'below'), /could not create the folder .*part of the path is a file/],
    ];
    for (const [input, reason] of refusals) {
      assert.throws(() => checkBackupLocation(input, rules), (e: Error) => e instanceof LocationError && reason.test(e.message), input);
    }
    assert.equal(fs.existsSync(path.join(userData, 'db')), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
