// The counts beside the sidebar's entries (and the status bar's), made once
// for every reader each time a note comes, goes or changes where it is
// listed (placesVersion): a loop over every note, 192,000 at the most.
import { useMemo } from 'react';
import type { BookSummary, NoteSummary } from '../../shared/types';
import { useBooks } from './books';
import { countNotes, type Counts } from './library';
import { useNotes } from './notes';

/** The counts as last made: the sidebar and the status bar ask for the same ones. */
let made: { byId: Map<string, NoteSummary>; placesVersion: number; books: readonly BookSummary[]; counts: Counts } | null = null;

function countsOf(byId: Map<string, NoteSummary>, placesVersion: number, books: readonly BookSummary[]): Counts {
  if (made?.byId !== byId || made.placesVersion !== placesVersion || made.books !== books) {
    made = { byId, placesVersion, books, counts: countNotes(byId.values(), books) };
  }
  return made.counts;
}

export function useNoteCounts(): Counts {
  const byId = useNotes((s) => s.byId);
  const placesVersion = useNotes((s) => s.placesVersion);
  const books = useBooks((s) => s.books);
  return useMemo(() => countsOf(byId, placesVersion, books), [byId, placesVersion, books]);
}
