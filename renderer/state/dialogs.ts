// Which app dialog is open (one at a time, like a desktop app's modal sheets).
import { create } from 'zustand';

export type DialogName = 'preferences' | 'about' | 'salvage';
export type PreferencesPage = 'general' | 'backup';

interface DialogsState {
  open: DialogName | null;
  /** The page Preferences shows (opened on a page by the banner and the status bar). */
  preferencesPage: PreferencesPage;
  show(name: DialogName): void;
  showPreferences(page: PreferencesPage): void;
  setPreferencesPage(page: PreferencesPage): void;
  close(): void;
}

export const useDialogs = create<DialogsState>()((set) => ({
  open: null,
  preferencesPage: 'general',
  show: (open) => set({ open }),
  showPreferences: (preferencesPage) => set({ open: 'preferences', preferencesPage }),
  setPreferencesPage: (preferencesPage) => set({ preferencesPage }),
  close: () => set({ open: null }),
}));
