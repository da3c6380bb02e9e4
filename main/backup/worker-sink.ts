// A BackupSink whose files are written by the backup worker thread. A worker
// that dies (out of memory, a bug) fails the requests in flight; the next
// request starts a new one, so live mode's retry recovers from it.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start-worker';
import type { BackupSink } from './backup-runner';
import type { BackupWorkerData, FromBackupWorker, ToBackupWorker, WorkerMemory } from './backup-protocol';
import type { ApplyResult, BackupDoc, Checkpoint } from './mirror';
import type { SnapshotResult, SnapshotWriter } from '../snapshots/take';

type Request = ToBackupWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export interface WorkerSink extends BackupSink {
  readonly worker: Worker | null;
  /** The worker's heap and external memory (starts the worker if needed). */
  memory(): Promise<WorkerMemory>;
}

export function workerSink(folder: string, clientId: string): WorkerSink {
  const data: BackupWorkerData = { folder, clientId };
  let worker: Worker | null = null;
  const pending = new Map<number, Pending>();
  let nextId = 1;

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const spawn = (): Worker => {
    // execArgv: [] because the worker is plain bundled JavaScript; the parent's flags (e.g. -e, --input-type) do not apply to it.
    const w = startWorker('backup', { workerData: data, execArgv: [] });
    w.on('message', (reply: FromBackupWorker) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      // The error code travels with the message, so the runner can put the folder's problem in words.
      else p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    w.on('error', (error) => {
      worker = null;
      failAll(error);
    });
    w.on('exit', (code) => {
      worker = null;
      failAll(new Error(`the backup worker stopped (exit code ${code})`));
    });
    return w;
  };

  const call = <T>(request: Request, transfer: ArrayBuffer[] = []): Promise<T> => {
    worker ??= spawn();
    const id = nextId++;
    const target = worker;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      target.postMessage({ ...request, id } as ToBackupWorker, transfer);
    });
  };

  const transferables = (docs: BackupDoc[]) => {
    const buffers = new Set<ArrayBuffer>();
    const add = (d: BackupDoc) => {
      for (const a of d.attachments) if (a.data.buffer instanceof ArrayBuffer) buffers.add(a.data.buffer);
      if (d.previous) add(d.previous);
    };
    docs.forEach(add);
    return [...buffers];
  };

  return {
    get worker() {
      return worker;
    },
    prepare: () => call<Checkpoint | null>({ type: 'prepare' }),
    apply: (docs, options) => call<ApplyResult>({ type: 'apply', docs, options }, transferables(docs)),
    cleanup: () => call<number>({ type: 'cleanup' }),
    commit: (checkpoint) => call<Checkpoint>({ type: 'commit', checkpoint }),
    memory: () => call<WorkerMemory>({ type: 'memory' }),
    snapshotWriter: (): SnapshotWriter => ({
      begin: (client, fresh) => call<{ since: number; first: boolean; base: string | null }>({ type: 'snapshot-begin', client, fresh }),
      apply: (docs) => call<void>({ type: 'snapshot-apply', docs }, transferables(docs)),
      finish: (seq, time, meta) => call<SnapshotResult>({ type: 'snapshot-finish', seq, time, meta }),
      abort: () => call<void>({ type: 'snapshot-abort' }),
      prune: (own) => call<{ removed: number; reclaimedBytes: number }>({ type: 'snapshot-prune', own }),
      merge: () => call<void>({ type: 'snapshot-merge' }),
    }),
    close: async () => {
      const w = worker;
      if (!w) return;
      // Whatever is queued (a clean-up) finishes first: the worker answers in order.
      await call({ type: 'memory' }).catch(() => undefined);
      worker = null;
      w.removeAllListeners('exit');
      await w.terminate();
    },
  };
}
