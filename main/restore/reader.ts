// The folder's documents (or a snapshot's: main/snapshots/restore-tree.ts),
// read in a worker thread (see restore-reader.worker.ts): the main thread,
// which owns the database and answers the UI, only receives parsed documents
// (hand-off.ts: nothing is lost on the way, and the wait for the reader ends
// on its error, its exit, or the abort signal). Where a worker cannot be
// started, they are read here.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker';
import { attachmentCheck } from './attachments';
import { receiveItems } from './hand-off';
import type { FolderLayout } from './layout';
import { readDocs, type ReadItem } from './read-docs';
import type { ReaderSource, ReaderWorkerData } from './reader-protocol';

const WINDOW = 4;
/** A larger nursery than V8's default: the reader allocates a parsed document per file and keeps only the chunks not yet taken. */
const YOUNG_GENERATION_MB = 32;

/** What the last reader thread reported at its end (for the benchmarks). */
export const readerStats = { peakBytes: 0 };

export interface ReadFolderOptions {
  /** Read and check every attachment as well (the scan). */
  verify: boolean;
  /** Aborting ends the items at once (the reader thread is stopped); the caller sees the signal. */
  signal?: AbortSignal;
}

export function readFolder(layout: FolderLayout, options: ReadFolderOptions): AsyncGenerator<ReadItem> {
  return readInThread({ kind: 'folder', layout, verify: options.verify }, () => readDocs(layout, { check: attachmentCheck(layout.root, options.verify) }), options.signal);
}

/**
 * The items of `source`, read and parsed in a reader thread; where a worker
 * cannot be started, from `here()` on this thread. Aborting `signal` ends
 * them at once (the thread is stopped).
 */
export async function* readInThread(
  source: ReaderSource,
  here: () => AsyncIterable<ReadItem> | Iterable<ReadItem>,
  signal?: AbortSignal,
): AsyncGenerator<ReadItem> {
  let worker: Worker;
  try {
    worker = startWorker('restore-reader', {
      workerData: { source, window: WINDOW } satisfies ReaderWorkerData,
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  } catch {
    for await (const item of here()) {
      if (signal?.aborted) return;
      yield item;
    }
    return;
  }
  try {
    yield* receiveItems(worker, { signal, onDone: (peakBytes) => (readerStats.peakBytes = peakBytes) });
  } finally {
    worker.removeAllListeners();
    worker.on('error', () => undefined); // whatever it says while it is stopped
    await worker.terminate();
  }
}
