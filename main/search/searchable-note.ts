// What the search index reads of a note document. A module of its own: the
// main thread needs it to feed the index, and importing it from
// search-index.ts would load MiniSearch into the main process, which never
// searches itself.
import type { NoteDoc } from '../../shared/schema';
import type { SearchableNote } from './search-index';

/** A note saved without a title or body has them empty. */
export const searchableNote = (doc: NoteDoc): SearchableNote => ({
  _id: doc._id, title: doc.title ?? '', body: doc.body ?? '', bookId: doc.bookId, tags: doc.tags ?? [], status: doc.status,
});
