// The notes the window knows about: every note's summary (trash included),
// kept current from the main process's 'notes.changed' events; what the
// sidebar has chosen, the search, the sort, the selection, and the note open
// in the editor. The list itself is derived (see library.ts), never stored.
import { create } from 'zustand';
import type { NoteFilter } from '../../shared/note-list';
import type { NoteSort, NoteSummary } from '../../shared/types';

export type { FilterStatus, NoteFilter } from '../../shared/note-list';

interface NotesState {
  /** Mutated in place for speed (40,000 entries); `version` changes with every mutation. */
  byId: Map<string, NoteSummary>;
  version: number;
  /**
   * Changes only when a note comes or goes or changes where it is listed
   * (notebook, tags, status, pin): what the counts beside the sidebar's
   * entries read. A note saved while typing changes `version`, not this.
   */
  placesVersion: number;
  loaded: boolean;
  filter: NoteFilter;
  sort: NoteSort;
  /** The search box's text; '' when not searching. */
  query: string;
  /** Ids matching `query` (best first), or null while there is no search or it is still running. */
  searchIds: string[] | null;
  /** The notes selected in the list (several with Shift/Ctrl/Cmd-click). */
  selectedIds: string[];
  /** The note open in the editor. */
  activeId: string | null;

  /**
   * While the search box has a query and not every summary is in: the
   * host's count of that search's results (the list holds only its first
   * rows until then).
   */
  partialSearch: PartialSearch | null;

  /**
   * Starts taking every summary in pages (see data.ts). Changes that arrive
   * meanwhile are newer than the pages and are laid over them at the end.
   */
  beginLoad(): SummaryLoad;
  /** The first rows of a search typed before every summary is in, and how many there are in all (ignored unless it is still the list shown). */
  setSearchPage(page: PartialSearch, notes: NoteSummary[]): void;
  /** The first screenful at start-up, shown until every note is in (ignored after). */
  setFirstPage(notes: NoteSummary[]): void;
  /** A local change, applied now (after the host's held ones, which came before it). */
  patch(upserted: NoteSummary[], removed: string[]): void;
  /** The host's 'notes.changed': applied with the others of a burst (see heldPatches). */
  queuePatch(upserted: NoteSummary[], removed: string[]): void;
  /** A local change made from the note as it is once the held ones are applied; `update` returns null to leave it. */
  patchNote(id: string, update: (current: NoteSummary) => NoteSummary | null): void;
  setFilter(filter: NoteFilter): void;
  setSort(sort: NoteSort): void;
  setQuery(query: string): void;
  setSearchIds(query: string, ids: string[] | null): void;
  /** Opens one note and makes it the only selected one. */
  open(id: string | null): void;
  setSelection(ids: string[], activeId?: string | null): void;
}

export interface SummaryLoad {
  add(notes: readonly NoteSummary[]): void;
  finish(): void;
  /** It failed: changes stop piling up for it. */
  abandon(): void;
}

/** What the host counted for a search while the window lacks summaries, and for which list. */
export interface PartialSearch {
  query: string;
  filter: NoteFilter;
  sort: NoteSort;
  total: number;
}

/** Whether a partial search's count is that of the list now shown. */
export const partialSearchFits = (page: PartialSearch | null, state: Pick<NotesState, 'query' | 'filter' | 'sort'>): page is PartialSearch =>
  page !== null && page.query === state.query && page.sort === state.sort && sameFilter(page.filter, state.filter);

/** Whether a note is counted under the same sidebar entries as before. */
const samePlace = (a: NoteSummary, b: NoteSummary) =>
  a.bookId === b.bookId && a.pinned === b.pinned && a.status === b.status &&
  a.tags.length === b.tags.length && a.tags.every((tag, i) => tag === b.tags[i]);

/** The notes each of the last patches touched, by the version it made (changedSince). */
const patchLog: { version: number; ids: readonly string[] }[] = [];
const PATCH_LOG_LENGTH = 64;

/**
 * The ids of the notes patched after `version`, up to the store's current
 * version; null when that is not known (a whole new list came since, or too
 * many patches): the caller then starts again from every note.
 */
export function changedSince(version: number): Set<string> | null {
  const current = useNotes.getState().version;
  if (version === current) return new Set();
  const first = patchLog.findIndex((entry) => entry.version === version + 1);
  if (first < 0 || patchLog.at(-1)!.version !== current) return null;
  const ids = new Set<string>();
  for (const entry of patchLog.slice(first)) for (const id of entry.ids) ids.add(id);
  return ids;
}

/**
 * The host's patches, held briefly and applied together. Each patch has the
 * list, the sidebar's counts and the open note's checks go over every note:
 * at 192,000 notes a move of all of them to the Trash sent a patch every
 * 30 ms, and the window kept a core busy for the whole move, which the host
 * needed. The wait grows with the notes (none below a few hundred, 0.4 s at
 * most), so a small library sees every change at once.
 */
const heldPatches = new Map<string, NoteSummary | null>();
let heldTimer: ReturnType<typeof setTimeout> | null = null;
let lastHostPatchAt = -Infinity;
const NOTES_PER_MS_OF_WAIT = 500;
const MAX_PATCH_WAIT_MS = 400;

