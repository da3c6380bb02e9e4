import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { runCli as run, tempDir } from './cli-testing';
import { cliArgs } from '../testing/node-script';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function writeTree(root: string, files: Record<string, string | Buffer>) {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}

test('--help lists every command; a command --help shows its options', async () => {
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  const text = help.stdout.join('\n');
  assert.match(text, /^ {2}import-markdown {2}/m);
  assert.match(text, /^ {2}stats {2}/m);
  const cmd = await run(['import-markdown', '--help']);
  assert.equal(cmd.code, 0);
  assert.match(cmd.stdout[0]!, /^Usage: quire import-markdown --db DIR --from FOLDER \[--json\]$/);
  assert.match(cmd.stdout.join('\n'), /--json/);
});

test('usage errors exit 2 with one line on stderr (and a JSON error with --json)', async () => {
  using tmp = tempDir('quire-cli-');
  const cases: [string[], RegExp][] = [
    [[], /^quire: no command given/],
    [['frobnicate'], /^quire: unknown command "frobnicate"/],
    [['stats'], /^quire stats: --db is required$/],
    [['stats', '--db'], /^quire stats: --db needs a value$/],
    [['stats', '--db', tmp.dir, '--verbose'], /^quire stats: unknown option --verbose$/],
    [['stats', '--db', path.join(tmp.dir, 'none')], /^quire stats: no Quire database at .*none$/],
    [['import-markdown', '--db', path.join(tmp.dir, 'db')], /^quire import-markdown: --from is required$/],
    [['import-markdown', '--db', path.join(tmp.dir, 'db'), '--from', path.join(tmp.dir, 'nope')], /^quire import-markdown: no folder at /],
  ];
  for (const [argv, reason] of cases) {
    const result = await run([...argv, '--json']);
    assert.equal(result.code, 2, argv.join(' '));
    assert.equal(result.stderr.length, 1, argv.join(' '));
    assert.match(result.stderr[0]!, reason);
    assert.equal(typeof result.json().error, 'string');
  }
  // stats must not create a database where there was none.
  assert.equal(fs.existsSync(path.join(tmp.dir, 'none')), false);
  assert.equal(fs.existsSync(path.join(tmp.dir, 'db')), false);
});

test('import-markdown refuses a non-empty folder that is not a database', async () => {
  using tmp = tempDir('quire-cli-');
  writeTree(tmp.dir, { 'notes/a.md': '# A', 'stuff/keep.txt': 'mine' });
  const result = await run(['import-markdown', '--db', path.join(tmp.dir, 'stuff'), '--from', path.join(tmp.dir, 'notes')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr[0]!, /is not a Quire database and not empty/);
  assert.deepEqual(fs.readdirSync(path.join(tmp.dir, 'stuff')), ['keep.txt']);
});

test('import-markdown with nothing to import exits 2', async () => {
  using tmp = tempDir('quire-cli-');
  writeTree(tmp.dir, { 'empty/readme.txt': 'no markdown', 'bad/x.md': '---\n: [\n---\n' });
  const none = await run(['import-markdown', '--db', path.join(tmp.dir, 'db'), '--from', path.join(tmp.dir, 'empty'), '--json']);
  assert.equal(none.code, 2);
  assert.match(none.stderr[0]!, /there are no Markdown \(\.md\) files in/);
  const bad = await run(['import-markdown', '--db', path.join(tmp.dir, 'db'), '--from', path.join(tmp.dir, 'bad'), '--json']);
  assert.equal(bad.code, 2);
  assert.equal((bad.json().skipped as unknown[]).length, 1);
});

test('import-markdown then stats: counts, skipped items listed, exit 1 when anything was skipped', async () => {
  using tmp = tempDir('quire-cli-');
  const from = path.join(tmp.dir, 'Notes');
  const db = path.join(tmp.dir, 'db');
  writeTree(from, {
    'a.md': '---\ntags: [x, y]\n---\n# A\n![logo](logo.png)',
    'logo.png': fs.readFileSync(path.join(ROOT, '../shared/corpora/images/logo.png')),
    'sub/b.md': '# B',
    'sub/c.md': '# C',
    'sub/bad.md': '---\ntitle: "unclosed\n---\n',
  });
  const imported = await run(['import-markdown', '--db', db, '--from', from, '--json']);
  assert.equal(imported.code, 1);
  const { skipped, ...counts } = imported.json() as { skipped: { path: string; reason: string }[] };
  assert.deepEqual(counts, { notes: 3, books: 2, tags: 2, files: 1 });
  assert.deepEqual(skipped.map((s) => s.path), [path.join(from, 'sub/bad.md')]);
  assert.match(skipped[0]!.reason, /front matter is not valid YAML/);
  assert.equal(imported.stderr.length, 1);
  assert.match(imported.stderr[0]!, /1 item skipped/);

  // Move one note to the trash and delete another, through the database as the app would.
  const database = openDatabase(db);
  const store = new DocumentStore(database);
  const notes = await store.allOfType('note');
  await store.put({ ...notes[0]!, bookId: 'trash' });
  await database.remove(notes[1]!._id, notes[1]!._rev!);
  await database.close();

  const stats = await run(['stats', '--db', db, '--json']);
  assert.equal(stats.code, 0);
  assert.deepEqual(stats.json(), { notes: 1, books: 2, tags: 2, files: 1, trashed: 1, deleted: 1 });
  const text = await run(['stats', '--db', db]);
  assert.equal(text.code, 0);
  assert.match(text.stdout.join('\n'), /^notes +1$/m);
});

test('as a process: the JSON object is the last stdout line, the exit code is the result, the database is closed', () => {
  using tmp = tempDir('quire-cli-');
  const from = path.join(tmp.dir, 'Notes');
  writeTree(from, { 'a.md': '# A' });
  fs.symlinkSync(path.join(from, 'nowhere'), path.join(from, 'broken.md'));
  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      cliArgs(...args),
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
  const db = path.join(tmp.dir, 'db');
  const imported = cli('import-markdown', '--db', db, '--from', from, '--json');
  assert.equal(imported.status, 1, imported.stderr);
  const lines = imported.stdout.trimEnd().split('\n');
  const result = JSON.parse(lines.at(-1)!);
  assert.equal(result.notes, 1);
  assert.equal(result.skipped[0].path, path.join(from, 'broken.md'));
  assert.equal(imported.stderr.trimEnd().split('\n').length, 1);
  // A second process can open the database only if the first one closed it.
  const stats = cli('stats', '--db', db, '--json');
  assert.equal(stats.status, 0, stats.stderr);
  assert.equal(JSON.parse(stats.stdout.trimEnd().split('\n').at(-1)!).notes, 1);
  const usage = cli('nope');
  assert.equal(usage.status, 2);
  assert.equal(usage.stdout, '');
  assert.equal(usage.stderr.trimEnd().split('\n').length, 1);
});
