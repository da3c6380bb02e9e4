// Pure views over the loaded notes, notebooks and tags: the notebook tree,
// the counts beside each sidebar entry, and (from shared/note-list.ts) the
// notes the list shows.
// A notebook shows (and counts) its own notes and those of the notebooks
// nested in it, as the folders they came from would.
import { TRASH_BOOK_ID } from '../../shared/doc-limits';
import type { BookSummary, NoteSummary } from '../../shared/types';
import { ancestry, type FilterStatus } from '../../shared/note-list';

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

export { ancestry, compareNotes, filterPredicate, patchVisibleNotes, visibleNotes } from '../../shared/note-list';
