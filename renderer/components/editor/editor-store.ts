// What the editor pane shows, for React: the displayed note, its title as
// typed, its save state, the edit/preview mode and a message about the last
// thing that went wrong in the editor (an image that could not be added).
// The text itself lives in CodeMirror (editor-session.ts), not here.
import { create } from 'zustand';
import { readSetting, writeSetting } from '../../state/local-setting';
import type { SaveStatus } from './note-saver';

export type EditorMode = 'edit' | 'preview' | 'split';
/** What `focusTitleOf` names for a new note the host has not made yet (editor-session.ts, beginDraft). */
export const DRAFT_NOTE_ID = '';
export const EDITOR_MODES: readonly EditorMode[] = ['edit', 'preview', 'split'];
const MODE_KEY = 'quire.editor.mode';

interface EditorUiState {
  /** The note whose text the editor holds (it trails the list's choice while loading). */
  noteId: string | null;
  /** A new note is shown that the host has not made yet (editor-session.ts, beginDraft). */
  draft: boolean;
  /** The notebook that note is being made in, '' for the default notebook. */
  draftBookId: string;
  title: string;
  /** Why the chosen note could not be shown, or null. */
  openError: { id: string; message: string } | null;
  status: SaveStatus;
  mode: EditorMode;
  alert: string | null;
  /** Set when a new note should get the title field's focus once it is shown. */
  focusTitleOf: string | null;
  /** Notes whose last save failed (any note, shown or not), with why: until one of their saves succeeds. */
  notSaved: Readonly<Record<string, string>>;
  /** Follows one note's save state into `notSaved`. */
  trackSave(id: string, status: SaveStatus): void;
  setMode(mode: EditorMode): void;
  setAlert(message: string | null): void;
}

export const useEditor = create<EditorUiState>()((set) => ({
  noteId: null,
  draft: false,
  draftBookId: '',
  title: '',
  openError: null,
  status: { state: 'saved' },
  mode: readSetting<EditorMode>(MODE_KEY, (raw) => (EDITOR_MODES.includes(raw as EditorMode) ? (raw as EditorMode) : undefined)) ?? 'edit',
  alert: null,
  focusTitleOf: null,
  notSaved: {},
  trackSave: (id, status) => set((s) => {
    if (status.state === 'error') {
      const message = status.message ?? 'unknown error';
      return s.notSaved[id] === message ? s : { notSaved: { ...s.notSaved, [id]: message } };
    }
    if (status.state !== 'saved' || !(id in s.notSaved)) return s;
    const { [id]: _dropped, ...rest } = s.notSaved;
    return { notSaved: rest };
  }),
  setMode: (mode) => {
    writeSetting(MODE_KEY, mode);
    set({ mode });
  },
  setAlert: (alert) => set({ alert }),
}));
