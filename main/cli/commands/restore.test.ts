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
  assert.deepEqual(first.json(), { restored: 5, upToDate: 0, stillDeleted: 0, conflicts: 0, skipped: [] });
  const second = await run(['restore', '--db', db, '--from', INKDROP, '--json']);
  assert.deepEqual(second.json(), { restored: 0, upToDate: 5, stillDeleted: 0, conflicts: 0, skipped: [] });
  const stats = await run(['stats', '--db', db, '--json']);
  assert.deepEqual([stats.json().notes, stats.json().books, stats.json().tags], [2, 1, 1]);
});

test('a note deleted here after the backup was made stays deleted, and the restore says so', async () => {
  await using t = tempFolder();
  const db = t.path('db');
  await emptyDb(db);
  assert.equal((await run(['restore', '--db', db, '--from', INKDROP, '--json'])).code, 0);
  const docs = openDatabase(db);
  const notes = (await docs.allDocs({ startkey: 'note:', endkey: 'note:\uffff' })).rows;
  await docs.remove(notes[0]!.id, notes[0]!.value.rev);
  await docs.close();
  const again = await run(['restore', '--db', db, '--from', INKDROP, '--json']);
  assert.equal(again.code, 0, again.stderr.join('\n'));
  assert.deepEqual(again.json(), { restored: 0, upToDate: 4, stillDeleted: 1, conflicts: 0, skipped: [] });
  const text = await run(['restore', '--db', db, '--from', INKDROP]);
  assert.match(text.stdout.join('\n'), /still deleted 1 \(deleted here after the backup was made: a restore does not undo a deletion\)/);
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
    restored: 5, upToDate: 0, stillDeleted: 0, conflicts: 0,
    skipped: [{ path: 'data/note:broken.json', reason: 'truncated JSON: the file ends in the middle of the document' }],
  });
  const text = await run(['restore', '--db', db, '--from', folder]);
  assert.equal(text.code, 1);
  assert.ok(text.stdout.includes('skipped data/note:broken.json: truncated JSON: the file ends in the middle of the document'));

  fs.mkdirSync(t.path('not-a-backup'));
  const notABackup = t.path('not-a-backup');
  for (const args of [['--db', db, '--from', notABackup], ['--db', t.path('no-db', 'db'), '--from', notABackup], ['--db', t.path('no-db', 'db'), '--from', t.path('nope')], ['--db', db]]) {
    const result = await run(['restore', ...args, '--json']);
    assert.equal(result.code, 2, args.join(' '));
    assert.equal(result.stderr.length, 1);
    assert.ok(result.json().error);
  }
  assert.equal(fs.existsSync(t.path('no-db')), false, 'no database is left behind when there is nothing to restore');
});

test('restore into a --db that does not exist yet creates it (and its parents), as on a new computer', async () => {
  await using t = tempFolder();
  // A small Quire backup, made with the CLI as a user would.
  const notes = t.path('notes');
  fs.mkdirSync(path.join(notes, 'Work'), { recursive: true });
  fs.writeFileSync(path.join(notes, 'a.md'), '---\ntags: [x]\n---\n# A\n');
  fs.writeFileSync(path.join(notes, 'Work', 'b.md'), '# B\n');
  const old = t.path('old-db');
  assert.equal((await run(['import-markdown', '--db', old, '--from', notes])).code, 0);
  const backup = t.path('backup');
  const backedUp = await run(['backup', '--db', old, '--to', backup]);
  assert.equal(backedUp.code, 0, backedUp.stderr.join('\n'));

  const fresh = t.path('new-computer', 'Quire', 'db');
  const restored = await run(['restore', '--db', fresh, '--from', backup, '--json']);
  assert.equal(restored.code, 0, restored.stderr.join('\n'));
  assert.deepEqual(restored.json(), { restored: 5, upToDate: 0, stillDeleted: 0, conflicts: 0, skipped: [] });
  const stats = await run(['stats', '--db', fresh, '--json']);
  assert.equal(stats.code, 0, stats.stderr.join('\n'));
  assert.deepEqual([stats.json().notes, stats.json().books, stats.json().tags], [2, 2, 1]);

  // An empty folder is fine too.
  fs.mkdirSync(t.path('empty'));
  assert.equal((await run(['restore', '--db', t.path('empty'), '--from', backup])).code, 0);
});

test('restore refuses a --db folder holding something else, and a file, with exit 2; neither is touched', async () => {
  await using t = tempFolder();
  const stuff = t.path('stuff');
  fs.mkdirSync(stuff);
  fs.writeFileSync(path.join(stuff, 'thesis.txt'), 'chapter one');
  const file = t.path('file.txt');
  fs.writeFileSync(file, 'just a file');
  for (const [db, message] of [[stuff, /is not a Quire database and not empty/], [file, /is a file, not a Quire database folder/]] as const) {
    const result = await run(['restore', '--db', db, '--from', INKDROP]);
    assert.equal(result.code, 2);
    assert.equal(result.stderr.length, 1);
    assert.match(result.stderr[0]!, message);
  }
  assert.deepEqual(fs.readdirSync(stuff), ['thesis.txt']);
  assert.equal(fs.readFileSync(path.join(stuff, 'thesis.txt'), 'utf8'), 'chapter one');
  assert.equal(fs.readFileSync(file, 'utf8'), 'just a file');
});
