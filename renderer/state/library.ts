// Pure views over the loaded notes, notebooks and tags: the notebook tree,
// the counts beside each sidebar entry, and the notes the list shows.
// A notebook shows (and counts) its own notes and those of the notebooks
// nested in it, as the folders they came from would.
import { TRASH_BOOK_ID } from '../../shared/schema';
import type { BookSummary, NoteSort, NoteSummary } from '../../shared/types';
import type { FilterStatus, NoteFilter } from './notes';

export interface BookNode {
  book: BookSummary;
  depth: number;
}

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Depth-first, siblings A–Z. A notebook whose parent is missing is shown at the top level. */
export function bookTree(books: readonly BookSummary[]): BookNode[] {
  const ids = new Set(books.map((b) => b.id));
  const children = new Map<string | null, BookSummary[]>();
  for (const book of books) {
    const parent = book.parentBookId && ids.has(book.parentBookId) && book.parentBookId !== book.id ? book.parentBookId : null;
    const list = children.get(parent) ?? [];
    list.push(book);
    children.set(parent, list);
  }
  const out: BookNode[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const book of (children.get(parent) ?? []).sort((a, b) => byName.compare(a.name, b.name))) {
      if (seen.has(book.id)) continue; // a cycle in someone else's data must not hang the sidebar
      seen.add(book.id);
      out.push({ book, depth });
      walk(book.id, depth + 1);
    }
  };
  walk(null, 0);
  // Notebooks that are each other's parents never hang off the top: show them there anyway.
  for (const book of [...books].sort((a, b) => byName.compare(a.name, b.name))) {
    if (seen.has(book.id)) continue;
    seen.add(book.id);
    out.push({ book, depth: 0 });
    walk(book.id, 1);
  }
  return out;
}

/** For each notebook, itself and the notebooks above it. */
export function ancestry(books: readonly BookSummary[]): Map<string, string[]> {
  const parentOf = new Map(books.map((b) => [b.id, b.parentBookId]));
  const out = new Map<string, string[]>();
  for (const book of books) {
    const chain: string[] = [];
    for (let id: string | null | undefined = book.id; id && !chain.includes(id); id = parentOf.get(id)) chain.push(id);
    out.set(book.id, chain);
  }
  return out;
}

export interface Counts {
  all: number;
  pinned: number;
  trash: number;
  byBook: Map<string, number>;
  byTag: Map<string, number>;
  byStatus: Map<FilterStatus, number>;
}

/** Counts for the sidebar; notes in the trash count only for the Trash. */
export function countNotes(notes: Iterable<NoteSummary>, books: readonly BookSummary[]): Counts {
  const chains = ancestry(books);
  const counts: Counts = { all: 0, pinned: 0, trash: 0, byBook: new Map(), byTag: new Map(), byStatus: new Map() };
  for (const note of notes) {
    if (note.bookId === TRASH_BOOK_ID) {
      counts.trash += 1;
      continue;
    }
    counts.all += 1;
    if (note.pinned) counts.pinned += 1;
    for (const id of chains.get(note.bookId) ?? [note.bookId]) counts.byBook.set(id, (counts.byBook.get(id) ?? 0) + 1);
    for (const tag of note.tags) counts.byTag.set(tag, (counts.byTag.get(tag) ?? 0) + 1);
    if (note.status !== 'none') counts.byStatus.set(note.status, (counts.byStatus.get(note.status) ?? 0) + 1);
  }
  return counts;
}

/** Whether a note belongs to a sidebar entry. */
export function filterPredicate(filter: NoteFilter, books: readonly BookSummary[]): (note: NoteSummary) => boolean {
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

export function compareNotes(sort: NoteSort): (a: NoteSummary, b: NoteSummary) => number {
  return (a, b) => {
    if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
    if (sort === 'title') return collator.compare(a.title, b.title) || b.updatedAt - a.updatedAt;
    return b[sort] - a[sort] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

/**
 * The notes the list shows: the sidebar's entry, narrowed by the search when
 * there is one, pinned first, then in the chosen order.
 */
export function visibleNotes(
  byId: ReadonlyMap<string, NoteSummary>,
  filter: NoteFilter,
  books: readonly BookSummary[],
  sort: NoteSort,
  searchIds: readonly string[] | null,
): NoteSummary[] {
  const keep = filterPredicate(filter, books);
  const out: NoteSummary[] = [];
  if (searchIds) {
    for (const id of searchIds) {
      const note = byId.get(id);
      if (note && keep(note)) out.push(note);
    }
  } else {
    for (const note of byId.values()) if (keep(note)) out.push(note);
  }
  return out.sort(compareNotes(sort));
}
