// The note list as the user sees it, recomputed only when an input changes.
import { useMemo } from 'react';
import type { NoteSummary } from '../../shared/types';
import { useBooks } from './books';
import { visibleNotes } from './library';
import { useNotes } from './notes';

export function useVisibleNotes(): NoteSummary[] {
  const byId = useNotes((s) => s.byId);
  const version = useNotes((s) => s.version);
  const filter = useNotes((s) => s.filter);
  const sort = useNotes((s) => s.sort);
  const searchIds = useNotes((s) => s.searchIds);
  const books = useBooks((s) => s.books);
  return useMemo(
    () => visibleNotes(byId, filter, books, sort, searchIds),
    // `version` stands for the contents of the mutable byId map.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [byId, version, filter, books, sort, searchIds],
  );
}

/** One note's summary, following its changes. */
export function useNoteSummary(id: string | null): NoteSummary | undefined {
  useNotes((s) => s.version);
  return id ? useNotes.getState().byId.get(id) : undefined;
}
