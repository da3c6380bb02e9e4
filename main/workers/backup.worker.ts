// The backup folder's writer in its own thread: fsyncs and renames of tens of
// thousands of files must never stall the main process. The main thread
// reads the database and sends documents (attachment bytes transferred, not
// copied); this thread writes them and the checkpoint (mirror.ts), answering
// each request once the files it covers are durable.
import { parentPort, workerData } from 'node:worker_threads';
import v8 from 'node:v8';
import { BackupMirror } from '../backup/mirror';
import type { BackupWorkerData, FromBackupWorker, ToBackupWorker } from '../backup/backup-protocol';
import { localWriter } from '../snapshots/take';
import { SNAPSHOT_ERROR_CODES } from '../backup/backup-protocol';

if (!parentPort) throw new Error('backup.worker must run as a worker thread');
const port = parentPort;
const { folder, clientId } = workerData as BackupWorkerData;
const mirror = new BackupMirror(folder, clientId);
// Snapshots are hashed, compressed and fsynced here too, never in the main process.
const snapshots = localWriter(folder);

function memory() {
  const heap = v8.getHeapStatistics();
  return { heapUsed: heap.used_heap_size, external: heap.external_memory };
}

async function handle(message: ToBackupWorker) {
  switch (message.type) {
    case 'prepare': return mirror.prepare();
    case 'apply': return mirror.apply(message.docs, message.options);
    case 'cleanup': return mirror.cleanup();
    case 'commit': return mirror.commit(message.checkpoint);
    case 'memory': return memory();
    case 'snapshot-begin': return snapshots.begin(message.client, message.fresh);
    case 'snapshot-apply': return snapshots.apply(message.docs);
    case 'snapshot-finish': return snapshots.finish(message.seq, message.time, message.meta);
    case 'snapshot-abort': return snapshots.abort();
    case 'snapshot-prune': return snapshots.prune(message.own);
    case 'snapshot-merge': return snapshots.merge();
  }
}

// One request at a time, in arrival order: a checkpoint is never written before the batch it covers.
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: ToBackupWorker) => {
  queue = queue.then(async () => {
    let reply: FromBackupWorker;
    try {
      const value = await handle(message);
      reply = { id: message.id, ok: true, value };
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      // The snapshot store's refusals keep their kind across the thread boundary (as codes), so they are said as such.
      const code = e?.code ?? SNAPSHOT_ERROR_CODES[e?.name as keyof typeof SNAPSHOT_ERROR_CODES];
      reply = { id: message.id, ok: false, error: { message: String(e?.message ?? e), code } };
    }
    port.postMessage(reply);
  });
});
