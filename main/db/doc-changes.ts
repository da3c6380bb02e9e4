// Every change after a sequence, with its document, as PouchDB's feed gives
// them with `include_docs` and `conflicts`, page by page: what the note
// list's summaries, the search index and the backlinks are built from.
//
// Read from the LevelDB store under PouchDB (pouchdb-layout.ts) where it can
// be: a megabyte of by-sequence entries per iterator trip and their metadata
// in one getMany. PouchDB's own feed fetches each document's metadata with a
// read of its own, a round trip through Node's thread pool each: at 192,000
// notes that was 12.8 s against 1.6 s here (docs/benchmarks.md, issue 16).
//
// Only a live document with a single leaf whose winning body is its latest
// entry is taken from the store; a deletion needs nothing more, and anything
// else (a conflict, a losing branch written last) is read with PouchDB's get.
// A damaged entry or metadata is left out, as allDocs leaves it out, and
// counted in a warning: PouchDB's feed throws on it out of a LevelDB
// callback, taking the process down. A store closed under a read is an
// error, never a wait. Only a database whose store this reader cannot reach
// is read through PouchDB's feed. doc-changes.test.ts compares the two on a
// database with every kind of change, and checks the damaged cases.
import type { Database } from './open-database';
import { getOrNull } from './get-or-null';
import { levelStoreAt, type LevelStore } from './level-store';
import { AFTER_LAST_SEQ, DOC_STORE, seqKey } from './pouchdb-layout';
import { changesOf, parseEntries, seqOfKey, type DocChange, type StoredEntries } from './stored-entries';

export type { DocChange } from './stored-entries';

export interface DocChangesPage {
  results: DocChange[];
  /** Where the next page starts. */
  lastSeq: number | string;
}

/** By-sequence entries per page: about 1,000 notes' worth of text at once. */
const PAGE = 1000;

/** Every change after `since`, a page at a time, until the database has no later one. */
export async function* docChangesSince(db: Database, since: number | string = 0, pageSize = PAGE): AsyncGenerator<DocChangesPage> {
  const store = levelStoreAt(db.name);
  const from = Number(since);
  // No store to read (a database opened without Quire's binding), or a sequence that is not ours: PouchDB's feed.
  if (!store || !Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(pageSize) || pageSize < 1) {
    yield* feedPages(db, since, pageSize);
    return;
  }
  let seq = from;
  let unreadable = 0;
  let ahead = fetchEntries(store, seq, pageSize);
  try {
    for (;;) {
      const fetched = await ahead;
      if (!fetched) {
        // Nothing after `seq` in the store: right only if the database has no later change either. Were PouchDB's
        // layout to change under this reader, it would read nothing: PouchDB's feed reads the rest instead.
        if (Number((await db.info()).update_seq) <= seq) return;
        const again = await fetchEntries(store, seq, pageSize);
        if (!again) {
          console.warn("the database's store could not be read directly (layout changed?); reading through PouchDB instead");
          yield* feedPages(db, seq, pageSize);
          return;
        }
        ahead = Promise.resolve(again);
        continue;
      }
      // The next page is fetched while this one is parsed and used: LevelDB reads in Node's thread pool meanwhile.
      ahead = fetchEntries(store, fetched.lastSeq, pageSize);
      ahead.catch(() => undefined);
      const page = await toPage(db, fetched);
      unreadable += page.unreadable;
      seq = fetched.lastSeq;
      yield { results: page.results, lastSeq: seq };
    }
  } finally {
    if (unreadable > 0) {
      console.warn(`${unreadable} stored revision(s) could not be read (the database is damaged) and were left out; Help › Salvage Data from Local Database… reads what is left`);
    }
  }
}

async function* feedPages(db: Database, since: number | string, limit: number): AsyncGenerator<DocChangesPage> {
  for (let seq = since; ; ) {
    const page = await db.changes({ since: seq, limit, include_docs: true, conflicts: true });
    if (page.results.length === 0) return;
    seq = page.last_seq;
    yield { results: page.results as DocChange[], lastSeq: seq };
  }
}

/** A page's by-sequence entries, parsed, and the read of their documents' metadata under way. */
interface FetchedEntries extends StoredEntries {
  metadata: Promise<(string | undefined)[]>;
  lastSeq: number;
}

/** The store was closed under a read: said, never waited on (PouchDB's feed on a closed database never answers). */
class ClosedWhileReadingError extends Error {
  override name = 'ClosedWhileReadingError';
  constructor(cause: unknown) {
    super('The database was closed while it was being read.', { cause });
  }
}

/** Up to `limit` by-sequence entries after `since`, parsed (null at the store's end), their metadata being read. */
async function fetchEntries(store: LevelStore, since: number, limit: number): Promise<FetchedEntries | null> {
  let entries: { key: string; value: string }[];
  try {
    entries = await store.range(seqKey(since), AFTER_LAST_SEQ, limit);
  } catch (error) {
    throw new ClosedWhileReadingError(error);
  }
  if (entries.length === 0) return null;
  const parsed = parseEntries(entries);
  const metadata = store.getMany(parsed.ids.map((id) => `${DOC_STORE}${id}`));
  // Awaited in toPage(), unless this page is dropped first.
  metadata.catch(() => undefined);
  return { ...parsed, metadata, lastSeq: seqOfKey(entries.at(-1)!.key) };
}

/** The changes these entries stand for; conflicts read with PouchDB's get, as its feed reads them. */
async function toPage(db: Database, fetched: FetchedEntries): Promise<{ results: DocChange[]; unreadable: number }> {
  let values: (string | undefined)[];
  try {
    values = await fetched.metadata;
  } catch (error) {
    throw new ClosedWhileReadingError(error);
  }
  const page = changesOf(fetched, values);
  const gone = new Set<DocChange>();
  for (const change of page.viaPouch) {
    // PouchDB's get picks the winner and lists the other live leaves. Gone: deleted between the two reads, its
    // deletion a later entry, read in its turn.
    const doc = await getOrNull<NonNullable<DocChange['doc']>>(db, change.id, { conflicts: true });
    if (doc) change.doc = doc;
    else gone.add(change);
  }
  return { results: gone.size ? page.results.filter((c) => !gone.has(c)) : page.results, unreadable: fetched.unreadable + page.unreadable };
}
