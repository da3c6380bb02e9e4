// Keeps a note from the list open in the editor (the rules are in
// keep-open.ts). Runs when the list changes, never when only the open note
// does, and opening a note never moves the keyboard focus.
import { useEffect, useRef } from 'react';
import { TRASH_BOOK_ID } from '../../../shared/doc-limits';
import type { NoteSummary } from '../../../shared/types';
import { useNotes, type NoteFilter } from '../../state/notes';
import { useSearch } from '../../state/search';
import { useEditor } from '../editor/editor-store';
import { noteToOpen, type ListSnapshot } from './keep-open';

function filterKey(filter: NoteFilter): string {
  if (filter.kind === 'book' || filter.kind === 'tag') return `${filter.kind}:${filter.id}`;
  if (filter.kind === 'status') return `status:${filter.status}`;
  return filter.kind;
}

export function useKeepNoteOpen(notes: readonly NoteSummary[]): void {
  const loaded = useNotes((s) => s.loaded);
  const filter = useNotes((s) => s.filter);
  const query = useNotes((s) => s.query);
  const searchIds = useNotes((s) => s.searchIds);
  const searching = useSearch((s) => s.status === 'searching');
  const previous = useRef<ListSnapshot | null>(null);

  useEffect(() => {
    // While a search runs the list still shows the previous answer: wait for the new one.
    if (!loaded || searching) return;
    const now: ListSnapshot = { ids: notes.map((n) => n.id), key: `${filterKey(filter)}\u0000${searchIds ? query : ''}` };
    const before = previous.current;
    previous.current = now;
    const { activeId, selectedIds, byId, open, setSelection } = useNotes.getState();
    const active = activeId ? byId.get(activeId) : undefined;
    const next = noteToOpen(now, before, {
      activeId,
      activeExists: active !== undefined,
      activeChangedPlace: active !== undefined && (active.bookId === TRASH_BOOK_ID) !== (filter.kind === 'trash'),
    });
    // A new note being made (editor-session.ts, beginDraft) is what the editor shows: the list's own choice,
    // made when its rows arrive or change, waits. It took the draft away once, and a title typed into the draft
    // went into the note the list opened. The note made for the draft is opened when it exists.
    if (next !== undefined && useEditor.getState().draft) {
      previous.current = before;
    } else if (next !== undefined) {
      open(next);
    } else if (selectedIds.length > 1) {
      // Notes that left the list leave the selection too, so bulk actions never touch unseen notes.
      const shown = new Set(now.ids);
      const kept = selectedIds.filter((id) => shown.has(id));
      if (kept.length !== selectedIds.length) setSelection(kept.length ? kept : activeId ? [activeId] : []);
    }
  }, [loaded, searching, notes, filter, query, searchIds]);
}
