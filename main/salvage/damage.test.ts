// Salvage of damaged databases, through the `quire salvage` command: table
// files truncated, removed or overwritten, a damaged log, a missing
// MANIFEST or CURRENT. What can be read is written (every document as the
// source had it, at a revision the source had), what cannot is listed, and
// restore accepts the result. Folders that are not databases: exit 2.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { listFiles } from '../backup/backup-testing';
import { openDatabase } from '../db/open-database';
import { restoreBackup } from '../restore/index';
import { buildLibrary, ROOT, tempDir } from './salvage-testing';
import { runCli as run } from '../cli/cli-testing';
import { cliArgs } from '../testing/node-script';

const EXTRA_NOTES = 600;

const pristine = tempDir('quire-salvage-damage-');
// Never opened after it is built (opening rewrites LevelDB's files); `reference`, a copy, is what tests read.
const library = pristine.path('db');
const reference = pristine.path('reference');
let live = 0;

before(async () => {
  await buildLibrary(library, EXTRA_NOTES);
  fs.cpSync(library, reference, { recursive: true });
  const db = openDatabase(reference);
  live = (await db.allDocs()).rows.length;
  await db.close();
});
process.on('exit', () => pristine[Symbol.dispose]());

const files = (dir: string, pattern: RegExp) => fs.readdirSync(dir).filter((f) => pattern.test(f)).sort();
const largest = (dir: string, pattern: RegExp) =>
  files(dir, pattern).sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size)[0]!;
const overwrite = (file: string, at: number, length: number) => {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(length, 0x55), 0, length, at);
  fs.closeSync(fd);
};

/**
 * Every document written is the source's own, at a revision the source has,
 * attachments byte for byte (an attachment left out is listed as unreadable).
 */
async function assertFromSource(dest: string, reported: Set<string>): Promise<number> {
  const source = openDatabase(reference);
  let checked = 0;
  try {
    for (const rel of listFiles(path.join(dest, 'data')).filter((f) => f.endsWith('.json'))) {
      const file = JSON.parse(fs.readFileSync(path.join(dest, 'data', rel), 'utf8')) as Record<string, unknown> & {
        _id: string; _rev: string; _attachments?: Record<string, { path: string }>;
      };
      const original = (await source.get(file._id, { rev: file._rev, attachments: true, binary: true })) as Record<string, unknown> & {
        _attachments?: Record<string, { data: Buffer }>;
      };
      for (const [key, value] of Object.entries(original)) {
        if (key === '_attachments') continue;
        assert.deepEqual(file[key], value, `${file._id}.${key}`);
      }
      for (const [name, attachment] of Object.entries(original._attachments ?? {})) {
        if (!file._attachments?.[name] && reported.has(file._id)) continue;
        const bytes = fs.readFileSync(path.join(dest, 'data', path.dirname(rel), file._attachments![name]!.path));
        assert.ok(bytes.equals(attachment.data), `${file._id}/${name}`);
      }
      checked++;
    }
  } finally {
    await source.close();
  }
  return checked;
}

async function restoresCleanly(dest: string): Promise<void> {
  using out = tempDir();
  const db = openDatabase(out.path('db'));
  try {
    const result = await restoreBackup(db, dest);
    assert.deepEqual(result.skipped, [], 'restore accepts every file');
  } finally {
    await db.close();
  }
}

interface Case {
  name: string;
  damage(dir: string): void;
  /** Everything comes back (LevelDB's repair rebuilds what was lost). */
  complete: boolean;
  /** What the list of unreadable items must mention. */
  mentions?: RegExp;
  /** Whole documents are lost (not only changes to them). */
  fewer?: boolean;
}

