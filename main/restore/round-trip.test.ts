// Integration: the whole tldr corpus (38k notes in 40+ languages) with real
// image attachments, edits, the Trash, deletions and awkward ids, mirrored by
// the live backup as the app runs it (the worker thread writing, the folder
// watcher watching), compared with the database document by document and
// attachment byte by byte; then that folder restored into an empty database:
// every document, revision history and attachment comes back identical.
//
// One database and one mirror serve both checks: the corpus is mirrored once
// per run (the two used to be separate files that each built and mirrored it).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentStore } from '../db/document-store';
import type { Database } from '../db/open-database';
import { createImageAttachment } from '../attachments/create-attachment';
import { readCorpusNotes, tldrCorpusDir } from '../search/tldr-corpus';
import { BackupRunner, type BackupStatus } from '../backup/backup-runner';
import { workerSink } from '../backup/worker-sink';
import { watchBackupFolder, type WatchProblem } from '../backup/folder-watcher';
import { assertFolderMatches, listFiles } from '../backup/backup-testing';
import { locateDoc } from '../backup-format/file-name';
import { restoreBackup } from './index';
import { contentOf, tempFolder } from './restore-testing';

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/images');

const phases: string[] = [];
let mark = { wall: performance.now(), cpu: process.cpuUsage() };
function phase(name: string): void {
  const cpu = process.cpuUsage(mark.cpu);
  phases.push(`${name} ${Math.round(performance.now() - mark.wall)} ms (cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms)`);
  mark = { wall: performance.now(), cpu: process.cpuUsage() };
}

const tmp = tempFolder('quire-corpus-round-trip-');
let source: Database;
let folder: string;
/** Attachment documents made from the real images: their bytes and extension. */
const originals = new Map<string, { bytes: Buffer; ext: string }>();
let deletions = 0;

before(async () => {
  source = tmp.open('source');
  const notes = readCorpusNotes(tldrCorpusDir());
  assert.ok(notes.length > 38_000, `${notes.length} pages`);
  const books = [...new Set(notes.map((n) => n.bookId))].map((id) => ({ _id: id, name: id.slice(id.lastIndexOf('/') + 1), parentBookId: null, createdAt: 1, updatedAt: 1 }));
  const tags = [...new Set(notes.flatMap((n) => n.tags ?? []))].map((id) => ({ _id: id, name: id.slice(4), color: 'default', createdAt: 1, updatedAt: 1 }));
  await source.bulkDocs([...books, ...tags]);
  for (let i = 0; i < notes.length; i += 2000) {
    await source.bulkDocs(notes.slice(i, i + 2000).map(({ file: _file, ...n }, j) => ({
      ...n, doctype: 'markdown', share: 'private', pinned: false, numOfTasks: 0, numOfCheckedTasks: 0, createdAt: i + j, updatedAt: i + j,
    })));
  }
  phase('build');

  // Real images (PNG, SVG, JPEG…), each several times: the same bytes in different documents.
  const store = new DocumentStore(source);
  const images = fs.readdirSync(IMAGES).filter((f) => /\.(png|svg|jpe?g|gif|webp)$/i.test(f)).sort();
  for (let i = 0; i < 100; i++) {
    const name = images[i % images.length]!;
    const bytes = fs.readFileSync(path.join(IMAGES, name));
    const doc = await createImageAttachment(store, { name: `${i}-${name}`, bytes, now: i });
    originals.set(doc._id, { bytes, ext: path.extname(name).slice(1).toLowerCase() });
  }
  // Ids the naming rule must carry: capitals, non-ASCII, separators, a device name, one too long for a file name.
  const book = books[0]!._id;
  const odd = ['note:ABC', 'note:abc', 'note:con', 'note:ünïcødé 😀', 'note:a/b\\c:d', `note:${'long-'.repeat(80)}`, 'tag:With Space'];
  await store.putMany(odd.map((id) => (id.startsWith('tag:')
    ? { _id: id, name: 'With Space', createdAt: 1, updatedAt: 1 }
    : { _id: id, title: id, body: `# ${id}`, bookId: book, createdAt: 1, updatedAt: 1 })));
  // Histories of several revisions, the Trash, and deletions (which go to _deleted/, and are not restored).
  const some = (await source.allDocs({ include_docs: true, startkey: 'note:pages/', endkey: 'note:pages/\uffff', limit: 1200 })).rows.map((r) => r.doc!);
  await source.bulkDocs(some.slice(0, 600).map((n) => ({ ...n, body: `${String((n as { body?: unknown }).body)}\nedited` })));
  const twice = (await source.allDocs({ include_docs: true, keys: some.slice(0, 100).map((n) => n._id) })).rows.map((r) => (r as { doc: typeof some[number] }).doc);
  await source.bulkDocs(twice.map((n) => ({ ...n, bookId: 'trash' })));
  const doomed = (await source.allDocs({ include_docs: true, keys: some.slice(1000, 1200).map((n) => n._id) })).rows.map((r) => (r as { doc: typeof some[number] }).doc);
  await source.bulkDocs(doomed.map((n) => ({ ...n, _deleted: true })));
  deletions = doomed.length;
  assert.equal(deletions, 200);
  phase('attachments and edits');
});

