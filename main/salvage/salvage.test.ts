// Salvage of a healthy database, built through the app's own services,
// while another process holds it open: the folder mirrors the database,
// restore brings every live document back equal, deleted documents'
// last versions are in _deleted/, and the source is not touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { assertFolderMatches, listFiles, readBackupDoc } from '../backup/backup-testing';
import { inProcessSink } from '../backup/index';
import { restoreBackup } from '../restore/index';
import { contentOf } from '../restore/restore-testing';
import { copyDatabaseFolder } from './copy';
import { countingSink } from './counting-sink';
import { RawLevelDb } from './leveldb';
import { mirrorRaw } from './raw-mirror';
import { salvage } from './salvage';
import { buildLibrary, fingerprint, holdOpen, tempDir } from './salvage-testing';

test('salvaged while another process holds the database: restore gives back everything, deletions are in _deleted/', async () => {
  using tmp = tempDir();
  const src = tmp.path('user-data', 'db', 'notes');
  const built = await buildLibrary(src);

  const holder = await holdOpen(src);
  let report;
  try {
    // The lock is really held: opening the database here fails.
    const blocked = openDatabase(src);
    await assert.rejects(blocked.info(), /lock/i);
    await blocked.close().catch(() => undefined);
    // Taken now: opening (even one refused for the lock) rotates LevelDB's LOG files and rewrites its log into a table.
    const before = fingerprint(src);
    const phases = new Set<string>();
    report = await salvage({ src, dest: tmp.path('salvaged'), onProgress: (p) => phases.add(p.phase) });
    assert.ok(phases.has('copying') && phases.has('reading'), [...phases].join());
    assert.deepEqual(fingerprint(src), before, 'the source folder is byte for byte and time for time as it was');
  } finally {
    await holder.stop();
  }
  assert.equal(report.method, 'as-is');
  assert.deepEqual(report.unreadable, []);
  assert.deepEqual(
    { notes: report.notes, books: report.books, tags: report.tags, files: report.files, deleted: report.deleted },
    // Plan, Ideas, Dal (in the trash), Late note; Work, Projects, Home; urgent, idea; three images.
    // Deleted: the note, the notebook, the tag, the image.
    { notes: 4, books: 3, tags: 2, files: 3, deleted: 4 },
  );

  const source = openDatabase(src);
  try {
    // The folder is what a backup of the source would be: every live document, every deletion.
    await assertFolderMatches(source, report.dest);
    for (const [id, body] of built.deletedNotes) {
      const last = readBackupDoc(report.dest, '_deleted', id);
      assert.equal(last?.body, body, `${id}: its last version with content is in _deleted/`);
      assert.equal(last?._deleted, undefined);
    }
    assert.equal(readBackupDoc(report.dest, '_deleted', built.deletedBook)?.name, 'Recipes');
    assert.equal(readBackupDoc(report.dest, '_deleted', built.deletedTag)?.name, 'stale');
    const image = readBackupDoc(report.dest, '_deleted', built.deletedFile) as { _attachments: { index: { path: string } } };
    const imageBytes = fs.readFileSync(path.join(report.dest, '_deleted', 'file', image._attachments.index.path));
    assert.ok(imageBytes.equals(fs.readFileSync(path.join(import.meta.dirname, '../../../shared/corpora/images/tldr-dark.png'))));

    // Restored into a new database: every live document equal, history and attachment bytes included.
    using out = tempDir();
    const restored = openDatabase(out.path('db'));
    try {
      const result = await restoreBackup(restored, report.dest);
      assert.deepEqual(result.skipped, []);
      const want = await contentOf(source);
      const got = await contentOf(restored);
      for (const [id, state] of want) {
        if (state.deleted) continue;
        assert.deepEqual(got.get(id), state, id);
      }
      assert.equal([...got.values()].filter((s) => !s.deleted).length, [...want.values()].filter((s) => !s.deleted).length);
    } finally {
      await restored.close();
    }
  } finally {
    await source.close();
  }
});