const cases: Case[] = [
  {
    name: 'the largest table file cut in half',
    damage: (dir) => {
      const file = path.join(dir, largest(dir, /\.ldb$/));
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    },
    complete: false,
    mentions: /\d+\.ldb.*damaged/,
    fewer: true,
  },
  {
    name: 'a table file removed',
    damage: (dir) => fs.rmSync(path.join(dir, largest(dir, /\.ldb$/))),
    complete: false,
    mentions: /\d+\.ldb.*missing/,
    fewer: true,
  },
  {
    // LevelDB reads such a block without a word (it checks no checksum unless asked); salvage checks them.
    name: 'bytes overwritten inside a table file (among the notes)',
    damage: (dir) => {
      const file = path.join(dir, largest(dir, /\.ldb$/));
      overwrite(file, Math.floor(fs.statSync(file).size * 0.7), 3000);
    },
    complete: false,
    mentions: /\d+\.ldb: the table file is damaged[^]*note:\S+: its content could not be read/,
    fewer: true,
  },
  {
    name: 'bytes overwritten inside a table file (in an image)',
    damage: (dir) => overwrite(path.join(dir, largest(dir, /\.ldb$/)), 4096, 3000),
    complete: false,
    mentions: /file:\S+: its attachment "index" is damaged/,
  },
  {
    name: 'the log of the latest changes damaged',
    damage: (dir) => {
      const file = path.join(dir, files(dir, /\.log$/)[0]!);
      overwrite(file, Math.floor(fs.statSync(file).size / 3), 200);
    },
    complete: false,
    mentions: /\d+\.log.*log of the latest changes is damaged/,
  },
  { name: 'the MANIFEST removed', damage: (dir) => files(dir, /^MANIFEST-/).forEach((f) => fs.rmSync(path.join(dir, f))), complete: true },
  { name: 'CURRENT removed', damage: (dir) => fs.rmSync(path.join(dir, 'CURRENT')), complete: true },
];

for (const c of cases) {
  test(`damaged: ${c.name}`, async () => {
    using tmp = tempDir();
    const src = tmp.path('db');
    fs.cpSync(library, src, { recursive: true });
    assert.ok(files(src, /\.ldb$/).length >= 2 && files(src, /\.log$/).length === 1, fs.readdirSync(src).join(' '));
    c.damage(src);
    const dest = tmp.path('out');
    const result = await run(['salvage', '--src', src, '--dest', dest, '--json']);
    const json = result.json() as {
      notes: number; books: number; tags: number; files: number; deleted: number; unreadable: number; dest: string;
      repaired: boolean; unreadableItems: { item: string; reason: string }[];
    };
    assert.deepEqual(Object.keys(json).slice(0, 7), ['notes', 'books', 'tags', 'files', 'deleted', 'unreadable', 'dest']);
    assert.equal(json.dest, dest);
    assert.equal(json.repaired, true);
    assert.equal(json.unreadable, json.unreadableItems.length);
    const recovered = json.notes + json.books + json.tags + json.files;
    if (c.complete) {
      assert.equal(result.code, 0, result.stderr.join('\n'));
      assert.deepEqual(json.unreadableItems, []);
      assert.equal(recovered, live);
    } else {
      assert.equal(result.code, 1, result.stderr.join('\n'));
      assert.ok(json.unreadable > 0);
      assert.match(json.unreadableItems.map((u) => `${u.item}: ${u.reason}`).join('\n'), c.mentions!);
      assert.equal(result.stderr.length, 1);
      assert.match(result.stderr[0]!, /^quire salvage: \d+ items? could not be read \(listed in the output\)$/);
      assert.ok(recovered > 0 && (c.fewer ? recovered < live : recovered <= live), `${recovered} of ${live}`);
    }
    assert.equal(await assertFromSource(dest, new Set(json.unreadableItems.map((u) => u.item))), recovered);
    await restoresCleanly(dest);
  });
}

test('without --json: the counts, what could not be read, and how to restore', async () => {
  using tmp = tempDir();
  const src = tmp.path('db');
  fs.cpSync(library, src, { recursive: true });
  fs.rmSync(path.join(src, largest(src, /\.ldb$/)));
  fs.mkdirSync(tmp.path('temp'));
  const result = await run(['salvage', '--src', src, '--dest', tmp.path('out'), '--temp', tmp.path('temp')]);
  assert.equal(result.code, 1);
  assert.deepEqual(fs.readdirSync(tmp.path('temp')), [], 'the temporary copies are removed');
  const text = result.stdout.join('\n');
  assert.match(text, /^notes +\d+$/m);
  assert.match(text, /^unreadable +[1-9]\d*$/m);
  assert.match(text, /^unreadable: \d+\.ldb: is missing/m);
  assert.match(text, /^Salvaged what could be read into .*out; \d+ items? could not be read/m);
});

