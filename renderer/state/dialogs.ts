// Which app dialog is open (one at a time, like a desktop app's modal sheets).
import { create } from 'zustand';

export type DialogName = 'preferences' | 'about' | 'salvage' | 'history';
export type PreferencesPage = 'general' | 'backup' | 'sync';

interface DialogsState {
  open: DialogName | null;
  /** The page Preferences shows (opened on a page by the banner and the status bar). */
  preferencesPage: PreferencesPage;
  /** The note Note › History… shows. */
  historyNoteId: string | null;
  show(name: DialogName): void;
  showPreferences(page: PreferencesPage): void;
  setPreferencesPage(page: PreferencesPage): void;
  showHistory(noteId: string): void;
  close(): void;
}

export const useDialogs = create<DialogsState>()((set) => ({
  open: null,
  preferencesPage: 'general',
  historyNoteId: null,
  show: (open) => set({ open }),
  showPreferences: (preferencesPage) => set({ open: 'preferences', preferencesPage }),
  setPreferencesPage: (preferencesPage) => set({ preferencesPage }),
  showHistory: (historyNoteId) => set({ open: 'history', historyNoteId }),
  close: () => set({ open: null }),
}));
