// Messages between a restore (main thread, which owns the database) and its
// reader thread, which walks the folder (or a snapshot's tree), reads and parses the files and
// sends them in chunks. The main thread grants credit for a few chunks at a
// time, so a slow database never lets the reader fill the memory. Every
// message from the reader carries a sequence number, so the main thread can
// name one it could not read (`lost`) and the reader sends it again, item by
// item (hand-off.ts): nothing is dropped without being listed.
import type { FolderLayout } from './layout';
import type { ReadItem } from './read-docs';

/** What the reader thread reads: a backup folder's files, or a snapshot's tree in a folder's store (main/snapshots/snapshot-items.ts). */
export type ReaderSource =
  | {
      kind: 'folder';
      layout: FolderLayout;
      /** Read and check every attachment as well (the scan). */
      verify: boolean;
    }
  | { kind: 'snapshot'; folder: string; snapshot: { id: string; tree: string } };

export interface ReaderWorkerData {
  source: ReaderSource;
  /** Chunks the reader may send before it waits for credit. */
  window: number;
}

export type FromReader =
  | { type: 'items'; seq: number; items: ReadItem[] }
  /** The end, once every chunk was taken; `peakBytes`: the most this thread's heap and buffers held after any chunk (for the benchmarks). */
  | { type: 'done'; seq: number; peakBytes: number }
  | { type: 'error'; seq: number; message: string };

export type ToReader =
  /** The chunk `seq` was taken: one more may be sent. */
  | { type: 'credit'; seq: number }
  /** The message `seq` arrived but could not be read here (`reason`): send its items again, one by one. */
  | { type: 'lost'; seq: number; reason: string };

/** A chunk is sent at this many items… */
export const CHUNK_ITEMS = 128;
/** …or once its files add up to this. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Chunks sent and not yet taken may add up to this (or be one chunk, however large: a file is at most 64 MiB). */
export const WINDOW_BYTES = 16 * 1024 * 1024;
