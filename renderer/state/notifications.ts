// Toasts in the corner: from the main process ('app.notification') and from
// the renderer itself (a request that failed). Errors stay until dismissed.
import { create } from 'zustand';
import type { AppNotification } from '../../shared/types';

export const AUTO_DISMISS_MS = 8000;
/** A toast with an action (Undo) waits longer: the hand has to reach it, and after a large action the window may still be busy. */
export const AUTO_DISMISS_ACTION_MS = 15000;
const MAX_SHOWN = 5;

/** A toast the renderer made itself may carry one action (Undo); main's notifications cannot carry code. */
export interface Toast extends AppNotification {
  action?: { label: string; run(): void };
}

interface NotificationsState {
  items: Toast[];
  push(notification: Toast): void;
  dismiss(id: string): void;
}

export const useNotifications = create<NotificationsState>()((set, get) => ({
  items: [],
  push(notification) {
    const others = get().items.filter((n) => n.id !== notification.id);
    set({ items: [...others, notification].slice(-MAX_SHOWN) });
    // Errors, and notifications with a note to open, wait for the person; work still going on waits for its end.
    if (notification.kind !== 'error' && !notification.openNote && !notification.working) {
      // Only this one: a later notification with the same id has its own time.
      setTimeout(() => get().items.includes(notification) && get().dismiss(notification.id), notification.action ? AUTO_DISMISS_ACTION_MS : AUTO_DISMISS_MS);
    }
  },
  dismiss: (id) => set((state) => ({ items: state.items.filter((n) => n.id !== id) })),
}));

let localId = 0;

/** Shows an error where the user acted, in plain words. */
export function notifyError(title: string, error: unknown) {
  useNotifications.getState().push({
    id: `local-${++localId}`,
    kind: 'error',
    title,
    body: error instanceof Error ? error.message : String(error),
  });
}
