// Which notes a list shows and in what order: pure functions shared by the
// renderer (which derives its list from every summary) and the main process
// (which answers the first screenful at start-up before all summaries
// arrive). Both must agree exactly, so there is one copy.
import { TRASH_BOOK_ID, type NoteStatus } from './doc-limits';
import type { BookSummary, NoteSort, NoteSummary } from './types';

export type FilterStatus = Exclude<NoteStatus, 'none'>;

export type NoteFilter =
  | { kind: 'all' }
  | { kind: 'pinned' }
  | { kind: 'book'; id: string }
  | { kind: 'tag'; id: string }
  | { kind: 'status'; status: FilterStatus }
  | { kind: 'trash' };

export type ParentLink = Pick<BookSummary, 'id' | 'parentBookId'>;

/**
 * What deciding a note's place in a list reads of it: a summary has it, and
 * so has the search worker, which answers a query's first page before the
 * window has every summary (main/search/sort-keys.ts).
 */
export type ListedNote = Pick<NoteSummary, 'id' | 'title' | 'bookId' | 'tags' | 'status' | 'pinned' | 'createdAt' | 'updatedAt'>;

/** For each notebook, itself and the notebooks above it. */
export function ancestry(books: readonly ParentLink[]): Map<string, string[]> {
  const parentOf = new Map(books.map((b) => [b.id, b.parentBookId]));
  const out = new Map<string, string[]>();
  for (const book of books) {
    const chain: string[] = [];
    for (let id: string | null | undefined = book.id; id && !chain.includes(id); id = parentOf.get(id)) chain.push(id);
    out.set(book.id, chain);
  }
  return out;
}

/** Whether a note belongs to a sidebar entry. A notebook holds the notes of its sub-notebooks too. */
export function filterPredicate(filter: NoteFilter, books: readonly ParentLink[]): (note: ListedNote) => boolean {
  switch (filter.kind) {
    case 'trash':
      return (n) => n.bookId === TRASH_BOOK_ID;
    case 'all':
      return (n) => n.bookId !== TRASH_BOOK_ID;
    case 'pinned':
      return (n) => n.pinned && n.bookId !== TRASH_BOOK_ID;
    case 'tag':
      return (n) => n.bookId !== TRASH_BOOK_ID && n.tags.includes(filter.id);
    case 'status':
      return (n) => n.bookId !== TRASH_BOOK_ID && n.status === filter.status;
    case 'book': {
      const chains = ancestry(books);
      return (n) => (chains.get(n.bookId) ?? [n.bookId]).includes(filter.id);
    }
  }
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Pinned first, then newest first for dates, A–Z for titles; ids break ties so the order is total. */
export function compareNotes(sort: NoteSort): (a: ListedNote, b: ListedNote) => number {
  return (a, b) => {
    if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
    if (sort === 'title') return collator.compare(a.title, b.title) || b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return b[sort] - a[sort] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

/**
 * The notes a list shows: the sidebar's entry, narrowed by the search when
 * there is one, pinned first, then in the chosen order.
 */
export function visibleNotes(
  byId: ReadonlyMap<string, NoteSummary>,
  filter: NoteFilter,
  books: readonly ParentLink[],
  sort: NoteSort,
  searchIds: readonly string[] | null,
): NoteSummary[] {
  const out: NoteSummary[] = [];
  forEachListed(byId, filter, books, searchIds, (note) => out.push(note));
  return out.sort(compareNotes(sort));
}

/**
 * visibleNotes() again after a few notes changed, from the list it gave
 * before: those notes taken out and, where they still belong, put back in
 * their places. A note saved while typing at 200,000 notes sorted the whole
 * list again (part of a 100-160 ms task after each save); this is one pass
 * over the list and a splice per changed note. `changed`: the ids of every
 * note added, changed or removed since `previous` was made with the same
 * filter, notebooks and sort, and no search.
 */
export function patchVisibleNotes(
  previous: readonly NoteSummary[],
  byId: ReadonlyMap<string, NoteSummary>,
  changed: ReadonlySet<string>,
  filter: NoteFilter,
  books: readonly ParentLink[],
  sort: NoteSort,
): NoteSummary[] {
  const keep = filterPredicate(filter, books);
  const compare = compareNotes(sort);
  const out = previous.filter((note) => !changed.has(note.id));
  for (const id of changed) {
    const note = byId.get(id);
    if (note && keep(note)) insertSorted(out, note, compare);
  }
  return out;
}

/** Puts `note` in its place in `rows`, sorted by `compare` (a binary search). */
function insertSorted<N>(rows: N[], note: N, compare: (a: N, b: N) => number): void {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(rows[mid]!, note) <= 0) lo = mid + 1;
    else hi = mid;
  }
  rows.splice(lo, 0, note);
}

/** Each note of the sidebar's entry (narrowed by the search, in its order, when there is one), unsorted. */
function forEachListed<N extends ListedNote>(
  byId: ReadonlyMap<string, N>,
  filter: NoteFilter,
  books: readonly ParentLink[],
  searchIds: readonly string[] | null,
  fn: (note: N) => void,
): void {
  const keep = filterPredicate(filter, books);
  if (searchIds) {
    for (const id of searchIds) {
      const note = byId.get(id);
      if (note && keep(note)) fn(note);
    }
  } else {
    for (const note of byId.values()) if (keep(note)) fn(note);
  }
}

/**
 * The first `limit` notes of visibleNotes() and how many it has in all,
 * without sorting them all: at 200,000 notes the full sort took a quarter
 * of a second of the first rows' answer. Each note is compared with the
 * last of the rows kept so far, which most notes lose to at once.
 */
export function firstVisibleNotes<N extends ListedNote>(
  byId: ReadonlyMap<string, N>,
  filter: NoteFilter,
  books: readonly ParentLink[],
  sort: NoteSort,
  searchIds: readonly string[] | null,
  limit: number,
): { notes: N[]; total: number } {
  const compare = compareNotes(sort);
  const rows: N[] = [];
  let total = 0;
  forEachListed(byId, filter, books, searchIds, (note) => {
    total += 1;
    if (rows.length === limit && compare(note, rows[limit - 1]!) >= 0) return;
    // Among the rows kept (sorted, at most `limit`).
    insertSorted(rows, note, compare);
    if (rows.length > limit) rows.pop();
  });
  return { notes: rows, total };
}
