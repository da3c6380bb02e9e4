// Pure views over the loaded notes, notebooks and tags: the notebook tree,
// the counts beside each sidebar entry, and the notes a sidebar entry shows.
// A notebook shows (and counts) its own notes and those of the notebooks
// nested in it, as the folders they came from would.
import type { BookSummary, NoteSummary } from '../../shared/types';
import type { NoteFilter } from './notes';

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
function ancestry(books: readonly BookSummary[]): Map<string, string[]> {
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
  byBook: Map<string, number>;
  byTag: Map<string, number>;
}

export function countNotes(notes: readonly NoteSummary[], books: readonly BookSummary[]): Counts {
  const chains = ancestry(books);
  const byBook = new Map<string, number>();
  const byTag = new Map<string, number>();
  for (const note of notes) {
    for (const id of chains.get(note.bookId) ?? [note.bookId]) byBook.set(id, (byBook.get(id) ?? 0) + 1);
    for (const tag of note.tags) byTag.set(tag, (byTag.get(tag) ?? 0) + 1);
  }
  return { all: notes.length, byBook, byTag };
}

/** The notes a sidebar entry shows, in the order the main process sorted them. */
export function filterNotes(notes: readonly NoteSummary[], filter: NoteFilter, books: readonly BookSummary[]): readonly NoteSummary[] {
  if (filter.kind === 'all') return notes;
  if (filter.kind === 'tag') return notes.filter((n) => n.tags.includes(filter.id));
  const chains = ancestry(books);
  return notes.filter((n) => (chains.get(n.bookId) ?? [n.bookId]).includes(filter.id));
}
