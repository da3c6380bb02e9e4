// Runs the search box's query against the main process: debounced while the
// user types, re-run quietly when notes change (an edit can make a note match
// or stop matching), and only the newest answer is kept. `useSearch` says
// whether a search is under way (the worker may still be building its index
// on a big database) or failed, for the search box to show.
import { create } from 'zustand';

export type SearchStatus = 'idle' | 'searching' | 'failed';

interface SearchState {
  status: SearchStatus;
  /** Why the last search failed, in words for the user. */
  error: string | null;
  set(status: SearchStatus, error?: string | null): void;
}

export const useSearch = create<SearchState>()((set) => ({
  status: 'idle',
  error: null,
  set: (status, error = null) => set({ status, error }),
}));

export const TYPING_DELAY_MS = 120;
export const REFRESH_DELAY_MS = 300;

export interface SearchRunnerDeps {
  invoke(query: string, includeTrash: boolean): Promise<string[]>;
  /** Hands over the ids for `query` (null: no search). */
  apply(query: string, ids: string[] | null): void;
  status(status: SearchStatus, error?: string | null): void;
  typingDelayMs?: number;
  refreshDelayMs?: number;
}

export interface SearchRequest {
  query: string;
  includeTrash: boolean;
  /** A re-run after notes changed: no "Searching…" and a longer wait, as edits come in bursts. */
  refresh?: boolean;
}

export class SearchRunner {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sequence = 0;

  constructor(private readonly deps: SearchRunnerDeps) {}

  request({ query, includeTrash, refresh = false }: SearchRequest): void {
    const seq = ++this.sequence;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!query.trim()) {
      this.deps.apply(query, null);
      this.deps.status('idle');
      return;
    }
    if (!refresh) this.deps.status('searching');
    const delay = refresh ? this.deps.refreshDelayMs ?? REFRESH_DELAY_MS : this.deps.typingDelayMs ?? TYPING_DELAY_MS;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.deps.invoke(query, includeTrash).then(
        (ids) => {
          if (seq !== this.sequence) return;
          this.deps.apply(query, ids);
          this.deps.status('idle');
        },
        (error: unknown) => {
          if (seq !== this.sequence) return;
          this.deps.apply(query, []);
          this.deps.status('failed', error instanceof Error ? error.message : String(error));
        },
      );
    }, delay);
  }

  /** Drops whatever is pending (the window is going away). */
  cancel(): void {
    this.sequence++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
