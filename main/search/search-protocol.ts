// Messages between the search service (main thread), the search worker and
// the thread that builds the index, and the memory they move.
import type { PageRequest, SearchableNote } from './search-index';

export interface NamedBook {
  id: string;
  name: string;
  parentBookId: string | null;
}

export interface NamedTag {
  id: string;
  name: string;
}

/** Where the worker keeps its saved index, and for which database (index-file.ts). */
export interface IndexFileTarget {
  file: string;
  dbId: string;
}

export type ToSearchWorker =
  // Load the saved index if it fits this database; answered with 'restored'.
  | { type: 'restore'; target: IndexFileTarget; updateSeq: number }
  // The index the builder made (toSaved's parts); the database was at `seq` before the builder's first note was read.
  | { type: 'adopt'; parts: Uint8Array[]; seq: number }
  // Every change since the saved index's sequence, up to `seq`, has been sent.
  | { type: 'caughtUp'; seq: number }
  // `seq`: the change's update sequence, when known (the index is saved as of the highest applied).
  | { type: 'upsert'; notes: SearchableNote[]; seq?: number }
  | { type: 'remove'; ids: string[]; seq?: number }
  // Save now if anything changed (Quire is closing); answered with 'flushed'.
  | { type: 'flush' }
  | { type: 'names'; books: NamedBook[]; tags: NamedTag[] }
  // With `page`: also the first rows of that list, in its order (search-index.ts's searchPage).
  | { type: 'query'; id: number; text: string; excludeBookIds: string[]; limit?: number; page?: PageRequest };

/** A query's first rows in the list's order (their ids) and how many rows the list has. */
export interface QueryPage {
  ids: string[];
  total: number;
}

export type FromSearchWorker =
  | { type: 'restored'; seq: number | null; reason?: string; notes: number; ms: number }
  | { type: 'ready'; notes: number; ms: number }
  // A part of the saved index read late turned out damaged: build the index again ('adopt'); queries wait for it.
  | { type: 'damaged'; reason: string }
  | { type: 'flushed'; saved: boolean; error?: string }
  | { type: 'result'; id: number; ids: string[]; page?: QueryPage }
  | { type: 'error'; id?: number; message: string };

/** To the thread that builds the index from every note (search-builder.worker.ts). */
export type ToSearchBuilder =
  | { type: 'load'; notes: SearchableNote[] }
  // Every note has been sent: build, answer with 'built', and expect to be ended.
  | { type: 'build' };

export type FromSearchBuilder =
  | { type: 'built'; parts: Uint8Array[]; notes: number; ms: number }
  | { type: 'error'; message: string };

/**
 * The memory to move rather than copy when posting the index's parts
 * (164 MB at 200k notes): each part's buffer once, if the part owns all of
 * it. A part that does not (a small Buffer from Node's shared pool) is copied.
 */
export function partsTransfer(parts: readonly Uint8Array[]): ArrayBuffer[] {
  const owned = parts.filter((p) => p.byteOffset === 0 && p.byteLength === p.buffer.byteLength);
  return [...new Set(owned.map((p) => p.buffer as ArrayBuffer))];
}
