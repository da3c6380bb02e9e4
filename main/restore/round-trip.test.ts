// Integration: the whole tldr corpus (38k notes in 40+ languages) with image
// attachments, edits, deletions and awkward ids, backed up by the backup's
// own runner and restored into an empty database: every document, revision
// history and attachment comes back identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentStore } from '../db/document-store';
import { createImageAttachment } from '../attachments/create-attachment';
import { importMarkdownFolder } from '../import/import-markdown';
import { unpackTldrCorpus } from '../search/tldr-corpus';
import { restoreBackup } from './index';
import { backUp, contentOf, tempFolder } from './restore-testing';

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/images');

test('the whole corpus with attachments: back up, restore into an empty database, everything identical', async (t) => {
  const phases: string[] = [];
  let mark = { wall: performance.now(), cpu: process.cpuUsage() };
  const phase = (name: string) => {
    const cpu = process.cpuUsage(mark.cpu);
    phases.push(`${name} ${Math.round(performance.now() - mark.wall)} ms (cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms)`);
    mark = { wall: performance.now(), cpu: process.cpuUsage() };
  };
  const corpus = unpackTldrCorpus();
  phase('unpack');
  t.after(() => corpus.remove());
  await using tmp = tempFolder('quire-restore-corpus-');
  const source = tmp.open('source');
  const store = new DocumentStore(source);
  const imported = await importMarkdownFolder(store, corpus.dir);
  assert.ok(imported.notes > 38_000, `${imported.notes} notes`);
  phase('import');

  const images = fs.readdirSync(IMAGES).map((name) => ({ name, bytes: fs.readFileSync(path.join(IMAGES, name)) }));
  for (let i = 0; i < 100; i++) {
    const { name, bytes } = images[i % images.length]!;
    await createImageAttachment(store, { name: `${i}-${name}`, bytes });
  }
  // Ids the naming rule must carry: capitals, non-ASCII, separators, a device name, one too long for a file name.
  const book = (await store.allOfType('book'))[0]!._id;
  const odd = ['note:ABC', 'note:abc', 'note:con', 'note:ünïcødé 😀', 'note:a/b\\c:d', `note:${'long-'.repeat(80)}`, 'tag:With Space'];
  await store.putMany(odd.map((id) => (id.startsWith('tag:')
    ? { _id: id, name: 'With Space', createdAt: 1, updatedAt: 1 }
    : { _id: id, title: id, body: `# ${id}`, bookId: book, createdAt: 1, updatedAt: 1 })));
  // Histories of several revisions, the trash, deletions (which go to _deleted/, not restored).
  const notes = (await source.allDocs({ include_docs: true, startkey: 'note:', endkey: 'note:\uffff', limit: 1200 })).rows.map((r) => r.doc!);
  await source.bulkDocs(notes.slice(0, 600).map((n) => ({ ...n, body: `${String(n.body)}\nedited` })));
  const twice = (await source.allDocs({ include_docs: true, keys: notes.slice(0, 100).map((n) => n._id) })).rows.map((r) => (r as { doc: typeof notes[number] }).doc);
  await source.bulkDocs(twice.map((n) => ({ ...n, bookId: 'trash' })));
  await source.bulkDocs(notes.slice(1000, 1200).map((n) => ({ ...n, _deleted: true })));

  phase('edits');
  const folder = tmp.path('backup');
  await backUp(source, folder, { worker: true });
  phase('backup');

  const target = tmp.open('target');
  const result = await restoreBackup(target, folder);
  phase('restore');
  const expected = new Map([...(await contentOf(source))].filter(([, s]) => !s.deleted));
  assert.deepEqual(
    { restored: result.restored, upToDate: result.upToDate, conflicts: result.conflicts, skipped: result.skipped, deleted: result.deleted },
    { restored: expected.size, upToDate: 0, conflicts: 0, skipped: [], deleted: 200 },
  );
  const actual = await contentOf(target);
  phase('read both');
  assert.equal(actual.size, expected.size);
  for (const [id, state] of expected) assert.deepEqual(actual.get(id), state, id);
  phase('compare');
  t.diagnostic(`${expected.size} documents; ${phases.join(', ')}`);
});
