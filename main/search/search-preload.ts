// The saved search index, read by its worker thread while the rest of Quire
// loads. At 200,000 notes the read takes half a second of a core; started
// once a window had its first rows (as before), it competed with the window
// and the summaries' read on a two-core machine, and the first search answer
// came 0.8-1 s after the first rows. Started first thing in the process
// (main/web-host/start.ts), it runs on the core that is idle while the host
// loads its modules and opens the database, when no window is there yet.
//
// The worker checks the file as it always does (format, checksums, the
// index's options) and holds the index aside; SearchService takes the worker
// and, on its 'restore' request, the worker uses what it read only if it was
// made for this database at or before its sequence (search.worker.ts), and
// reads the file again otherwise. Between the two entry points the worker
// waits on globalThis: the host's first module and the rest are separate
// bundles, loaded one after the other.
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker';

/** Where the search index is kept in the user-data folder. */
export const searchIndexFile = (userDataDir: string): string => path.join(userDataDir, 'cache', 'search-index.json');

const PRELOAD = Symbol.for('quire.searchPreload');

interface Preload {
  file: string;
  worker: Worker;
  exited: boolean;
}

type WithPreload = typeof globalThis & { [PRELOAD]?: Preload };

/** Starts the search worker reading `file` now, for the SearchService made later in this process; the worker, or the one already started. */
export function preloadSearchIndex(file: string): Worker {
  const global = globalThis as WithPreload;
  if (global[PRELOAD]) return global[PRELOAD].worker;
  const worker = startWorker('search', { workerData: { preloadFile: file } });
  const preload: Preload = { file, worker, exited: false };
  worker.unref();
  // Until it is taken, a failure only means it is not used: SearchService starts a worker of its own.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    preload.exited = true;
  });
  global[PRELOAD] = preload;
  return worker;
}

/** The worker preloadSearchIndex started for `file`, once; undefined if none, another file, or it stopped. */
export function takePreloadedSearch(file: string): Worker | undefined {
  const global = globalThis as WithPreload;
  const preload = global[PRELOAD];
  if (!preload) return undefined;
  delete global[PRELOAD];
  if (preload.exited || preload.file !== file) {
    void preload.worker.terminate();
    return undefined;
  }
  return preload.worker;
}
