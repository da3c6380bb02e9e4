// Messages between the backup runner (main thread, which owns the database)
// and the backup worker (which owns the folder). Each request carries an id;
// the worker answers it once, in order.
import type { ApplyOptions, ApplyResult, BackupDoc, Checkpoint } from './mirror';
import type { SnapshotMeta, SnapshotResult } from '../snapshots/take';
import type { OwnSchedule } from '../snapshots/maintenance';

export type ToBackupWorker =
  | { id: number; type: 'prepare' }
  | { id: number; type: 'apply'; docs: BackupDoc[]; options?: ApplyOptions }
  | { id: number; type: 'cleanup' }
  | { id: number; type: 'commit'; checkpoint: Omit<Checkpoint, 'clientId' | 'hostname' | 'lastWriteAt'> }
  /** The worker's own memory (its V8 heap and the buffers it holds), for the benchmarks. */
  | { id: number; type: 'memory' }
  /** A snapshot into the folder's snapshots.git/ (main/snapshots/take.ts), written here after the mirror's requests before it. */
  | { id: number; type: 'snapshot-begin'; client: string; fresh?: boolean }
  | { id: number; type: 'snapshot-apply'; docs: BackupDoc[] }
  | { id: number; type: 'snapshot-finish'; seq: number; time: string; meta?: SnapshotMeta }
  | { id: number; type: 'snapshot-abort' }
  | { id: number; type: 'snapshot-prune'; own?: OwnSchedule }
  /** After a snapshot: its pack merged with the store's small ones (main/snapshots/repack.ts). */
  | { id: number; type: 'snapshot-merge' };

export interface WorkerMemory {
  heapUsed: number;
  external: number;
}

export type FromBackupWorker =
  | { id: number; ok: true; value: Checkpoint | null | ApplyResult | WorkerMemory | number | SnapshotResult | { since: number; first: boolean } | { removed: number; reclaimedBytes: number } | void }
  | { id: number; ok: false; error: { message: string; code?: string } };

/** Data the worker is started with (workerData). */
export interface BackupWorkerData {
  folder: string;
  clientId: string;
}

/** Error codes a snapshot's failure carries back from the worker: the store refused (a newer or foreign store), an object is damaged. */
export const SNAPSHOT_ERROR_CODES = { SnapshotStoreError: 'EQUIRESTORE', ObjectError: 'EQUIREOBJECT' } as const;
