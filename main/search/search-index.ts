// Full-text search over notes, with MiniSearch (small, typed, maintained; an
// inverted index in a radix tree, BM25 ranking, prefix search) doing the word
// lookups and a light per-note record answering the qualifiers.
//
// Everything here is plain data in, plain data out, and nothing is global, so
// the index can live in a worker thread: it is fed note documents and answers
// with note ids; notebook and tag names are resolved by the caller's context.
import MiniSearch, { type Options } from 'minisearch';
import type { NoteStatus } from '../../shared/schema';
import type { SearchQuery } from '../../shared/search-query';
import { firstVisibleNotes, type ListedNote, type NoteFilter, type ParentLink } from '../../shared/note-list';
import { NOTE_STATUSES } from '../../shared/doc-limits';
import type { NoteSort } from '../../shared/types';
import { loadMiniSearch } from './bulk-load';
import { NoteMetaStore, PHRASE_TEXT_PART, phraseNeedle, SAVED_META_PARTS } from './note-meta';
import { bytesOf, words } from './saved-numbers';
import type { LaterPart } from './later-part';
import { indexFingerprint, partBytes } from './index-file';
import { decodeMini, encodeMini, type SavedPostings } from './compact-index';
import { qualifierFilter } from './qualifiers';
import { rankOrder, Ranker, ShortIdColumns, type TermQuery } from './ranked-search';
import { indexKeys, phraseText, queryTokens } from './tokenize';

/** The parts of a note document the index reads. */
export interface SearchableNote {
  _id: string;
  title: string;
  body: string;
  bookId: string;
  tags?: readonly string[];
  status?: NoteStatus;
  // What the list sorts by (sort-keys.ts), for a query's first page.
  pinned?: boolean;
  createdAt?: number;
  updatedAt?: number;
}

export interface SearchContext {
  /** Ids of the notebooks with this name (any case) and all their sub-notebooks. */
  booksNamed(name: string): ReadonlySet<string>;
  /** Ids of the tags with this name (any case). */
  tagsNamed(name: string): ReadonlySet<string>;
  /** Notes in these notebooks are never returned (e.g. the trash, when searching all notes). */
  excludeBookIds?: ReadonlySet<string>;
  /** At most this many ids, the best first. */
  limit?: number;
}

/** The list a query's first page is for: the sidebar's entry, its notebooks' nesting, the order, the rows wanted. */
export interface PageRequest {
  filter: NoteFilter;
  links: ParentLink[];
  sort: NoteSort;
  limit: number;
}

export interface BuildReport {
  notes: number;
  ms: number;
}

// Titles say what a note is about; a word there outweighs one in the body.
const TITLE_BOOST = 3;
// A prefix of one or two letters matches much of the vocabulary: "co" matched
// 22,000 of the corpus's 38,000 pages and took 90 ms, and filtered nothing.
// From three letters on, prefixes narrow quickly.
const MIN_PREFIX_LENGTH = 3;

const FIELDS = ['title', 'body'];
const BOOSTS = { title: TITLE_BOOST };

const MINI_OPTIONS: Options<SearchableNote> = {
  idField: '_id',
  fields: FIELDS,
  storeFields: [],
  tokenize: (text) => indexKeys(text),
  processTerm: (term) => term,
  searchOptions: {
    // Queries arrive here already split into index keys by queryTokens().
    tokenize: (text) => [text],
    processTerm: (term) => term,
    boost: BOOSTS,
    combineWith: 'AND',
  },
};

/** Changes when the options or the tokenizer do; a saved index with another one is rebuilt. */
export const INDEX_FINGERPRINT = indexFingerprint(MINI_OPTIONS);

const POSTINGS_PART = SAVED_META_PARTS + 3;
/**
 * The parts of toSaved() that loadSaved() takes as LaterParts, read when first
 * needed: the phrase texts (a quoted phrase, a save) and the postings (a
 * slice per term, when a query or an edit first touches the term).
 */
