// The modal dialogs open now, innermost last. A modal <dialog> is in the
// browser's top layer and makes the page behind it inert, so toasts drawn in
// the page would sit under it, dimmed, half hidden and unclickable: while one
// is open they are drawn inside the innermost (Notifications.tsx).
import { create } from 'zustand';

interface OpenDialogs {
  stack: HTMLElement[];
  opened(dialog: HTMLElement): void;
  closed(dialog: HTMLElement): void;
}

export const useOpenDialogs = create<OpenDialogs>()((set) => ({
  stack: [],
  opened: (dialog) => set((s) => ({ stack: [...s.stack.filter((d) => d !== dialog), dialog] })),
  closed: (dialog) => set((s) => ({ stack: s.stack.filter((d) => d !== dialog) })),
}));
