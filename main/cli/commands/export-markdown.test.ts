import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli as run, tempDir } from '../cli-testing';

function writeTree(root: string, files: Record<string, string>) {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}

test('export-markdown --json: the counts, the folder, and a second run into a new subfolder', async () => {
  using tmp = tempDir('quire-cli-export-');
  const db = path.join(tmp.dir, 'db');
  writeTree(path.join(tmp.dir, 'Notes'), {
    'a.md': '---\ntags: [x]\n---\n# Alpha\n',
    'sub/b.md': '# Beta\n![pic](missing.png)\n',
  });
  assert.equal((await run(['import-markdown', '--db', db, '--from', path.join(tmp.dir, 'Notes'), '--json'])).code, 1);

  const out = path.join(tmp.dir, 'out');
  const first = await run(['export-markdown', '--db', db, '--to', out, '--json']);
  assert.equal(first.code, 0, first.stderr.join('\n'));
  assert.deepEqual(first.json(), { notes: 2, attachments: 0, folder: out, errors: [] });
  assert.match(fs.readFileSync(path.join(out, 'Notes', 'sub', 'Beta.md'), 'utf8'), /^---\ntitle: Beta\ntags: \[\]\nnotebook: \[Notes, sub\]\n/);

  const second = await run(['export-markdown', '--db', db, '--to', out]);
  assert.equal(second.code, 0);
  assert.match(second.stdout[0]!, /^Exported 2 notes and 0 attachments to .*out\/Quire Export \d{4}-\d\d-\d\d \d\d-\d\d-\d\d\.$/);
  assert.equal(fs.readdirSync(out).length, 2, 'the first export is left as it was');
});

test('export-markdown lists the notes it could not export completely and exits 1', async () => {
  using tmp = tempDir('quire-cli-export-');
  const db = path.join(tmp.dir, 'db');
  // Minimal documents, as other apps write them: no timestamps, no tags.
  const { openDatabase } = await import('../../db/open-database');
  const pouch = openDatabase(db);
  await pouch.bulkDocs([
    { _id: 'book:b', name: 'Book' },
    { _id: 'note:ok', title: 'Fine', body: 'text', bookId: 'book:b' },
    { _id: 'note:broken', title: 'Broken', body: '![x](inkdrop://file:gone)', bookId: 'book:b' },
  ]);
  await pouch.close();
  const result = await run(['export-markdown', '--db', db, '--to', path.join(tmp.dir, 'out'), '--json']);
  assert.equal(result.code, 1);
  assert.deepEqual(result.json().errors, [{ id: 'note:broken', title: 'Broken', reason: 'it links file:gone, which is not in the database; the link was kept' }]);
  assert.equal(result.json().notes, 2);
  assert.match(result.stderr.join('\n'), /1 item skipped/);
});

test('export-markdown usage errors exit 2 with one line', async () => {
  using tmp = tempDir('quire-cli-export-');
  const db = path.join(tmp.dir, 'db');
  fs.writeFileSync(path.join(tmp.dir, 'file'), '');
  assert.equal((await run(['import-markdown', '--db', db, '--from', tmp.dir])).code, 2, 'no Markdown: nothing imported, but the database exists');
  const cases: [string[], RegExp][] = [
    [['export-markdown', '--db', db], /^quire export-markdown: --to is required$/],
    [['export-markdown', '--db', path.join(tmp.dir, 'none'), '--to', path.join(tmp.dir, 'o')], /no Quire database at/],
    [['export-markdown', '--db', db, '--to', path.join(db, 'inside')], /is inside the database folder/],
    [['export-markdown', '--db', db, '--to', path.join(tmp.dir, 'file')], /is a file, not a folder$/],
  ];
  for (const [argv, reason] of cases) {
    const result = await run([...argv, '--json']);
    assert.equal(result.code, 2, argv.join(' '));
    assert.equal(result.stderr.length, 1);
    assert.match(result.stderr[0]!, reason);
  }
});
