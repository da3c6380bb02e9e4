import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import type { CliIO } from '../cli/command';
import { main } from '../cli/quire';
import { listDatabases, userDataCandidates } from './list';
import { fingerprint, tempDir } from './salvage-testing';

test('the default data folders searched on each system', () => {
  assert.deepEqual(userDataCandidates([], 'darwin', {}, '/Users/ann'), ['/Users/ann/Library/Application Support/Quire']);
  assert.deepEqual(userDataCandidates([], 'win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann'), [
    path.resolve('C:\\Users\\ann\\AppData\\Roaming\\Quire'),
  ]);
  assert.deepEqual(userDataCandidates([], 'linux', {}, '/home/ann'), ['/home/ann/.config/Quire']);
  assert.deepEqual(userDataCandidates(['/media/old/Quire'], 'linux', { XDG_CONFIG_HOME: '/home/ann/cfg', QUIRE_USER_DATA: '/data/q' }, '/home/ann'), [
    '/home/ann/cfg/Quire', '/home/ann/.config/Quire', '/data/q', '/media/old/Quire',
  ]);
});

async function makeDb(dir: string, notes: number, deleted = 0) {
  const db = openDatabase(dir);
  await db.bulkDocs(Array.from({ length: notes }, (_, i) => ({ _id: `note:n${i}`, title: `${i}` })));
  await db.bulkDocs([{ _id: 'book:b', name: 'B' }]);
  for (let i = 0; i < deleted; i++) await db.remove(await db.get(`note:n${i}`));
  await db.close();
}

test('--list: the databases in a data folder, with size, last change and notes, counted without opening them', async () => {
  using tmp = tempDir();
  const userData = tmp.path('Quire');
  await makeDb(path.join(userData, 'db', 'notes'), 12, 2);
  await makeDb(path.join(userData, 'db', 'old'), 3);
  fs.mkdirSync(path.join(userData, 'db', 'not-a-db'));
  const damaged = path.join(userData, 'db', 'zz-damaged');
  await makeDb(damaged, 5);
  for (const f of fs.readdirSync(damaged).filter((f) => f.startsWith('MANIFEST-'))) fs.rmSync(path.join(damaged, f));
  const before = fingerprint(userData);

  const found = await listDatabases({ userDataDirs: [userData] });
  assert.deepEqual(found.map((d) => [path.basename(d.path), d.notes]), [['notes', 10], ['old', 3], ['zz-damaged', 5]]);
  assert.ok(found.every((d) => d.bytes > 0 && d.userDataDir === userData && !Number.isNaN(Date.parse(d.lastChange!))));
  assert.match(found[2]!.problem!, /damaged: .*MANIFEST/);
  assert.equal(found[0]!.problem, undefined);
  assert.deepEqual(fingerprint(userData), before, 'nothing in the data folder was touched');

  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIO = { out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: null };
  assert.equal(await main(['salvage', '--list', '--user-data-dir', userData, '--json'], io), 0, stderr.join('\n'));
  const json = JSON.parse(stdout.at(-1)!) as { databases: { path: string; notes: number }[]; searched: string[] };
  assert.deepEqual(json.databases.map((d) => d.notes), [10, 3, 5]);
  assert.equal(json.searched.at(-1), userData);
  stdout.length = 0;
  assert.equal(await main(['salvage', '--list', '--user-data-dir', userData], io), 0);
  assert.match(stdout.join('\n'), /db\/notes\n {2}[\d.]+ KB, last changed \d{4}-\d\d-\d\d \d\d:\d\d UTC, 10 notes$/m);
});

test('--list that finds no database says where it looked and exits 2, so a script stops', async () => {
  using tmp = tempDir();
  const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, QUIRE_USER_DATA: process.env.QUIRE_USER_DATA };
  // The default data folders of this system, pointed at empty ones.
  process.env.HOME = path.join(tmp.dir, 'home');
  process.env.XDG_CONFIG_HOME = path.join(tmp.dir, 'config');
  delete process.env.QUIRE_USER_DATA;
  try {
    const empty = path.join(tmp.dir, 'empty');
    fs.mkdirSync(empty);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIO = { out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: null };
    assert.equal(await main(['salvage', '--list', '--user-data-dir', empty, '--json'], io), 2);
    const json = JSON.parse(stdout.at(-1)!) as { databases: unknown[]; searched: string[]; error: string };
    assert.deepEqual(json.databases, []);
    assert.ok(json.searched.includes(empty));
    assert.match(stderr.join('\n'), /no Quire database found in .*empty/);
    stdout.length = 0;
    assert.equal(await main(['salvage', '--list', '--user-data-dir', empty], io), 2);
    assert.match(stdout.join('\n'), /^No Quire database found in:/);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});
