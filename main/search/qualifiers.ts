// Turns a query's qualifiers (book:, tag:, status: and their exclusions) into
// a test over note slots in the NoteMetaStore, precomputed per search as small
// lookup tables so that testing each of 40,000 notes costs a few array reads.
import type { SearchQuery } from '../../shared/search-query';
import { markNumbers, statusNumber, type NoteMetaStore } from './note-meta';
import type { SearchContext } from './search-index';

export type SlotFilter = (slot: number) => boolean;

/** The test for a note's notebook, tags and status, or null when no note can pass it. */
export function qualifierFilter(query: SearchQuery, ctx: SearchContext, store: NoteMetaStore): SlotFilter | null {
  const bookSets = query.books.map((name) => ctx.booksNamed(name));
  const tagSets = query.tags.map((name) => ctx.tagsNamed(name));
  if (bookSets.some((set) => set.size === 0) || tagSets.some((set) => set.size === 0)) return null;
  // A note has one status, so several status: values are alternatives; one
  // that names no status adds no alternative.
  const wantsStatus = query.statuses.length + query.unknownStatuses.length > 0;
  if (wantsStatus && query.statuses.length === 0) return null;

  // Every book: qualifier must hold: `book:Work book:Drafts` finds notes in the
  // Drafts notebook inside Work (each name includes its sub-notebooks).
  const bookOk = new Uint8Array(store.bookNumbers.size).fill(1);
  for (const set of bookSets) {
    const marks = markNumbers(store.bookNumbers, [set]);
    for (let n = 0; n < bookOk.length; n++) bookOk[n]! &= marks[n]!;
  }
  const excludedBooks = query.excludeBooks.map((name) => ctx.booksNamed(name));
  if (ctx.excludeBookIds) excludedBooks.push(ctx.excludeBookIds);
  const bookOut = markNumbers(store.bookNumbers, excludedBooks);
  for (let n = 0; n < bookOk.length; n++) if (bookOut[n]) bookOk[n] = 0;

  const statusOk = new Uint8Array(8).fill(wantsStatus ? 0 : 1);
  for (const s of query.statuses) statusOk[statusNumber(s)] = 1;
  for (const s of query.excludeStatuses) statusOk[statusNumber(s)] = 0;

  // Every tag: qualifier must be met by one of the note's tags.
  const tagWants = tagSets.map((set) => markNumbers(store.tagNumbers, [set]));
  const tagOut = markNumbers(store.tagNumbers, query.excludeTags.map((name) => ctx.tagsNamed(name)));
  const checksTags = tagWants.length > 0 || tagOut.includes(1);

  return (slot) => {
    if (!bookOk[store.bookAt(slot)] || !statusOk[store.statusAt(slot)]) return false;
    if (!checksTags) return true;
    const tags = store.tagsAt(slot);
    for (const t of tags) if (tagOut[t]) return false;
    for (const wants of tagWants) {
      let found = false;
      for (const t of tags) if (wants[t]) found = true;
      if (!found) return false;
    }
    return true;
  };
}
