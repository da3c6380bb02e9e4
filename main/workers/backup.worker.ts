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

// One request at a time, in arrival order: a checkpoint is never written before the batch it covers.
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: ToBackupWorker) => {
  queue = queue.then(async () => {
    let reply: FromBackupWorker;
    try {
      const value =
        message.type === 'snapshot-begin'
          ? await snapshots.begin(message.client)
          : message.type === 'snapshot-apply'
            ? await snapshots.apply(message.docs)
            : message.type === 'snapshot-finish'
              ? await snapshots.finish(message.seq, message.time)
              : message.type === 'snapshot-abort'
                ? await snapshots.abort()
                : message.type === 'prepare'
          ? await mirror.prepare()
          : message.type === 'apply'
            ? await mirror.apply(message.docs, message.options)
            : message.type === 'cleanup'
              ? await mirror.cleanup()
              : message.type === 'commit'
              ? await mirror.commit(message.checkpoint)
              : memory();
      reply = { id: message.id, ok: true, value };
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      reply = { id: message.id, ok: false, error: { message: String(e?.message ?? e), code: e?.code } };
    }
    port.postMessage(reply);
  });
});
