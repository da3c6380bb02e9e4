import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../db/open-database';
import { runCli as run, tempDir } from '../cli-testing';

const SECRET = 'NOT-FOR-THE-NOTES';

test('import-markdown lists links out of the folder and pipes as skipped, exits 1, imports the rest', {
  timeout: 20_000, // a pipe that blocked the import would hang it: this turns that into a failure
  skip: process.platform === 'win32' ? 'no FIFOs on Windows' : false,
}, async () => {
  using tmp = tempDir('quire-cli-import-');
  const root = path.join(tmp.dir, 'Notes');
  const secret = path.join(tmp.dir, 'secret');
  fs.mkdirSync(root);
  fs.mkdirSync(secret);
  fs.writeFileSync(path.join(secret, 'credentials'), `# Credentials\n${SECRET}\n`);
  fs.writeFileSync(path.join(secret, 'more.md'), `# More\n${SECRET}\n`);
  fs.writeFileSync(path.join(root, 'ordinary.md'), '# Ordinary\n');
  fs.symlinkSync(path.join(secret, 'credentials'), path.join(root, 'credentials.md'));
  fs.symlinkSync(secret, path.join(root, 'linked-folder'));
  execFileSync('mkfifo', [path.join(root, 'pipe.md')]);
  fs.symlinkSync('pipe.md', path.join(root, 'to-pipe.md'));

  const db = path.join(tmp.dir, 'db');
  const imported = await run(['import-markdown', '--db', db, '--from', root, '--json']);
  assert.equal(imported.code, 1, imported.stderr.join('\n'));
  const { skipped, ...counts } = imported.json() as { skipped: { path: string; reason: string }[] };
  assert.deepEqual(counts, { notes: 1, books: 1, tags: 0, files: 0 });
  assert.deepEqual(skipped.map((s) => [path.relative(root, s.path), s.reason]), [
    ['credentials.md', 'it is a link pointing outside the imported folder'],
    ['linked-folder', 'it is a link pointing outside the imported folder'],
    ['pipe.md', 'it is a named pipe (FIFO), not a regular file'],
    ['to-pipe.md', 'it is a link to a named pipe (FIFO), not to a regular file'],
  ]);

  const stats = await run(['stats', '--db', db, '--json']);
  assert.equal(stats.json().notes, 1);
  const database = openDatabase(db);
  try {
    const { rows } = await database.allDocs({ include_docs: true });
    assert.ok(!JSON.stringify(rows).includes(SECRET), 'the secret is nowhere in the database');
  } finally {
    await database.close();
  }
});
