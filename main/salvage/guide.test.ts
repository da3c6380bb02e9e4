// The salvage guide exists twice, for readers of the repository
// (docs/salvage.md) and inside the app (resources/guide/salvage.md, shown by
// Help › Salvage Data from Local Database…): the same text, naming the
// folders the app really uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { databasePath, defaultUserDataDir } from '../app/paths';
import { ROOT } from './salvage-testing';

const guide = fs.readFileSync(path.join(ROOT, 'resources', 'guide', 'salvage.md'), 'utf8');

test('docs/salvage.md is the guide the app shows', () => {
  assert.equal(fs.readFileSync(path.join(ROOT, 'docs', 'salvage.md'), 'utf8'), guide);
  assert.match(guide, /^# Salvaging Data from Local Database\n/);
});

test("the guide's database folders are the app's, on each system", () => {
  const home = '/HOME';
  const mac = databasePath(defaultUserDataDir('darwin', {}, home)).replace(home, '~');
  const linux = databasePath(defaultUserDataDir('linux', {}, home)).replace(home, '~');
  const windows = path.win32.join(defaultUserDataDir('win32', { APPDATA: '%APPDATA%' }, 'C:\\'), 'db', 'notes');
  for (const folder of [mac, linux, windows]) assert.ok(guide.includes(`\`${folder}\``), folder);
  // The commands it gives use the options the tool has.
  for (const option of ['--salvage', '--src', '--dest', '--list', '--markdown', '--json']) assert.ok(guide.includes(option), option);
});
