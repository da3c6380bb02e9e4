// Integration: a slice of the real tldr-pages corpus (Russian, Chinese and
// English pages) imported into a real database, counts checked against the
// files on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import type { BookDoc, NoteDoc } from '../../shared/schema';
import { importMarkdownFolder } from './import-markdown';
import { tldrCorpusDir } from '../search/tldr-corpus';

test('a slice of the tldr corpus imports as one note per file and one notebook per folder', async (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-corpus-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const root = path.join(tmp, 'tldr');
  fs.mkdirSync(root);
  // Copied from the shared unpacked corpus, which is read-only.
  const corpus = tldrCorpusDir();
  for (const slice of ['pages.ru', 'pages.zh/common', 'pages/common']) {
    fs.cpSync(path.join(corpus, slice), path.join(root, slice), { recursive: true });
  }
  const entries = fs.readdirSync(root, { recursive: true, withFileTypes: true });
  const mdFiles = entries.filter((e) => e.isFile() && e.name.endsWith('.md')).length;
  const folders = 1 + entries.filter((e) => e.isDirectory()).length;
  assert.ok(mdFiles > 5000, `the slice has ${mdFiles} pages`);

  const db = openDatabase(path.join(tmp, 'db'));
  try {
    const store = new DocumentStore(db);
    let lastProgress = [0, 0];
    const result = await importMarkdownFolder(store, root, { onProgress: (d, t) => (lastProgress = [d, t]) });
    assert.deepEqual(result, { notes: mdFiles, books: folders, tags: 0, files: 0, skipped: [] });
    assert.deepEqual(lastProgress, [mdFiles, mdFiles]);
    const stats = await store.stats();
    assert.equal(stats.notes, mdFiles);
    assert.equal(stats.books, folders);

    const books = await store.allOfType('book');
    const bookPath = (id: string): string => {
      const book = books.find((b: BookDoc) => b._id === id)!;
      return book.parentBookId ? `${bookPath(book.parentBookId)}/${book.name}` : book.name;
    };
    const notes = await store.allOfType('note');
    const find = (folder: string, title: string) =>
      notes.find((n: NoteDoc) => n.title === title && bookPath(n.bookId) === folder);

    const ru = find('tldr/pages.ru/common', 'tar')!;
    assert.equal(ru.body, fs.readFileSync(path.join(root, 'pages.ru/common/tar.md'), 'utf8'));
    assert.match(ru.body, /Утилита архивирования/);
    const zh = find('tldr/pages.zh/common', 'tar')!;
    assert.equal(zh.body, fs.readFileSync(path.join(root, 'pages.zh/common/tar.md'), 'utf8'));
    assert.match(zh.body, /归档实用程序/);
    // tldr's page for the `.` command is named `..md`: a dot file, but still a page.
    assert.match(find('tldr/pages/common', '.')!.body, /alias of `source`/);
  } finally {
    await db.close();
  }
});
