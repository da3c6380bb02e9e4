import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../db/open-database';
import { tempFolder } from '../../restore/restore-testing';
import { runCli as run } from '../cli-testing';

const INKDROP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/fixtures/inkdrop-backup-v5-flat');

async function emptyDb(dir: string) {
  const db = openDatabase(dir);
  await db.info();
  await db.close();
}

test('restore --json prints the counts; a second run finds everything up to date', async () => {
  await using t = tempFolder();
  const db = t.path('db');
  await emptyDb(db);
  const first = await run(['restore', '--db', db, '--from', INKDROP, '--json']);
  assert.equal(first.code, 0, first.stderr.join('\n'));
  assert.deepEqual(first.json(), { restored: 5, upToDate: 0, conflicts: 0, skipped: [] });
  const second = await run(['restore', '--db', db, '--from', INKDROP, '--json']);
  assert.deepEqual(second.json(), { restored: 0, upToDate: 5, conflicts: 0, skipped: [] });
  const stats = await run(['stats', '--db', db, '--json']);
  assert.deepEqual([stats.json().notes, stats.json().books, stats.json().tags], [2, 1, 1]);
});

test('skipped files are listed and exit 1; not a backup or no database exit 2 with one line', async () => {
  await using t = tempFolder();
  const db = t.path('db');
  await emptyDb(db);
  const folder = t.path('inkdrop');
  fs.cpSync(INKDROP, folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'data', 'note:broken.json'), '{"_id": "note:broken", ');
  const skipped = await run(['restore', '--db', db, '--from', folder, '--json']);
  assert.equal(skipped.code, 1);
  assert.deepEqual(skipped.json(), {
    restored: 5, upToDate: 0, conflicts: 0,
    skipped: [{ path: 'data/note:broken.json', reason: 'truncated JSON: the file ends in the middle of the document' }],
  });
  const text = await run(['restore', '--db', db, '--from', folder]);
  assert.equal(text.code, 1);
  assert.ok(text.stdout.includes('skipped data/note:broken.json: truncated JSON: the file ends in the middle of the document'));

  fs.mkdirSync(t.path('not-a-backup'));
  for (const args of [['--db', db, '--from', t.path('not-a-backup')], ['--db', t.path('no-db'), '--from', folder], ['--db', db]]) {
    const result = await run(['restore', ...args, '--json']);
    assert.equal(result.code, 2, args.join(' '));
    assert.equal(result.stderr.length, 1);
    assert.ok(result.json().error);
  }
  assert.equal(fs.existsSync(t.path('no-db')), false, 'no database is created');
});