after(async () => {
  await tmp[Symbol.asyncDispose]();
  console.log(`# ${phases.join(', ')}`);
});

test('the whole tldr corpus with image attachments is mirrored and matches the database document by document, byte by byte', { timeout: 600_000 }, async (t) => {
  const info = await source.info();
  folder = tmp.path('backup');
  fs.mkdirSync(folder);
  const sink = workerSink(folder, 'corpus');
  const statuses: BackupStatus[] = [];
  const problems: WatchProblem[] = [];
  let firstPass: { resolve(): void; reject(error: Error): void } | undefined;
  const caughtUp = new Promise<void>((resolve, reject) => (firstPass = { resolve, reject }));
  const runner = new BackupRunner({
    db: source, folder, sink, appVersion: 'test',
    onStatus: (s) => {
      statuses.push(s);
      if (s.state === 'up-to-date') firstPass!.resolve();
      if (s.state === 'error') firstPass!.reject(new Error(`the mirror failed: ${JSON.stringify(s)}`));
    },
  });
  const watcher = watchBackupFolder({ db: source, folder, runner, onError: (p) => problems.push(p) });
  await watcher.ready;
  runner.start();
  await caughtUp;
  phase('mirror');
  t.diagnostic(`mirrored ${info.doc_count} documents and ${deletions} deletions`);
  assert.equal(runner.session.written, info.doc_count);
  assert.equal(runner.session.deleted, deletions);
  // The watcher saw tens of thousands of our own writes and took none of them for someone else's:
  // asserted once it has had all their events and is at rest (the start-up comparison included).
  await watcher.settled();
  assert.equal(runner.session.written, info.doc_count, 'no file was written twice');
  assert.deepEqual(problems, []);
  await watcher.close();
  await runner.stop();
  await sink.close();

  const { live, deleted } = await assertFolderMatches(source, folder);
  assert.deepEqual({ live, deleted }, { live: info.doc_count, deleted: deletions });
  // The attachment files are the images themselves, with their extension.
  for (const [id, { bytes, ext }] of originals) {
    const { stem } = locateDoc(id);
    assert.ok(fs.readFileSync(path.join(folder, 'data/file', `${stem}.${ext}`)).equals(bytes), `${id} bytes`);
  }
  const files = listFiles(folder);
  assert.equal(files.filter((f) => f.startsWith('data/') && f.endsWith('.json')).length, info.doc_count);
  assert.equal(files.filter((f) => f.startsWith('_deleted/')).length, deletions);
  assert.deepEqual(files.filter((f) => f.startsWith('state/')), ['state/corpus.json']);
  phase('check folder');
});

test('the whole corpus with attachments: back up, restore into an empty database, everything identical', { timeout: 600_000 }, async () => {
  assert.ok(folder && fs.existsSync(path.join(folder, 'state/corpus.json')), 'the mirror above ran');
  const target = tmp.open('target');
  const result = await restoreBackup(target, folder);
  phase('restore');
  const expected = new Map([...(await contentOf(source))].filter(([, s]) => !s.deleted));
  assert.deepEqual(
    { restored: result.restored, upToDate: result.upToDate, conflicts: result.conflicts, skipped: result.skipped, deleted: result.deleted },
    { restored: expected.size, upToDate: 0, conflicts: 0, skipped: [], deleted: deletions },
  );
  const actual = await contentOf(target);
  phase('read both');
  assert.equal(actual.size, expected.size);
  for (const [id, state] of expected) assert.deepEqual(actual.get(id), state, id);
  phase('compare');
});
