// Long work in progress (import now; backup, export, restore later), by task.
import { create } from 'zustand';
import type { Progress } from '../../shared/types';

const LINGER_MS = 1500;

interface ProgressState {
  tasks: Record<string, Progress>;
  update(progress: Progress): void;
}

export const useProgress = create<ProgressState>()((set, get) => ({
  tasks: {},
  update(progress) {
    set((state) => ({ tasks: { ...state.tasks, [progress.task]: progress } }));
    if (progress.finished) {
      // Leave the full bar up a moment so a fast task is still seen to finish.
      setTimeout(() => {
        const current = get().tasks[progress.task];
        if (current?.finished) {
          const { [progress.task]: _done, ...rest } = get().tasks;
          set({ tasks: rest });
        }
      }, LINGER_MS);
    }
  },
}));
