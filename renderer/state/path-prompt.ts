// The folder prompt the browser host asks this page to show (it has no
// native dialog). One at a time: the host replaces a page's prompt with its
// newer one (answering the older null), so the newest is the one shown; and
// the host drops a page's prompt when its connection goes, so does the page.
import { create } from 'zustand';
import type { PathPromptRequest } from '../../shared/types';

interface PathPromptState {
  queue: PathPromptRequest[];
  add(request: PathPromptRequest): void;
  remove(requestId: string): void;
  /** Drops the prompt (the host no longer waits for it); returns its title, if one was shown. */
  clear(): string | null;
}

export const usePathPrompt = create<PathPromptState>()((set, get) => ({
  queue: [],
  add: (request) => set((state) => (state.queue[0]?.requestId === request.requestId ? state : { queue: [request] })),
  remove: (requestId) => set((state) => ({ queue: state.queue.filter((r) => r.requestId !== requestId) })),
  clear: () => {
    const shown = get().queue[0]?.title ?? null;
    set({ queue: [] });
    return shown;
  },
}));
