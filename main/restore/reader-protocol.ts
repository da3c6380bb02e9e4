// Messages between a restore (main thread, which owns the database) and its
// reader thread, which walks the folder, reads and parses the files and
// sends them in chunks. The main thread grants credit for a few chunks at a
// time, so a slow database never lets the reader fill the memory.
import type { FolderLayout } from './layout';
import type { ReadItem } from './read-docs';

export interface ReaderWorkerData {
  layout: FolderLayout;
  /** Read and check every attachment as well (the scan). */
  verify: boolean;
  /** Chunks the reader may send before it waits for credit. */
  window: number;
}

export type FromReader =
  | { type: 'items'; items: ReadItem[] }
  /** The end; `peakBytes`: the most this thread's heap and buffers held after any chunk (for the benchmarks). */
  | { type: 'done'; peakBytes: number }
  | { type: 'error'; message: string };

/** One more chunk may be sent. */
export type ToReader = { type: 'credit' };

/** A chunk is sent at this many items… */
export const CHUNK_ITEMS = 128;
/** …or once its files add up to this. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Chunks sent and not yet taken may add up to this (or be one chunk, however large: a file is at most 64 MiB). */
export const WINDOW_BYTES = 16 * 1024 * 1024;
