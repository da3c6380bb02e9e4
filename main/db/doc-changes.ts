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
// A page holding what this reader does not expect, and a database whose
// store it cannot reach, are read through PouchDB's feed instead.
// doc-changes.test.ts compares the two on a database with all of these.
import type { Database } from './open-database';
import { levelStoreAt } from './level-store';
import { AFTER_LAST_SEQ, DOC_STORE, seqKey } from './pouchdb-layout';
import { changesOf, parseEntries, type DocChange, type StoredEntries } from './stored-entries';

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
  let seq = since;
  let ahead = fetchEntries(db, seq, pageSize);
  for (;;) {
    const fetched = await ahead;
    // The next page is fetched while this one is parsed and used: LevelDB reads in Node's thread pool meanwhile.
    if (fetched) ahead = fetchEntries(db, fetched.lastSeq, pageSize);
    const stored = fetched && (await toPage(db, fetched));
    const page = stored ?? (await readFeedPage(db, seq, pageSize));
    if (!page) return;
    // PouchDB's page may end elsewhere than the store's.
    if (!stored) ahead = fetchEntries(db, page.lastSeq, pageSize);
    seq = page.lastSeq;
    yield page;
  }
}

async function readFeedPage(db: Database, since: number | string, limit: number): Promise<DocChangesPage | null> {
  const page = await db.changes({ since, limit, include_docs: true, conflicts: true });
  if (page.results.length === 0) return null;
  return { results: page.results as DocChange[], lastSeq: page.last_seq };
}

/** A page's by-sequence entries, parsed, and the read of their documents' metadata under way. */
interface FetchedEntries extends StoredEntries {
  metadata: Promise<(string | undefined)[]>;
  lastSeq: number;
}

/**
 * Up to `limit` by-sequence entries after `since`, or undefined when PouchDB
 * should read this page: no store to read, an entry not as expected, or
 * nothing read (at the end, the feed confirms there is nothing more; were
 * PouchDB's layout to change, it reads what this reader cannot see).
 */
async function fetchEntries(db: Database, since: number | string, limit: number): Promise<FetchedEntries | undefined> {
  const store = levelStoreAt(db.name);
  const from = Number(since);
  // PouchDB reads "no limit" into 0 or Infinity; LevelDB would read nothing.
  if (!store || !Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(limit) || limit < 1) return undefined;
  try {
    const entries = await store.range(seqKey(from), AFTER_LAST_SEQ, limit);
    if (entries.length === 0) return undefined;
    const parsed = parseEntries(entries);
    if (!parsed) return undefined;
    const { bodies, ids } = parsed;
    const metadata = store.getMany(ids.map((id) => `${DOC_STORE}${id}`));
    // Awaited in toPage(), unless this page is dropped first.
    metadata.catch(() => undefined);
    return { bodies, ids, metadata, lastSeq: bodies.at(-1)!.seq };
  } catch {
    // A store closed meanwhile, an entry that is not JSON: PouchDB reads this page, and says what is wrong.
    return undefined;
  }
}

/** The changes these entries stand for, or undefined when PouchDB should read them (metadata not as expected). */
async function toPage(db: Database, fetched: FetchedEntries): Promise<DocChangesPage | undefined> {
  try {
    const page = changesOf(fetched, await fetched.metadata);
    if (!page) return undefined;
    for (const change of page.viaPouch) {
      // Conflicts: PouchDB's get picks the winner and lists the other live leaves, as its feed does.
      change.doc = (await db.get(change.id, { conflicts: true })) as DocChange['doc'];
    }
    return { results: page.results, lastSeq: fetched.lastSeq };
  } catch {
    // Metadata that is not JSON, a store closed meanwhile, a document gone between two reads: PouchDB reads this page.
    return undefined;
  }
}
