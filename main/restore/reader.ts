// The folder's documents, read in a worker thread (see restore-reader.worker.ts):
// the main thread, which owns the database and answers the UI, only receives
// parsed documents. Where a worker cannot be started, they are read here.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker';
import { verifyAttachments } from './attachments';
import type { FolderLayout } from './layout';
import { readDocs, type DocCheck, type ReadItem } from './read-docs';
import type { FromReader, ReaderWorkerData, ToReader } from './reader-protocol';

const WINDOW = 4;
/** A larger nursery than V8's default: the reader allocates a parsed document per file and keeps none. */
const YOUNG_GENERATION_MB = 32;

/** What the last reader thread reported at its end (for the benchmarks). */
export const readerStats = { peakBytes: 0 };

export async function* readFolder(layout: FolderLayout, options: { verify: boolean }): AsyncGenerator<ReadItem> {
  let worker: Worker;
  try {
    worker = startWorker('restore-reader', { workerData: { layout, verify: options.verify, window: WINDOW } satisfies ReaderWorkerData, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  } catch {
    const check: DocCheck | undefined = options.verify ? (doc, file) => verifyAttachments(doc.attachments, layout.root, file.dir) : undefined;
    yield* readDocs(layout, { check });
    return;
  }
  const inbox: FromReader[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (message: FromReader) => {
    inbox.push(message);
    notify();
  });
  worker.on('error', (error) => {
    failure ??= error;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the restore's reader thread stopped (exit code ${code})`);
    notify();
  });
  try {
    for (;;) {
      while (inbox.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift();
      if (!message) throw failure!;
      if (message.type === 'done') {
        readerStats.peakBytes = message.peakBytes;
        return;
      }
      if (message.type === 'error') throw new Error(`reading the backup folder failed: ${message.message}`);
      for (const item of message.items) yield item;
      worker.postMessage({ type: 'credit' } satisfies ToReader);
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