test('folders that are not a database, and bad destinations: exit 2 with one plain line', async () => {
  using tmp = tempDir();
  fs.mkdirSync(tmp.path('empty'));
  fs.mkdirSync(tmp.path('photos'));
  fs.writeFileSync(tmp.path('photos', 'cat.jpg'), 'not really');
  fs.writeFileSync(tmp.path('a-file'), 'x');
  fs.mkdirSync(tmp.path('garbage'));
  fs.writeFileSync(tmp.path('garbage', '000005.ldb'), Buffer.alloc(4096, 0x42));
  fs.mkdirSync(tmp.path('full'));
  fs.writeFileSync(tmp.path('full', 'mine.txt'), 'keep');
  const out = tmp.path('out');
  const cases: [string[], RegExp][] = [
    [['--src', tmp.path('nowhere'), '--dest', out], /^quire salvage: there is no folder at .*nowhere$/],
    [['--src', tmp.path('empty'), '--dest', out], /^quire salvage: .*empty is empty: there is no database in it$/],
    [['--src', tmp.path('photos'), '--dest', out], /^quire salvage: .*photos is not a Quire database folder: it has none of LevelDB's files/],
    [['--src', tmp.path('a-file'), '--dest', out], /^quire salvage: .*a-file is a file, not a database folder$/],
    [['--src', tmp.path('garbage'), '--dest', out], /^quire salvage: nothing in .*garbage could be read$/],
    [['--src', library, '--dest', tmp.path('full')], /^quire salvage: .*full is not empty; give a new or empty folder/],
    [['--src', library, '--dest', path.join(library, 'inside')], /^quire salvage: .*inside is inside the database being salvaged/],
    [['--src', library], /^quire salvage: --dest is required/],
    [['--dest', out], /^quire salvage: --src is required/],
    [['--list', '--src', library], /^quire salvage: --list does not take --src/],
    [['--src', library, '--dest', out, '--temp', tmp.path('nowhere')], /^quire salvage: --temp: there is no folder at .*nowhere$/],
    [['--src', library, '--dest', out, '--temp', library], /^quire salvage: the temporary folder .* is inside the database being salvaged/],
  ];
  for (const [argv, reason] of cases) {
    const result = await run(['salvage', ...argv, '--json']);
    assert.equal(result.code, 2, argv.join(' '));
    assert.equal(result.stderr.length, 1, `${argv.join(' ')}: ${result.stderr.join('\n')}`);
    assert.match(result.stderr[0]!, reason);
    assert.equal(typeof result.json().error, 'string');
  }
  assert.equal(fs.existsSync(out), false, 'no output folder is left behind by a salvage that could not run');
  assert.equal(fs.existsSync(path.join(library, 'inside')), false);
  assert.deepEqual(fs.readdirSync(tmp.path('full')), ['mine.txt']);
});

test('as a process: the JSON object is the last stdout line and the exit code says whether anything was unreadable', () => {
  using tmp = tempDir();
  const src = tmp.path('db');
  fs.cpSync(library, src, { recursive: true });
  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      cliArgs(...args),
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
  const whole = cli('salvage', '--src', src, '--dest', tmp.path('a'), '--json');
  assert.equal(whole.status, 0, whole.stderr);
  assert.equal(JSON.parse(whole.stdout.trimEnd().split('\n').at(-1)!).unreadable, 0);
  fs.rmSync(path.join(src, largest(src, /\.ldb$/)));
  const damaged = cli('salvage', '--src', src, '--dest', tmp.path('b'), '--json');
  assert.equal(damaged.status, 1, damaged.stderr);
  assert.ok(JSON.parse(damaged.stdout.trimEnd().split('\n').at(-1)!).unreadable > 0);
  assert.equal(damaged.stderr.trimEnd().split('\n').length, 1);
});
