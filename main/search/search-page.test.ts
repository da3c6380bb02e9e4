// A query's first page put in the list's order by the search index itself
// (searchPage, sort-keys.ts): the same rows, in the same order, with the same
// count, as the window gets by sorting every summary (shared/note-list.ts),
// for every sidebar entry and sort; after a save and a load; after edits.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSearchQuery } from '../../shared/search-query';
import { firstVisibleNotes, type ListedNote, type NoteFilter, type ParentLink } from '../../shared/note-list';
import { TRASH_BOOK_ID } from '../../shared/schema';
import type { NoteSort } from '../../shared/types';
import { INDEX_FINGERPRINT, NoteSearchIndex, PARTS_READ_LATER, type SearchableNote, type SearchContext } from './search-index';
import { readIndexFile, writeIndexFile } from './index-file';
import { searchableNote } from './searchable-note';
import { summarizeNote } from '../notes/note-summary';
import type { NoteDoc } from '../../shared/schema';
import { corpusContext, readCorpusNotes, tldrCorpusDir } from './tldr-corpus';

const FOLDERS = ['pages.zh', 'pages.ar', 'pages.ru'];
const QUERIES = ['файл', 'архи', '文件', 'ملف', 'status:active', 'tag:linux', 'title:git', '-status:none'];
const SORTS: NoteSort[] = ['updatedAt', 'createdAt', 'title'];

let docs: NoteDoc[];
let notes: SearchableNote[];
let context: SearchContext;
let links: ParentLink[];
let filters: NoteFilter[];

/** A small pseudo-random sequence, the same every run. */
function random(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

before(() => {
  const next = random(7);
  // Dates with many ties (so the id breaks them), a tenth pinned, some in the trash, some titles the same.
  const corpus = readCorpusNotes(tldrCorpusDir(), FOLDERS);
  context = corpusContext(corpus);
  // As documents, then through the two readers the app uses (searchableNote, summarizeNote). A few are as a sync
  // peer or an old backup might have them: a null or text date, a pinned that is not a boolean, no title.
  const odd = [{ createdAt: null }, { updatedAt: '12' }, { updatedAt: null, pinned: 1 }, { pinned: 'yes' }, { title: undefined }];
  docs = corpus.map((n, i) => ({
    _id: n._id, body: n.body, tags: n.tags, status: n.status,
    title: i % 17 === 0 ? 'Same title' : n.title,
    bookId: i % 23 === 0 ? TRASH_BOOK_ID : n.bookId,
    pinned: next() < 0.1,
    createdAt: Math.floor(next() * 50),
    updatedAt: Math.floor(next() * 50),
    ...(i % 41 === 0 ? odd[(i / 41) % odd.length] : {}),
  }) as unknown as NoteDoc);
  notes = docs.map(searchableNote);
  links = [...new Set(notes.map((n) => n.bookId))].map((id) => ({ id, parentBookId: null }));
  const someBook = notes.find((n) => n.bookId !== TRASH_BOOK_ID)!.bookId;
  filters = [
    { kind: 'all' }, { kind: 'pinned' }, { kind: 'book', id: someBook }, { kind: 'tag', id: 'tag:linux' },
    { kind: 'status', status: 'active' }, { kind: 'trash' },
  ];
});

/** As the window lists them: the documents' summaries, sorted by shared/note-list.ts. */
function listed(from: readonly NoteDoc[]): Map<string, ListedNote> {
  return new Map(from.map((doc) => [doc._id, summarizeNote(doc)]));
}

function assertSamePages(index: NoteSearchIndex, current: readonly NoteDoc[], label: string): void {
  const summaries = listed(current);
  let compared = 0;
  for (const text of QUERIES) {
    for (const filter of filters) {
      const ctx = { ...context, excludeBookIds: filter.kind === 'trash' ? new Set<string>() : new Set([TRASH_BOOK_ID]) };
      const ids = index.search(parseSearchQuery(text), ctx);
      for (const sort of SORTS) {
        for (const limit of [1, 40]) {
          const expected = firstVisibleNotes(summaries, filter, links, sort, ids, limit);
          const got = index.searchPage(parseSearchQuery(text), ctx, { filter, links, sort, limit });
          const what = `${label}: ${text} in ${JSON.stringify(filter)} by ${sort}, ${limit}`;
          assert.deepEqual(got.ids, ids, what);
          assert.deepEqual(got.page, { ids: expected.notes.map((n) => n.id), total: expected.total }, what);
          if (expected.total > 0) compared++;
        }
      }
    }
  }
  assert.ok(compared > QUERIES.length * SORTS.length * 4, `${label}: most lists have rows to compare (${compared})`);
}

test('a query\'s first page from the index is the page the window sorts from the summaries, for every list and sort', () => {
  const index = new NoteSearchIndex();
  index.build(notes);
  assertSamePages(index, docs, 'built');
});

test('the sort keys survive a save and a load (read late or at once) and follow edits and removals', async () => {
  const built = new NoteSearchIndex();
  built.build(notes);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-search-page-'));
  try {
    const file = path.join(dir, 'search-index.json');
    await writeIndexFile(file, { fingerprint: INDEX_FINGERPRINT, dbId: 'db', seq: 1, notes: built.size }, built.toSaved());
    for (const later of [PARTS_READ_LATER, []]) {
      const read = readIndexFile(file, { fingerprint: INDEX_FINGERPRINT, dbId: 'db', updateSeq: 1 }, later);
      assert.ok(!('reason' in read));
      const loaded = new NoteSearchIndex();
      loaded.loadSaved(read.parts);
      assertSamePages(loaded, docs, `loaded (${later.length} parts later)`);

      // Pinned, unpinned, moved to the trash, renamed, re-dated; one removed; one added.
      const edited = docs.map((n, i) =>
        i % 101 === 0 ? { ...n, pinned: !n.pinned, updatedAt: 99, title: `Ω ${n.title}` } : i % 103 === 0 ? { ...n, bookId: TRASH_BOOK_ID } : n,
      );
      edited.forEach((n, i) => n !== docs[i] && loaded.replace(searchableNote(n)));
      loaded.remove(edited[5]!._id);
      const added = { ...edited[6]!, _id: 'note:added', pinned: true, createdAt: 1, updatedAt: 100 };
      loaded.add(searchableNote(added));
      const now = [...edited.filter((_, i) => i !== 5), added];
      assertSamePages(loaded, now, `edited after loading (${later.length} parts later)`);
      // …and saved again with them.
      const again = path.join(dir, 'again.json');
      await writeIndexFile(again, { fingerprint: INDEX_FINGERPRINT, dbId: 'db', seq: 2, notes: loaded.size }, loaded.toSaved());
      const reread = readIndexFile(again, { fingerprint: INDEX_FINGERPRINT, dbId: 'db', updateSeq: 2 }, later);
      assert.ok(!('reason' in reread));
      const reloaded = new NoteSearchIndex();
      reloaded.loadSaved(reread.parts);
      assertSamePages(reloaded, now, `saved again (${later.length} parts later)`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