test('the raw LevelDB reader writes the same folder as PouchDB does', async () => {
  using tmp = tempDir();
  const src = tmp.path('db');
  await buildLibrary(src, 150);
  const viaPouch = await salvage({ src, dest: tmp.path('via-pouch') });
  assert.equal(viaPouch.method, 'as-is');

  const copy = tmp.path('copy');
  await copyDatabaseFolder(src, copy);
  const raw = await RawLevelDb.open(copy);
  const folder = tmp.path('via-raw');
  fs.mkdirSync(folder);
  const sink = countingSink(inProcessSink(folder, 'raw-test'));
  try {
    assert.deepEqual(await mirrorRaw(raw, sink), []);
  } finally {
    await raw.close();
  }
  assert.deepEqual(sink.counts, { notes: viaPouch.notes, books: viaPouch.books, tags: viaPouch.tags, files: viaPouch.files, others: 0, deleted: viaPouch.deleted });
  const documents = (root: string) => listFiles(root).filter((f) => !f.startsWith('state'));
  assert.deepEqual(documents(folder), documents(viaPouch.dest));
  for (const file of documents(folder)) {
    assert.ok(fs.readFileSync(path.join(folder, file)).equals(fs.readFileSync(path.join(viaPouch.dest, file))), file);
  }
  const source = openDatabase(src);
  try {
    await assertFolderMatches(source, folder);
  } finally {
    await source.close();
  }
});

test('a read-only source folder is salvaged and left as it was', async () => {
  using tmp = tempDir();
  const src = tmp.path('db');
  await buildLibrary(src);
  const before = fingerprint(src);
  for (const name of fs.readdirSync(src)) fs.chmodSync(path.join(src, name), 0o444);
  fs.chmodSync(src, 0o555);
  try {
    const report = await salvage({ src, dest: tmp.path('out') });
    assert.equal(report.notes, 4);
    assert.deepEqual(report.unreadable, []);
  } finally {
    fs.chmodSync(src, 0o755);
  }
  assert.deepEqual(fingerprint(src), before);
});

test("Quire's data folder is accepted for its database; the output is new or empty and outside the source", async () => {
  using tmp = tempDir();
  const userData = tmp.path('Quire');
  await buildLibrary(path.join(userData, 'db', 'notes'));
  fs.mkdirSync(tmp.path('empty-but-hidden'));
  fs.writeFileSync(tmp.path('empty-but-hidden', '.DS_Store'), 'x');
  const report = await salvage({ src: userData, dest: tmp.path('empty-but-hidden') });
  assert.equal(report.src, path.join(userData, 'db', 'notes'));
  assert.match(report.notices[0]!, /is Quire's data folder; its database .* was salvaged/);
  assert.equal(report.notes, 4);
  assert.ok(fs.existsSync(tmp.path('empty-but-hidden', '.DS_Store')));
});

test('--markdown: the salvaged notes as Markdown files by the app\'s export, also from a repaired copy', async () => {
  using tmp = tempDir();
  const src = tmp.path('db');
  await buildLibrary(src);
  for (const [name, damage] of [['as-is', () => undefined], ['repaired', () => {
    for (const f of fs.readdirSync(src).filter((n) => n.startsWith('MANIFEST-'))) fs.rmSync(path.join(src, f));
  }]] as const) {
    damage();
    const report = await salvage({ src, dest: tmp.path(name), markdown: true });
    assert.equal(report.method, name);
    assert.equal(report.markdown?.written, true);
    assert.equal(report.markdown?.folder, tmp.path(name, 'markdown'));
    // Plan, Ideas and Late note; Dal is in the trash, which the export leaves out.
    assert.equal(report.markdown?.notes, 3);
    const files = listFiles(report.markdown!.folder).filter((f) => f.endsWith('.md'));
    assert.equal(files.length, 3, files.join());
    const plan = files.find((f) => f.endsWith('Plan.md'))!;
    assert.ok(plan.startsWith(path.join('Work', 'Projects')), plan);
    assert.match(fs.readFileSync(path.join(report.markdown!.folder, plan), 'utf8'), /# Plan v3/);
  }
});

test('salvaged while another process keeps writing: a consistent copy, nothing reported unreadable', async () => {
  using tmp = tempDir();
  const src = tmp.path('db');
  await buildLibrary(src);
  const holder = await holdOpen(src, { writing: true });
  let report;
  try {
    await holder.written(3); // writing under way (LevelDB's log growing) before the copy starts
    report = await salvage({ src, dest: tmp.path('out') });
  } finally {
    await holder.stop();
  }
  assert.deepEqual(report.unreadable, []);
  assert.ok(report.notes > 4, `${report.notes} notes`);
  // Every document in the folder is one the source has, at a revision it has.
  const source = openDatabase(src);
  try {
    for (const rel of listFiles(path.join(report.dest, 'data')).filter((f) => f.endsWith('.json'))) {
      const file = JSON.parse(fs.readFileSync(path.join(report.dest, 'data', rel), 'utf8')) as { _id: string; _rev: string; title?: string };
      const original = await source.get(file._id, { rev: file._rev });
      assert.equal(original.title, file.title, file._id);
    }
  } finally {
    await source.close();
  }
});
