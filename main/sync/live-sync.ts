// One live, two-way sync between the local database and the server's:
// PouchDB's own replication with the checkpoints it keeps on both sides, so
// a restart continues where the last run stopped. This module turns its
// events into a state a person can read: syncing (with n of m during the
// first full pull or push), up to date, offline (retrying with back-off,
// catching up by itself), or stopped by an error that needs the person (a
// password no longer accepted).
//
// Each start (and each return from offline) is first one catch-up pass
// (`db.sync(remote)`, which ends when both sides have everything), then the
// live sync (`{ live, retry }`). A live sync alone cannot say when it has
// caught up: it reports "paused" as soon as the direction with nothing to
// do goes idle, while the other may still have thousands to pull.
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
  /** The first wait after a failure, doubled each time up to `maxBackOffMs`. */
  firstBackOffMs?: number;
  maxBackOffMs?: number;
}

type Handler = ReturnType<Database['sync']> | ReturnType<Database['replicate']['from']>;

/**
 * Documents per request in the catch-up pass: PouchDB's default. 300 was no
 * faster on loopback (15k notes, within the noise of a loaded machine) and
 * made the main thread's longest stalls several times longer.
 */
const CATCH_UP_BATCH = 100;

/** What a replication's 'change' event says about the batch it wrote. */
interface BatchInfo {
  docs_read?: number;
  pending?: number;
  docs?: { _id: string }[];
}

export class LiveSync {
  /** Documents sent to and received from the server since start. */
  pushed = 0;
  pulled = 0;
  private handler: Handler | null = null;
  /** Documents read this burst, each way; `base`: read by the passes before this one (the catch-up's pull). */
  private done = { push: 0, pull: 0 };
  private base = { push: 0, pull: 0 };
  private total = 0;
  private firstSync: boolean;
  private retryAt: number | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backOff = 0;
  /** Waiting to try again: PouchDB says 'paused' then too, with no error, so this tells it from "up to date". */
  private offline = false;
  private stopped = false;

  constructor(private readonly options: LiveSyncOptions) {
    this.firstSync = options.firstSync;
  }

  /** Starts syncing; events report from now on. The estimate for the progress bar is read first. */
  async start(): Promise<void> {
    const { db, remote } = this.options;
    if (this.firstSync) {
      // The catch-up reads every document of the server once (its pull, deleted ones too), then
      // every document here once, the pulled ones included (the two-way pass's push checks them).
      const count = async (d: Database) => {
        const info = (await d.info()) as { doc_count?: number; doc_del_count?: number };
        return (info.doc_count ?? 0) + (info.doc_del_count ?? 0);
      };
      const [local, server] = await Promise.all([count(db), count(remote.db).catch(() => 0)]);
      this.total = server + local + server;
    }
    this.catchUp();
  }

  /** Stops syncing (the batch in flight is abandoned; the checkpoints say where to continue). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const handler = this.handler;
    this.handler = null;
    if (!handler) return;
    handler.cancel();
    // A cancelled pass (or one that had already ended) settles its promise.
    await handler.then(() => undefined, () => undefined);
  }

  /**
   * The catch-up: first everything the server has that is not here (what
   * a new computer waits for: its notes appear as fast as a plain pull
   * brings them), then one two-way pass, which sends what only this
   * computer has and finds nothing more to pull (the pull's checkpoint is
   * the one just written).
   */
  private catchUp(): void {
    if (this.stopped) return;
    this.done = { push: 0, pull: 0 };
    this.base = { push: 0, pull: 0 };
    this.emit({ state: 'syncing', done: 0, total: this.total, firstSync: this.firstSync });
    const pull = this.options.db.replicate.from(this.options.remote.db, { batch_size: CATCH_UP_BATCH });
    this.handler = pull;
    pull.on('change', (change) => this.onChange('pull', change));
    pull.on('denied', (error) => this.onDenied(error));
    pull.then(
      () => {
        if (this.stopped || this.handler !== pull) return;
        this.base = { ...this.done };
        const pass = this.options.db.sync(this.options.remote.db, { batch_size: CATCH_UP_BATCH });
        this.handler = pass;
        pass.on('change', ({ direction, change }) => this.onChange(direction, change));
        pass.on('denied', (error) => this.onDenied(error));
        pass.then(
          () => {
            if (this.stopped || this.handler !== pass) return;
            this.backOff = 0;
            this.offline = false;
            this.caughtUp();
            this.goLive();
          },
          (error: unknown) => this.catchUpFailed(pass, error),
        );
      },
      (error: unknown) => this.catchUpFailed(pull, error),
    );
  }