export const PARTS_READ_LATER: readonly number[] = [PHRASE_TEXT_PART, POSTINGS_PART];

export class NoteSearchIndex {
  private mini = new MiniSearch<SearchableNote>(MINI_OPTIONS);
  private meta = new NoteMetaStore();
  // MiniSearch's documents by short id, for the scorer (ranked-search.ts).
  private columns = new ShortIdColumns(FIELDS.length);
  /** The saved postings while some of them are still only in the file. */
  private laterPostings: LaterPart | null = null;
  private readonly ranker = new Ranker(BOOSTS, FIELDS);

  get size(): number {
    return this.meta.size;
  }

  has(id: string): boolean {
    return this.meta.has(id);
  }

  /** Replaces the whole index with these notes, in one pass. */
  build(notes: Iterable<SearchableNote>): BuildReport {
    const started = performance.now();
    this.meta.clear();
    const unique = new Map<string, SearchableNote>();
    for (const note of notes) unique.set(note._id, note);
    for (const note of unique.values()) this.meta.set(note, textForPhrases(note));
    const docs = [...unique.values()].map((n) => ({ id: n._id, fields: [n.title, n.body] }));
    this.mini = loadMiniSearch(docs, MINI_OPTIONS, indexKeys);
    this.laterPostings = null;
    this.columns = this.columnsOf(this.mini);
    return { notes: unique.size, ms: performance.now() - started };
  }

  /**
   * The index as the index file's parts: the note facts (note-meta.ts's
   * parts, the phrase texts among them), then MiniSearch in compact form
   * (compact-index.ts): its counts, its documents, its terms, its postings.
   */
  toSaved(): Uint8Array[] {
    // Read whole first (the phrase texts are, by meta.toSaved): one read instead of one per term, and the file is
    // closed (later-part.ts) before the worker writes its new one in its place.
    this.readPostingsWhole();
    const mini = encodeMini(this.mini as MiniSearch<unknown>, (id) => this.meta.slotOf(id));
    return [...this.meta.toSaved(), partBytes(mini.rest), bytesOf(mini.docs), partBytes(mini.terms), bytesOf(mini.postings)];
  }

  /**
   * Replaces the index with a saved one (toSaved's parts); throws if they do
   * not hang together. The parts PARTS_READ_LATER names may be LaterParts.
   */
  loadSaved(parts: readonly (Buffer | LaterPart)[]): void {
    if (parts.length !== SAVED_META_PARTS + 4) throw new Error('the saved index has the wrong number of parts');
    const [rest, docs, terms, postings] = parts.slice(SAVED_META_PARTS);
    if (!Buffer.isBuffer(rest) || !Buffer.isBuffer(docs) || !Buffer.isBuffer(terms) || !postings) throw new Error('the saved index is damaged');
    // The parts are views of memory of their own (index-file.ts): the phrase texts and the postings are used as they are.
    // Loaded aside and swapped in whole, so a damaged part leaves the index as it was.
    const meta = new NoteMetaStore();
    meta.loadSaved(parts.slice(0, SAVED_META_PARTS));
    const docWords = words(docs);
    const saved: SavedPostings = Buffer.isBuffer(postings) ? words(postings) : laterWords(postings);
    const mini = decodeMini<SearchableNote>(
      JSON.parse(rest.toString('utf8')), docWords, JSON.parse(terms.toString('utf8')), saved, MINI_OPTIONS, (slot) => meta.idAt(slot),
    );
    if (mini.documentCount !== meta.size) throw new Error('the saved index and its note facts disagree');
    this.meta = meta;
    this.mini = mini;
    this.laterPostings = Buffer.isBuffer(postings) ? null : postings;
    this.columns = ShortIdColumns.ofSaved(docWords, FIELDS.length, (mini as unknown as { _nextId: number })._nextId);
  }

