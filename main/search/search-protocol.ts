// Messages between the search service (main thread) and the search worker.
import type { SearchableNote } from './search-index';

export interface NamedBook {
  id: string;
  name: string;
  parentBookId: string | null;
}

export interface NamedTag {
  id: string;
  name: string;
}

export type ToSearchWorker =
  | { type: 'load'; notes: SearchableNote[] }
  | { type: 'build' }
  | { type: 'upsert'; notes: SearchableNote[] }
  | { type: 'remove'; ids: string[] }
  | { type: 'names'; books: NamedBook[]; tags: NamedTag[] }
  | { type: 'query'; id: number; text: string; excludeBookIds: string[]; limit?: number };

export type FromSearchWorker =
  | { type: 'ready'; notes: number; ms: number }
  | { type: 'result'; id: number; ids: string[] }
  | { type: 'error'; id?: number; message: string };
