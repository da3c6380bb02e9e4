// A restore's reader thread: walks the backup folder, reads each document
// file with blocking calls (several times faster than the thread pool for
// small files, and nothing else runs on this thread), parses and validates
// it, and sends the results to the main thread in chunks, as credit allows.
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { verifyAttachments } from '../restore/attachments';
import { readDocs, type DocCheck, type ReadItem } from '../restore/read-docs';
import { CHUNK_BYTES, CHUNK_ITEMS, WINDOW_BYTES, type FromReader, type ReaderWorkerData, type ToReader } from '../restore/reader-protocol';

if (!parentPort) throw new Error('restore-reader.worker must run as a worker thread');
const port = parentPort;
const { layout, verify, window } = workerData as ReaderWorkerData;

// The sizes of the chunks sent and not yet taken, oldest first: each credit takes one.
const unacknowledged: number[] = [];
let unacknowledgedBytes = 0;
let wake: (() => void) | null = null;
port.on('message', (message: ToReader) => {
  if (message.type !== 'credit') return;
  unacknowledgedBytes -= unacknowledged.shift() ?? 0;
  wake?.();
  wake = null;
});

let peakBytes = 0;

async function send(items: ReadItem[], bytes: number): Promise<void> {
  const heap = v8.getHeapStatistics();
  peakBytes = Math.max(peakBytes, heap.used_heap_size + heap.external_memory);
  while (unacknowledged.length >= window || (unacknowledged.length > 0 && unacknowledgedBytes + bytes > WINDOW_BYTES)) {
    await new Promise<void>((resolve) => (wake = resolve));
  }
  unacknowledged.push(bytes);
  unacknowledgedBytes += bytes;
  port.postMessage({ type: 'items', items } satisfies FromReader);
}

async function run(): Promise<void> {
  const check: DocCheck | undefined = verify ? (doc, file) => verifyAttachments(doc.attachments, layout.root, file.dir) : undefined;
  let chunk: ReadItem[] = [];
  let bytes = 0;
  for await (const item of readDocs(layout, { sync: true, check })) {
    chunk.push(item);
    if (item.kind === 'doc') bytes += item.bytes;
    if (chunk.length >= CHUNK_ITEMS || bytes >= CHUNK_BYTES) {
      await send(chunk, bytes);
      chunk = [];
      bytes = 0;
    }
  }
  if (chunk.length > 0) await send(chunk, bytes);
  port.postMessage({ type: 'done', peakBytes } satisfies FromReader);
}

run().catch((error: unknown) => {
  port.postMessage({ type: 'error', message: String((error as Error)?.stack ?? error) } satisfies FromReader);
});
