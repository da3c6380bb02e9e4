// One live, two-way sync between the local database and the server's:
// PouchDB's own replication (`db.sync(remote, { live, retry })`) with the
// checkpoints it keeps on both sides, so a restart continues where the last
// run stopped. This module turns its events into a state a person can read:
// syncing (with n of m during the first full pull or push), up to date,
// offline (retrying with back-off, catching up by itself), or stopped by an
// error that needs the person (a password no longer accepted).
//
// `_local` documents never replicate (PouchDB's rule): the backup's and
// sync's checkpoints stay on the computer that wrote them.
import type { Database } from '../db/open-database';
import type { RemoteDatabase } from './remote-database';
import { describeSyncError } from './sync-errors';

export type EngineState =
  | { state: 'syncing'; done: number; total: number; firstSync: boolean }
  | { state: 'up-to-date'; at: Date }
  | { state: 'offline'; reason: string; retryAt: number | null }
  | { state: 'error'; reason: string };

export interface LiveSyncOptions {
  db: Database;
  remote: RemoteDatabase;
  /** The server's host, as messages name it. */
  host: string;
  /** The first sync with this server: the total is estimated, so a progress bar can be shown. */
  firstSync: boolean;
  onState(state: EngineState): void;
  /** Every batch written on either side (pushed: to the server; pulled: from it). */
  onBatch?(direction: 'push' | 'pull', docsWritten: number, ids: string[]): void;
  /** The first wait after a failure, doubled each time up to `maxBackOffMs`. */
  firstBackOffMs?: number;
  maxBackOffMs?: number;
}

type SyncHandler = ReturnType<Database['sync']>;

export class LiveSync {
  /** Documents sent to and received from the server since start. */
  pushed = 0;
  pulled = 0;
  private handler: SyncHandler | null = null;
  private done = { push: 0, pull: 0 };
  private total = 0;
  private firstSync: boolean;
  private retryAt: number | null = null;
  /** Waiting to try again: PouchDB says 'paused' then too, with no error, so this tells it from "up to date". */
  private offline = false;
  private finished: Promise<void> | null = null;
  private last: EngineState | null = null;

  constructor(private readonly options: LiveSyncOptions) {
    this.firstSync = options.firstSync;
  }

  /** Starts syncing; events report from now on. The estimate for the progress bar is read first. */
  async start(): Promise<void> {
    const { db, remote } = this.options;
    if (this.firstSync) {
      // Every document is read once from each side's changes feed (deleted ones too).
      const count = async (d: Database) => {
        const info = (await d.info()) as { doc_count?: number; doc_del_count?: number };
        return (info.doc_count ?? 0) + (info.doc_del_count ?? 0);
      };
      const [local, server] = await Promise.all([count(db), count(remote.db).catch(() => 0)]);
      this.total = local + server;
    }
    this.emit({ state: 'syncing', done: 0, total: this.total, firstSync: this.firstSync });
    const first = this.options.firstBackOffMs ?? 1000;
    const max = this.options.maxBackOffMs ?? 60_000;
    const handler = db.sync(remote.db, {
      live: true,
      retry: true,
      // Called when a request failed and sync waits before trying again: offline, and why.
      back_off_function: (delay: number) => {
        const next = delay === 0 ? first : Math.min(delay * 2, max);
        this.retryAt = Date.now() + next;
        this.offline = true;
        const failure = remote.lastFailure();
        this.emit({
          state: 'offline',
          reason: failure ? describeSyncError(failure, this.options.host) : `${this.options.host} does not answer.`,
          retryAt: this.retryAt,
        });
        return next;
      },
    });
    this.handler = handler;
    this.finished = new Promise<void>((resolve) => {
      handler.on('complete', () => resolve());
      handler.on('error', (error) => {
        this.emit({ state: 'error', reason: describeSyncError(error, this.options.host) });
        resolve();
      });
    });
    handler
      .on('change', ({ direction, change }) => {
        const read = change.docs_read ?? 0;
        this.done[direction] = read;
        const written = (change.docs ?? []).map((d) => d._id);
        if (direction === 'push') this.pushed += written.length;
        else this.pulled += written.length;
        this.options.onBatch?.(direction, written.length, written);
        const done = this.done.push + this.done.pull;
        if (!this.firstSync && typeof change.pending === 'number') this.total = Math.max(this.total, done + change.pending);
        this.emit({ state: 'syncing', done, total: Math.max(this.total, done), firstSync: this.firstSync });
      })
      .on('active', () => {
        this.retryAt = null;
        this.offline = false;
        this.emit({ state: 'syncing', done: this.done.push + this.done.pull, total: this.total, firstSync: this.firstSync });
      })
      .on('paused', (error) => {
        if (this.offline) return;
        if (error) {
          this.emit({ state: 'offline', reason: describeSyncError(error, this.options.host), retryAt: this.retryAt });
          return;
        }
        // Both directions caught up: the first full sync is over, later bursts count afresh.
        this.firstSync = false;
        this.total = 0;
        this.done = { push: 0, pull: 0 };
        this.emit({ state: 'up-to-date', at: new Date() });
      })
      .on('denied', (error) => {
        // A document the server refused (a validation function, a size limit): the rest goes on.
        console.warn(`sync: a document was refused by ${this.options.host}: ${describeSyncError(error, this.options.host)}`);
      });
  }

  /** The last state reported. */
  get state(): EngineState | null {
    return this.last;
  }

  /** Stops syncing (the batch in flight is abandoned; the checkpoints say where to continue). */
  async stop(): Promise<void> {
    const handler = this.handler;
    this.handler = null;
    if (!handler) return;
    handler.cancel();
    await this.finished;
  }

  private emit(state: EngineState): void {
    this.last = state;
    this.options.onState(state);
  }
}
