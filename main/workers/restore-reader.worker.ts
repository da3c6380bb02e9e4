// A restore's reader thread: walks the backup folder (or a snapshot's tree
// in its store: main/snapshots/snapshot-items.ts), reads each document
// file with blocking calls (several times faster than the thread pool for
// small files, and nothing else runs on this thread; every open is
// non-blocking, so a FIFO cannot hold it), parses and validates it, and
// sends the results to the main thread in chunks, as credit allows. The
// hand-off (main/restore/hand-off.ts) sends again, item by item, whatever
// could not be cloned or read on the other side, and turns an item that
// cannot be handed over at all into a skipped file with the reason.
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { attachmentCheck } from '../restore/attachments';
import { ItemSender } from '../restore/hand-off';
import { readDocs, type ReadItem } from '../restore/read-docs';
import { CHUNK_BYTES, CHUNK_ITEMS, type ReaderWorkerData } from '../restore/reader-protocol';
import { snapshotItems } from '../snapshots/snapshot-items';
import { ObjectStore } from '../snapshots/store';

if (!parentPort) throw new Error('restore-reader.worker must run as a worker thread');
const { source, window } = workerData as ReaderWorkerData;
const sender = new ItemSender(parentPort, window);

let peakBytes = 0;

async function send(items: ReadItem[], bytes: number): Promise<void> {
  const heap = v8.getHeapStatistics();
  peakBytes = Math.max(peakBytes, heap.used_heap_size + heap.external_memory);
  await sender.send(items, bytes);
}

/** The source's items: a folder's files, or a snapshot's documents read from the folder's store (opened here, closed at the end). */
async function* items(): AsyncGenerator<ReadItem> {
  if (source.kind === 'folder') {
    const { layout, verify } = source;
    yield* readDocs(layout, { sync: true, check: attachmentCheck(layout.root, verify) });
    return;
  }
  const store = ObjectStore.open(source.folder, { create: false });
  if (!store) throw new Error(`the snapshot store is no longer in ${source.folder}`);
  try {
    yield* snapshotItems(store, source.snapshot);
  } finally {
    store.close();
  }
}

async function run(): Promise<void> {
  let chunk: ReadItem[] = [];
  let bytes = 0;
  for await (const item of items()) {
    chunk.push(item);
    if (item.kind === 'doc') bytes += item.bytes;
    if (chunk.length >= CHUNK_ITEMS || bytes >= CHUNK_BYTES) {
      await send(chunk, bytes);
      chunk = [];
      bytes = 0;
    }
  }
  if (chunk.length > 0) await send(chunk, bytes);
  await sender.finish(peakBytes);
}

run().catch((error: unknown) => sender.fail(error));
