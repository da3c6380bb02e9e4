// What the search index reads of a note document. A module of its own: the
// main thread needs it to feed the index, and importing it from
// search-index.ts would load MiniSearch into the main process, which never
// searches itself.
import type { NoteDoc } from '../../shared/schema';
import type { SearchableNote } from './search-index';

/**
 * A note saved without a title or body has them empty; its title as its
 * summary has it (note-summary.ts), since the search's first page sorts by it.
 */
export const searchableNote = (doc: NoteDoc): SearchableNote => ({
  _id: doc._id, title: typeof doc.title === 'string' ? doc.title : '', body: doc.body ?? '', bookId: doc.bookId, tags: doc.tags ?? [],
  status: doc.status, pinned: doc.pinned ?? false, createdAt: doc.createdAt, updatedAt: doc.updatedAt,
});
