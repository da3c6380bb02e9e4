// Folder prompts the browser host asks the renderer to show (it has no native
// dialog). Shown one at a time, in the order they came.
import { create } from 'zustand';
import type { PathPromptRequest } from '../../shared/types';

interface PathPromptState {
  queue: PathPromptRequest[];
  add(request: PathPromptRequest): void;
  remove(requestId: string): void;
}

export const usePathPrompt = create<PathPromptState>()((set) => ({
  queue: [],
  add: (request) =>
    set((state) =>
      state.queue.some((r) => r.requestId === request.requestId) ? state : { queue: [...state.queue, request] }),
  remove: (requestId) => set((state) => ({ queue: state.queue.filter((r) => r.requestId !== requestId) })),
}));