  /**
   * Reads the postings whole if they were left to be read later: done before
   * the first edit, so that MiniSearch's own work on its terms (an edit, the
   * vacuuming after removals, which runs on its own) never meets an unread
   * slice. Throws IndexDamagedError if they are damaged.
   */
  private readPostingsWhole(): void {
    this.laterPostings?.whole();
    this.laterPostings = null;
  }

  private columnsOf(mini: MiniSearch<SearchableNote>): ShortIdColumns {
    return ShortIdColumns.of(mini as MiniSearch<unknown>, FIELDS.length, (id) => this.meta.slotOf(id));
  }

  /** Adds a note, or replaces the indexed version of it. */
  add(note: SearchableNote): void {
    const phrase = textForPhrases(note);
    const slot = this.meta.slotOf(note._id);
    if (slot >= 0 && this.meta.phraseAt(slot) === phrase && this.meta.sortKeysAt(slot).title === note.title) {
      // Only its facts changed (a move, a tag, its status, a pin, its times): its words are as indexed. The
      // same title and the same phrase text mean the same terms in each field (tokenize.ts: the terms are the
      // phrase's runs). Indexing them again was most of a move of 192,000 notes to the Trash.
      this.meta.set(note, phrase);
      return;
    }
    this.readPostingsWhole();
    if (this.meta.has(note._id)) {
      this.columns.discarding(this.mini as MiniSearch<unknown>, note._id);
      this.mini.discard(note._id);
    }
    this.mini.add(note);
    this.meta.set(note, phrase);
    this.columns.added(this.mini as MiniSearch<unknown>, note._id, this.meta.slotOf(note._id));
  }

  replace(note: SearchableNote): void {
    this.add(note);
  }

  remove(id: string): void {
    if (!this.meta.has(id)) return;
    this.readPostingsWhole();
    this.meta.delete(id);
    this.columns.discarding(this.mini as MiniSearch<unknown>, id);
    // discard() needs only the id; the index drops its terms lazily.
    this.mini.discard(id);
  }

  /**
   * Ids of the notes matching the query: by relevance when it has words to
   * match, otherwise in no particular order (the caller sorts). Several words,
   * phrases and title: values must all match; see qualifiers.ts for the rest.
   */
  search(query: SearchQuery, context: SearchContext): string[] {
    const meta = this.meta;
    return this.matchingSlots(query, context).map((slot) => meta.idAt(slot)!);
  }

  /**
   * search()'s ids (every match, no limit) and the first rows of the list
   * they make, in its order (shared/note-list.ts, as the window sorts
   * summaries): for a query typed before the main process has every summary.
   */
  searchPage(query: SearchQuery, context: SearchContext, page: PageRequest): { ids: string[]; page: { ids: string[]; total: number } } {
    const meta = this.meta;
    const slots = this.matchingSlots(query, { ...context, limit: undefined });
    const books = meta.bookNumbers.values();
    const tags = meta.tagNumbers.values();
    const byTitle = page.sort === 'title';
    const listed = new Map<string, ListedNote>();
    for (const slot of slots) {
      const id = meta.idAt(slot)!;
      listed.set(id, {
        id, bookId: books[meta.bookAt(slot)]!, tags: meta.tagsAt(slot).map((t) => tags[t]!), status: NOTE_STATUSES[meta.statusAt(slot)] ?? 'none',
        ...meta.sortKeysAt(slot, byTitle),
      });
    }
    const ids = [...listed.keys()];
    const first = firstVisibleNotes(listed, page.filter, page.links, page.sort, ids, page.limit);
    return { ids, page: { ids: first.notes.map((n) => n.id), total: first.total } };
  }

