// Integration: the whole tldr-pages corpus (38,000 pages in 40+ languages)
// in a database (a notebook per folder), given statuses, pins and tags, exported; every file checked
// (names, front matter, count); then the round trip: the export imported
// into an empty database gives the same notes, and exporting that database
// gives the same files byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { importMarkdownFolder } from '../import/import-markdown';
import { readCorpusNotes, tldrCorpusDir } from '../search/tldr-corpus';
import { NOTE_STATUSES, type BookDoc, type NoteDoc } from '../../shared/schema';
import { exportAllNotes } from './index';
import { MAX_NAME_BYTES, MAX_RELATIVE_PATH } from './file-names';

function listFiles(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

async function notebookPaths(store: DocumentStore): Promise<(id: string) => string[]> {
  const books = new Map((await store.allOfType('book')).map((b: BookDoc) => [b._id, b]));
  const pathOf = (id: string): string[] => {
    const b = books.get(id);
    return b ? [...(b.parentBookId ? pathOf(b.parentBookId) : []), b.name] : [];
  };
  return pathOf;
}

test('the whole tldr corpus exports, and imports back to the same notes and the same files', { timeout: 15 * 60_000 }, async (t) => {
  let mark = performance.now();
  const phases: string[] = [];
  const phase = (name: string) => {
    phases.push(`${name} ${Math.round(performance.now() - mark)} ms`);
    mark = performance.now();
  };
  t.after(() => t.diagnostic(phases.join(', ')));
  // The corpus is the shared read-only copy: the databases and exports go into a folder of this test's own.
  const corpus = tldrCorpusDir();
  phase('unpack');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-export-corpus-'));
  const dbs: ReturnType<typeof openDatabase>[] = [];
  t.after(async () => {
    for (const db of dbs) await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const open = (name: string) => {
    const db = openDatabase(path.join(tmp, name));
    dbs.push(db);
    return new DocumentStore(db);
  };

  // The database is built straight from the pages, as an import of the corpus folder would make it
  // (a notebook per folder under one for the corpus, a note per page): the import itself is checked
  // below on the export, where the round trip needs it, and in main/import/import-corpus.test.ts.
  const store = open('db');
  const pages = readCorpusNotes(corpus);
  const books = new Map<string, BookDoc>();
  const bookFor = (name: string, parent: string | null): string => {
    const key = `${parent ?? ''}/${name}`;
    let book = books.get(key);
    if (!book) {
      book = { _id: `book:c${books.size}`, name, parentBookId: parent, createdAt: 1, updatedAt: 1 };
      books.set(key, book);
    }
    return book._id;
  };
  const top = bookFor('tldr', null);
  const pageDocs = pages.map((page, i) => {
    const [lang, platform] = page.file.split('/') as [string, string];
    return {
      _id: `note:c${i}`, title: page.title, body: page.body, doctype: 'markdown' as const,
      bookId: bookFor(platform, bookFor(lang, top)), tags: [], status: 'none' as const, share: 'private' as const,
      pinned: false, numOfTasks: 0, numOfCheckedTasks: 0, createdAt: 1_700_000_000_000 + i * 1000, updatedAt: 1_700_000_000_000 + i * 1000,
    };
  });
  await store.putMany([...books.values()]);
  for (let i = 0; i < pageDocs.length; i += 2000) await store.putMany(pageDocs.slice(i, i + 2000));
  pageDocs.length = 0;
  // Something of every field to carry over: statuses, pins, tags, a few notes in the trash.
  await store.putMany([
    { _id: 'tag:a', name: 'Alpha', color: 'default', createdAt: 1, updatedAt: 1 },
    { _id: 'tag:b', name: 'beta two', color: 'red', createdAt: 1, updatedAt: 1 },
  ]);
  const all = await store.allOfType('note');
  // Ids are random, so which notes go to the trash differs per run; a notebook emptied by it is
  // an empty folder in the export, and a notebook without notes again after the import.
  const changed = all.map((n: NoteDoc, i) => ({
    ...n,
    status: NOTE_STATUSES[i % NOTE_STATUSES.length]!,
    pinned: i % 7 === 0,
    tags: i % 3 === 0 ? ['tag:b', 'tag:a'] : i % 3 === 1 ? ['tag:a'] : [],
    bookId: i % 1000 === 999 ? 'trash' : n.bookId,
    createdAt: n.createdAt - i * 1000,
  }));
  phase('build');
  for (let i = 0; i < changed.length; i += 2000) await store.putMany(changed.slice(i, i + 2000));
  const notes = changed.filter((n) => n.bookId !== 'trash');
  all.length = 0;
  changed.length = 0;

  phase('edits');
  const first = await exportAllNotes(store, path.join(tmp, 'export-1'));
  phase('export');
  assert.deepEqual(first.errors, []);
  assert.equal(first.notes, notes.length);
  const files = listFiles(first.folder);
  assert.equal(files.length, notes.length, 'one .md file per note outside the trash, nothing else');
  assert.ok(files.every((f) => f.endsWith('.md')));

  // Names: portable, distinct ignoring case, within the path budget; front matter: the note's.
  const pathOf = await notebookPaths(store);
  const byId = new Map(notes.map((n) => [n._id, n]));
  const seen = new Set<string>();
  for (const rel of files) {
    assert.ok(rel.length <= MAX_RELATIVE_PATH, rel);
    for (const part of rel.split('/')) {
      assert.doesNotMatch(part, /[<>:"\\|?*]|[. ]$|^\.|^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i, rel);
      assert.ok([...part].every((c) => c.charCodeAt(0) >= 0x20), rel);
      assert.ok(Buffer.byteLength(part) <= MAX_NAME_BYTES, rel);
    }
    assert.ok(!seen.has(rel.toLowerCase()), `${rel} is distinct ignoring case`);
    seen.add(rel.toLowerCase());
    const text = fs.readFileSync(path.join(first.folder, rel), 'utf8');
    const meta = parse(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]!) as Record<string, unknown>;
    const n = byId.get(meta.id as string)!;
    assert.ok(n, `${rel} is a note of the database`);
    assert.equal(meta.title, n.title);
    assert.deepEqual(meta.notebook, pathOf(n.bookId));
    assert.deepEqual(meta.tags, n.tags.map((id) => (id === 'tag:a' ? 'Alpha' : 'beta two')));
    assert.equal(meta.status, n.status);
    assert.equal(meta.pinned, n.pinned);
    assert.equal(meta.created, new Date(n.createdAt).toISOString());
    assert.equal(meta.updated, new Date(n.updatedAt).toISOString());
    assert.ok(text.endsWith(n.body));
    assert.equal(fs.statSync(path.join(first.folder, rel)).mtimeMs, n.updatedAt);
  }
  // tldr's page for `.` is `..md`: its file must not be hidden.
  assert.ok(files.some((f) => f.endsWith('/pages/common/_.md')), 'the page titled "." is …/pages/common/_.md');

  phase('check files');
  const copy = open('copy');
  const back = await importMarkdownFolder(copy, first.folder);
  assert.deepEqual(back.skipped, []);
  assert.equal(back.notes, notes.length);
  const treeOf = async (s: DocumentStore) => {
    const p = await notebookPaths(s);
    return (await s.allOfType('book')).map((b) => p(b._id).join('/')).sort();
  };
  phase('import the export');
  assert.deepEqual(await treeOf(copy), await treeOf(store), 'the same notebooks');
  const copyPathOf = await notebookPaths(copy);
  const copyTags = new Map((await copy.allOfType('tag')).map((tag) => [tag._id, tag.name]));
  let compared = 0;
  for (const n of await copy.allOfType('note')) {
    const original = byId.get(n._id)!;
    assert.ok(original, `${n._id} keeps its id`);
    assert.equal(n.title, original.title);
    assert.equal(n.body, original.body);
    assert.deepEqual(n.tags.map((id) => copyTags.get(id)), original.tags.map((id) => (id === 'tag:a' ? 'Alpha' : 'beta two')));
    assert.deepEqual(copyPathOf(n.bookId), pathOf(original.bookId).slice(0));
    for (const key of ['status', 'pinned', 'createdAt', 'updatedAt'] as const) assert.equal(n[key], original[key], `${n._id} ${key}`);
    compared += 1;
  }
  assert.equal(compared, notes.length);

  phase('compare notes');
  const second = await exportAllNotes(copy, path.join(tmp, 'export-2'));
  phase('export again');
  assert.deepEqual(listFiles(second.folder), files, 'the same file names');
  for (const rel of files) {
    assert.ok(fs.readFileSync(path.join(first.folder, rel)).equals(fs.readFileSync(path.join(second.folder, rel))), `${rel} byte for byte`);
  }
  phase('compare files');
});
