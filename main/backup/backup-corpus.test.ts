// Integration: the whole tldr corpus (38k notes in 40+ languages) plus real
// image attachments, mirrored by the live backup as the app runs it (the
// worker thread writing, the folder watcher watching), then compared with the
// database document by document and attachment byte by byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { createImageAttachment } from '../attachments/create-attachment';
import { readCorpusNotes, unpackTldrCorpus } from '../search/tldr-corpus';
import { BackupRunner, type BackupStatus } from './backup-runner';
import { workerSink } from './worker-sink';
import { watchBackupFolder, type WatchProblem } from './folder-watcher';
import { assertFolderMatches, listFiles } from './backup-testing';
import { locateDoc } from '../backup-format/file-name';

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/images');

test('the whole tldr corpus with image attachments is mirrored and matches the database document by document, byte by byte', { timeout: 180_000 }, async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-backup-corpus-'));
  const corpus = unpackTldrCorpus();
  const db = openDatabase(path.join(tmp, 'db'));
  t.after(async () => {
    await db.close().catch(() => undefined);
    corpus.remove();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const notes = readCorpusNotes(corpus.dir);
  assert.ok(notes.length > 38_000, `${notes.length} pages`);
  corpus.remove(); // read: the 38k files need not wait for the end
  const books = [...new Set(notes.map((n) => n.bookId))].map((id) => ({ _id: id, name: id.slice(id.lastIndexOf('/') + 1), parentBookId: null, createdAt: 1, updatedAt: 1 }));
  const tags = [...new Set(notes.flatMap((n) => n.tags ?? []))].map((id) => ({ _id: id, name: id.slice(4), color: 'default', createdAt: 1, updatedAt: 1 }));
  await db.bulkDocs([...books, ...tags]);
  for (let i = 0; i < notes.length; i += 2000) {
    await db.bulkDocs(
      notes.slice(i, i + 2000).map(({ file: _file, ...n }, j) => ({
        ...n,
        doctype: 'markdown',
        share: 'private',
        pinned: false,
        numOfTasks: 0,
        numOfCheckedTasks: 0,
        createdAt: i + j,
        updatedAt: i + j,
      })),
    );
  }
  // Real images (PNG and SVG), each several times: the same bytes in different documents.
  const store = new DocumentStore(db);
  const images = fs.readdirSync(IMAGES).filter((f) => /\.(png|svg)$/.test(f)).sort();
  const originals = new Map<string, { bytes: Buffer; ext: string }>();
  for (let i = 0; i < 40; i++) {
    const name = images[i % images.length]!;
    const bytes = fs.readFileSync(path.join(IMAGES, name));
    const doc = await createImageAttachment(store, { name, bytes, now: i });
    originals.set(doc._id, { bytes, ext: path.extname(name).slice(1) });
  }
  // Some deletions, for _deleted/.
  const doomed = (await db.allDocs({ include_docs: true, startkey: 'note:pages.fr/', endkey: 'note:pages.fr/\uffff', limit: 100 })).rows;
  await db.bulkDocs(doomed.map((r) => ({ ...r.doc!, _deleted: true })));
  const info = await db.info();

  const folder = path.join(tmp, 'backup');
  fs.mkdirSync(folder);
  const sink = workerSink(folder, 'corpus');
  const statuses: BackupStatus[] = [];
  const problems: WatchProblem[] = [];
  const runner = new BackupRunner({ db, folder, sink, appVersion: 'test', onStatus: (s) => statuses.push(s) });
  const watcher = watchBackupFolder({ db, folder, runner, onError: (p) => problems.push(p) });
  await watcher.ready;
  const started = performance.now();
  runner.start();
  while (statuses.at(-1)?.state !== 'up-to-date') {
    assert.notEqual(statuses.at(-1)?.state, 'error', JSON.stringify(statuses.at(-1)));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.diagnostic(`mirrored ${info.doc_count} documents and ${doomed.length} deletions in ${Math.round(performance.now() - started)} ms`);
  assert.equal(runner.session.written, info.doc_count);
  assert.equal(runner.session.deleted, doomed.length);
  // The watcher saw tens of thousands of our own writes and took none of them for someone else's.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(runner.session.written, info.doc_count, 'no file was written twice');
  assert.deepEqual(problems, []);
  await watcher.close();
  await runner.stop();
  await sink.close();

  const { live, deleted } = await assertFolderMatches(db, folder);
  assert.deepEqual({ live, deleted }, { live: info.doc_count, deleted: doomed.length });
  // The attachment files are the images themselves, with their extension.
  for (const [id, { bytes, ext }] of originals) {
    const { stem } = locateDoc(id);
    assert.ok(fs.readFileSync(path.join(folder, 'data/file', `${stem}.${ext}`)).equals(bytes), `${id} bytes`);
  }
  const files = listFiles(folder);
  assert.equal(files.filter((f) => f.startsWith('data/') && f.endsWith('.json')).length, info.doc_count);
  assert.equal(files.filter((f) => f.startsWith('_deleted/')).length, doomed.length);
  assert.deepEqual(files.filter((f) => f.startsWith('state/')), ['state/corpus.json']);
});