  /** The slots of the notes matching the query, best first (or in slot order when nothing is ranked). */
  private matchingSlots(query: SearchQuery, context: SearchContext): number[] {
    const passes = qualifierFilter(query, context, this.meta);
    if (!passes) return [];

    const lastIndex = query.terms.length - 1;
    const must: TermQuery[] = [];
    query.terms.forEach((term, i) => {
      must.push(...termQueries(term, query.lastTermIsPartial && i === lastIndex));
    });
    for (const phrase of query.phrases) must.push(...termQueries(phrase, false));
    for (const words of query.title) must.push(...termQueries(words, false, ['title']));

    const excluded = this.excludedSlots(query);
    const phrases = query.phrases.map(phraseText).filter((p) => p !== '').map(phraseNeedle);
    const excludedPhrases = query.excludePhrases.map(phraseText).filter((p) => p !== '').map(phraseNeedle);
    const meta = this.meta;
    const keep = (slot: number): boolean => {
      if (slot < 0 || excluded?.[slot] || !passes(slot)) return false;
      if (phrases.length + excludedPhrases.length === 0) return true;
      return phrases.every((p) => meta.phraseIncludes(slot, p)) && !excludedPhrases.some((p) => meta.phraseIncludes(slot, p));
    };

    const limit = context.limit ?? Infinity;
    const out: number[] = [];
    if (must.length > 0) {
      // The matching notes in MiniSearch's order with its scores; those the rest of the query keeps, best first.
      const found = this.ranker.match(this.mini as MiniSearch<unknown>, this.columns, must);
      const slots = new Int32Array(found.count);
      const scores = new Float64Array(found.count);
      let kept = 0;
      for (let i = 0; i < found.count; i++) {
        const slot = this.columns.slots[found.shorts[i]!]!;
        if (!keep(slot)) continue;
        slots[kept] = slot;
        scores[kept++] = found.scores[i]!;
      }
      for (const i of rankOrder(scores, kept, limit)) out.push(slots[i]!);
    } else {
      // Only qualifiers or exclusions: every note is a candidate.
      for (let slot = 0; slot < meta.slotCount && out.length < limit; slot++) {
        if (meta.idAt(slot) !== null && keep(slot)) out.push(slot);
      }
    }
    return out;
  }

  /** Slots of the notes containing an excluded word, or an excluded word in their title, marked with 1; null when nothing is excluded. */
  private excludedSlots(query: SearchQuery): Uint8Array | null {
    let out: Uint8Array | null = null;
    const collect = (text: string, fields?: string[]) => {
      const queries = termQueries(text, false, fields);
      if (queries.length === 0) return;
      const found = this.ranker.match(this.mini as MiniSearch<unknown>, this.columns, queries);
      out ??= new Uint8Array(this.meta.slotCount);
      for (let i = 0; i < found.count; i++) {
        const slot = this.columns.slots[found.shorts[i]!]!;
        if (slot >= 0) out[slot] = 1;
      }
    };
    for (const term of query.excludeTerms) collect(term);
    for (const words of query.excludeTitle) collect(words, ['title']);
    return out;
  }
}

/** Title and body as words separated by single spaces, for quoted phrases. */
/** A LaterPart's bytes as 32-bit words, read a slice at a time (each a copy in memory of its own, so aligned). */
function laterWords(part: LaterPart): SavedPostings {
  if (part.length % 4 !== 0) throw new Error('the saved index is damaged');
  return { words: part.length / 4, slice: (from: number, to: number) => words(part.bytes(from * 4, to * 4)) };
}

function textForPhrases(note: SearchableNote): string {
  return phraseText(`${note.title}\n${note.body}`);
}

/**
 * One sub-query per term of the text, all required. `partial` lets the last
 * word match as a prefix (the user is still typing it); a lone character of a
 * spaceless script always does, since it is indexed only as part of pairs.
 */
function termQueries(text: string, partial: boolean, fields?: string[]): TermQuery[] {
  const tokens = queryTokens(text);
  return tokens.map((token, i) => {
    const prefix = token.spaceless
      ? token.single
      : partial && i === tokens.length - 1 && token.term.length >= MIN_PREFIX_LENGTH;
    return { key: token.key, prefix, ...(fields ? { fields } : {}) };
  });
}
