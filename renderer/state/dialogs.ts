// Which app dialog is open (one at a time, like a desktop app's modal sheets).
import { create } from 'zustand';

export type DialogName = 'preferences' | 'about';

interface DialogsState {
  open: DialogName | null;
  show(name: DialogName): void;
  close(): void;
}

export const useDialogs = create<DialogsState>()((set) => ({
  open: null,
  show: (open) => set({ open }),
  close: () => set({ open: null }),
}));