  private catchUpFailed(pass: Handler, error: unknown): void {
    if (this.stopped || this.handler !== pass) return;
    const status = (error as { status?: unknown }).status;
    if (status === 401 || status === 403) {
      this.emit({ state: 'error', reason: describeSyncError(error, this.options.host) });
      return;
    }
    // Offline (or the server failing): the next pass after a back-off continues from the checkpoints.
    this.backOff = this.nextBackOff(this.backOff);
    this.retryAt = Date.now() + this.backOff;
    this.offline = true;
    this.emit({ state: 'offline', reason: describeSyncError(this.options.remote.lastFailure() ?? error, this.options.host), retryAt: this.retryAt });
    this.retryTimer = setTimeout(() => this.catchUp(), this.backOff);
  }

  private goLive(): void {
    const handler = this.options.db.sync(this.options.remote.db, {
      live: true,
      retry: true,
      // Called when a request failed and sync waits before trying again: offline, and why.
      back_off_function: (delay: number) => {
        const next = this.nextBackOff(delay);
        this.retryAt = Date.now() + next;
        this.offline = true;
        const failure = this.options.remote.lastFailure();
        this.emit({
          state: 'offline',
          reason: failure ? describeSyncError(failure, this.options.host) : `${this.options.host} does not answer.`,
          retryAt: this.retryAt,
        });
        return next;
      },
    });
    this.handler = handler;
    handler
      .on('change', ({ direction, change }) => this.onChange(direction, change))
      .on('active', () => {
        this.retryAt = null;
        this.offline = false;
        this.base = { push: 0, pull: 0 };
        this.emit({ state: 'syncing', done: this.done.push + this.done.pull, total: this.total, firstSync: this.firstSync });
      })
      .on('paused', (error) => {
        if (this.offline) return;
        if (error) {
          this.emit({ state: 'offline', reason: describeSyncError(error, this.options.host), retryAt: this.retryAt });
          return;
        }
        this.caughtUp();
      })
      .on('denied', (error) => this.onDenied(error))
      .on('error', (error) => {
        if (this.handler === handler && !this.stopped) this.emit({ state: 'error', reason: describeSyncError(error, this.options.host) });
      });
  }

  private onChange(direction: 'push' | 'pull', change: BatchInfo): void {
    this.done[direction] = this.base[direction] + (change.docs_read ?? 0);
    const written = change.docs?.length ?? 0;
    if (direction === 'push') this.pushed += written;
    else this.pulled += written;
    const done = this.done.push + this.done.pull;
    if (!this.firstSync && typeof change.pending === 'number') this.total = Math.max(this.total, done + change.pending);
    this.emit({ state: 'syncing', done, total: Math.max(this.total, done), firstSync: this.firstSync });
  }

  /** Both directions caught up: the first full sync is over, later bursts count afresh. */
  private caughtUp(): void {
    this.firstSync = false;
    this.total = 0;
    this.done = { push: 0, pull: 0 };
    this.emit({ state: 'up-to-date', at: new Date() });
  }

  private onDenied(error: unknown): void {
    // A document the server refused (a validation function, a size limit): the rest goes on.
    console.warn(`sync: a document was refused by ${this.options.host}: ${describeSyncError(error, this.options.host)}`);
  }

  private nextBackOff(delay: number): number {
    return delay === 0 ? (this.options.firstBackOffMs ?? 1000) : Math.min(delay * 2, this.options.maxBackOffMs ?? 60_000);
  }

  private emit(state: EngineState): void {
    this.options.onState(state);
  }
}
