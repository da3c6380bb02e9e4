// The note list as the user sees it, recomputed only when an input changes,
// and patched rather than made again when only a few notes changed.
import { useMemo } from 'react';
import type { NoteFilter } from '../../shared/note-list';
import type { BookSummary, NoteSort, NoteSummary } from '../../shared/types';
import { useBooks } from './books';
import { patchVisibleNotes, visibleNotes } from './library';
import { changedSince, useNotes } from './notes';

/** Patched rather than made again when at most this many notes changed (each is put back with a splice). */
const MAX_PATCHED = 200;

/** The window's list as last made (it has one): the next one starts from it. */
let made: { inputs: readonly unknown[]; version: number; notes: NoteSummary[] } | null = null;

function listOf(
  byId: Map<string, NoteSummary>, version: number, filter: NoteFilter, books: readonly BookSummary[], sort: NoteSort, searchIds: string[] | null,
): NoteSummary[] {
  const inputs = [byId, filter, books, sort, searchIds];
  const before = made;
  const sameInputs = before !== null && inputs.every((input, i) => input === before.inputs[i]);
  if (sameInputs && before.version === version) return before.notes;
  // Only the notes' contents changed since (a note saved, moved, added), and no search: patch it.
  const changed = sameInputs && searchIds === null ? changedSince(before.version) : null;
  const notes = before && changed && changed.size <= MAX_PATCHED
    ? patchVisibleNotes(before.notes, byId, changed, filter, books, sort)
    : visibleNotes(byId, filter, books, sort, searchIds);
  made = { inputs, version, notes };
  return notes;
}

export function useVisibleNotes(): NoteSummary[] {
  const byId = useNotes((s) => s.byId);
  const version = useNotes((s) => s.version);
  const filter = useNotes((s) => s.filter);
  const sort = useNotes((s) => s.sort);
  const searchIds = useNotes((s) => s.searchIds);
  const books = useBooks((s) => s.books);
  return useMemo(() => listOf(byId, version, filter, books, sort, searchIds), [byId, version, filter, books, sort, searchIds]);
}

/** One note's summary, following its changes. */
export function useNoteSummary(id: string | null): NoteSummary | undefined {
  useNotes((s) => s.version);
  return id ? useNotes.getState().byId.get(id) : undefined;
}