/** The wait between two host patches for a library of `notes` notes. */
const hostPatchWait = (notes: number) => Math.min(MAX_PATCH_WAIT_MS, notes / NOTES_PER_MS_OF_WAIT);

/** The load under way, and the changes heard since it began. */
let loading: { patches: Map<string, NoteSummary | null> } | null = null;

export const useNotes = create<NotesState>()((set, get) => ({
  byId: new Map(),
  version: 0,
  loaded: false,
  filter: { kind: 'all' },
  sort: 'updatedAt',
  query: '',
  searchIds: null,
  selectedIds: [],
  activeId: null,

  partialSearch: null,

  placesVersion: 0,

  beginLoad: () => {
    // Changes held from before the load are older than its pages: applied now, not laid over them at its end.
    applyHeldPatches();
    const mine = { patches: new Map<string, NoteSummary | null>() };
    loading = mine;
    const byId = new Map<string, NoteSummary>();
    return {
      add: (notes) => {
        for (const note of notes) byId.set(note.id, note);
      },
      finish: () => {
        if (loading !== mine) return;
        for (const [id, note] of mine.patches) {
          if (note) byId.set(id, note);
          else byId.delete(id);
        }
        loading = null;
        patchLog.length = 0;
        set((s) => ({ byId, version: s.version + 1, placesVersion: s.placesVersion + 1, loaded: true, partialSearch: null }));
      },
      abandon: () => {
        if (loading === mine) loading = null;
      },
    };
  },
  setSearchPage: (page, notes) => {
    if (get().loaded || !partialSearchFits(page, get())) return;
    // No new version: that would re-run the search (list-sync.ts). The ids
    // that follow (setSearchIds) make the list read these rows.
    const { byId } = get();
    for (const note of notes) byId.set(note.id, note);
    set({ partialSearch: page });
  },
  setFirstPage: (notes) => {
    if (get().loaded) return;
    patchLog.length = 0;
    set((s) => ({ byId: new Map(notes.map((n) => [n.id, n])), version: s.version + 1, placesVersion: s.placesVersion + 1 }));
  },
  patch: (upserted, removed) => {
    applyHeldPatches();
    applyPatch(upserted, removed);
  },
  patchNote: (id, update) => {
    applyHeldPatches();
    const current = get().byId.get(id);
    const next = current ? update(current) : null;
    if (next) applyPatch([next], []);
  },
  queuePatch: (upserted, removed) => {
    for (const note of upserted) heldPatches.set(note.id, note);
    for (const id of removed) heldPatches.set(id, null);
    if (heldTimer) return;
    const wait = Math.max(0, lastHostPatchAt + hostPatchWait(get().byId.size) - performance.now());
    heldTimer = setTimeout(applyHeldPatches, wait);
  },
  setFilter: (filter) => set({ filter, selectedIds: [] }),
  setSort: (sort) => set({ sort }),
  setQuery: (query) => set({ query, searchIds: query.trim() ? get().searchIds : null }),
  setSearchIds: (query, ids) => {
    // A slow answer to an older query must not replace a newer one.
    if (get().query === query) set({ searchIds: ids });
  },
  open: (id) => set({ activeId: id, selectedIds: id ? [id] : [] }),
  setSelection: (ids, activeId) => set(activeId === undefined ? { selectedIds: ids } : { selectedIds: ids, activeId }),
}));

export const sameFilter = (a: NoteFilter, b: NoteFilter): boolean => {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'book' || a.kind === 'tag') return a.id === (b as { id: string }).id;
  if (a.kind === 'status') return a.status === (b as { status: string }).status;
  return true;
};

/**
 * Applies the host's held changes now: for a reader about to act on what the
 * window knows of the notes (a bulk action, its Undo), which must not take a
 * note's place from before a change the window has already heard of.
 */
export function applyHeldPatches(): void {
  if (heldTimer) clearTimeout(heldTimer);
  heldTimer = null;
  if (heldPatches.size === 0) return;
  const upserted: NoteSummary[] = [];
  const removed: string[] = [];
  for (const [id, note] of heldPatches) {
    if (note) upserted.push(note);
    else removed.push(id);
  }
  heldPatches.clear();
  lastHostPatchAt = performance.now();
  applyPatch(upserted, removed);
}

function applyPatch(upserted: NoteSummary[], removed: string[]): void {
  const { byId, version } = useNotes.getState();
  let placesChanged = false;
  for (const note of upserted) {
    const before = byId.get(note.id);
    if (!before || !samePlace(before, note)) placesChanged = true;
    byId.set(note.id, note);
  }
  for (const id of removed) placesChanged = byId.delete(id) || placesChanged;
  if (loading) {
    for (const note of upserted) loading.patches.set(note.id, note);
    for (const id of removed) loading.patches.set(id, null);
  }
  patchLog.push({ version: version + 1, ids: [...upserted.map((n) => n.id), ...removed] });
  if (patchLog.length > PATCH_LOG_LENGTH) patchLog.shift();
  useNotes.setState((s) => ({ version: s.version + 1, placesVersion: placesChanged ? s.placesVersion + 1 : s.placesVersion }));
}
