// The note list: every note's summary as the main process sorted it, which
// of them the sidebar shows, and which one is open.
import { create } from 'zustand';
import type { NoteSummary } from '../../shared/types';

export type NoteFilter =
  | { kind: 'all' }
  | { kind: 'book'; id: string }
  | { kind: 'tag'; id: string };

interface NotesState {
  notes: NoteSummary[];
  loaded: boolean;
  filter: NoteFilter;
  selectedId: string | null;
  setNotes(notes: NoteSummary[]): void;
  setFilter(filter: NoteFilter): void;
  select(id: string | null): void;
}

export const useNotes = create<NotesState>()((set) => ({
  notes: [],
  loaded: false,
  filter: { kind: 'all' },
  selectedId: null,
  setNotes: (notes) => set({ notes, loaded: true }),
  // A new sidebar choice starts at the top of its list, with its first note open.
  setFilter: (filter) => set((state) => (sameFilter(state.filter, filter) ? state : { filter, selectedId: null })),
  select: (selectedId) => set({ selectedId }),
}));

export const sameFilter = (a: NoteFilter, b: NoteFilter) =>
  a.kind === b.kind && (a.kind === 'all' || a.id === (b as { id: string }).id);
