// Drives the backup from the database's changes feed. This side owns the
// database (LevelDB allows one opener per process, so it lives where PouchDB
// is); the files are written by a BackupSink: the worker thread in the app
// and the CLI (worker-sink.ts), or a BackupMirror in the same thread.
//
// A pass reads the changes since the checkpoint found in the folder, in
// batches; each batch's files are durable before the checkpoint that covers
// it is written, so a crash at any point costs at most a batch of rewrites.
// The changes feed lists each document once, at its latest change, so
// repeated edits between two passes cost one write. In live mode each write
// to the store only wakes the runner, which waits a moment for a burst to
// settle.
import type { Database } from '../db/open-database';
import { watchWrites, type LiveFeed } from '../db/live-doc-changes';
import { folderProblem } from './errors';
import { BackupMirror, type ApplyOptions, type ApplyResult, type BackupDoc, type Checkpoint } from './mirror';
import { loadDocs, readChanges, type ChangeBatch } from './read-changes';
import { localWriter, type SnapshotWriter } from '../snapshots/take';

export interface BackupSink {
  /** Checks the folder, cleans our crash leftovers, returns our checkpoint there (null: start from the beginning). */
  prepare(): Promise<Checkpoint | null>;
  apply(docs: BackupDoc[], options?: ApplyOptions): Promise<ApplyResult>;
  /** Removes our own temporary files left by a crash; never runs alongside apply(). */
  cleanup(): Promise<number>;
  commit(checkpoint: Omit<Checkpoint, 'clientId' | 'hostname' | 'lastWriteAt'>): Promise<Checkpoint>;
  close(): Promise<void>;
  /** Writes snapshots into the folder's store in the sink's own order (after the mirror's writes queued before). */
  snapshotWriter?(): SnapshotWriter;
}

export type BackupStatus =
  | { state: 'backing-up'; folder: string; done: number; total: number }
  | { state: 'up-to-date'; folder: string; lastWriteAt: string | null; docs: number }
  | { state: 'error'; folder: string; reason: string; retryInMs: number | null }
  | { state: 'stopped'; folder: string };

export interface PassResult extends ApplyResult {
  lastSeq: number | string;
  folder: string;
}

/** The folder cannot be written (missing, read-only, full…); `reason` is in plain words. */
export class BackupFolderError extends Error {
  override name = 'BackupFolderError';
  constructor(
    readonly reason: string,
    readonly code: string | undefined,
  ) {
    super(reason);
  }
}

export interface BackupRunnerOptions {
  db: Database;
  folder: string;
  sink: BackupSink;
  appVersion: string;
  onStatus?: (status: BackupStatus) => void;
  /** Documents per batch (and per checkpoint). */
  batchSize?: number;
  /** The checkpoint is written at most this often during a pass (and always at its end). */
  checkpointEveryMs?: number;
  /** How long live mode waits after a change for the burst to settle. */
  settleMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
}

/** A document the runner is about to write (`start`) or has written (`end`) into the folder. */
export interface AppliedDoc {
  id: string;
  rev: string;
  deleted: boolean;
}
export type ApplyListener = (phase: 'start' | 'end', docs: readonly AppliedDoc[]) => void;

/** Documents per refresh() call when working through requested refreshes. */
const REFRESH_CHUNK = 100;

export class BackupRunner {
  private readonly options: Required<Omit<BackupRunnerOptions, 'onStatus'>> & Pick<BackupRunnerOptions, 'onStatus'>;
  private checkpoint: Checkpoint | null = null;
  private prepared = false;
  private totals = { written: 0, deleted: 0 };
  private feed: LiveFeed | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private stopping = false;
  private needsCleanup = false;
  private cleaning: Promise<void> = Promise.resolve();
  /** Ids whose files the folder watcher asked to have written again; kept until written. */
  private readonly pendingRefresh = new Set<string>();
  private readonly applyListeners = new Set<ApplyListener>();
  /** What this runner has done since it was created (every pass, live or not). */
  readonly session = { written: 0, deleted: 0, unchanged: 0, lastSeq: 0 as number | string };

  constructor(options: BackupRunnerOptions) {
    this.options = { batchSize: 100, checkpointEveryMs: 1000, settleMs: 50, retryInitialMs: 1000, retryMaxMs: 60_000, ...options };
  }

  get folder(): string {
    return this.options.folder;
  }

  /** One pass from the checkpoint to the database's current end. Throws BackupFolderError when the folder cannot be written. */
  async runOnce(): Promise<PassResult> {
    const { db, sink } = this.options;
    const result: PassResult = { written: 0, deleted: 0, unchanged: 0, lastSeq: 0, folder: this.folder };
    try {
      await this.cleaning;
      if (!this.prepared) {
        this.checkpoint = await sink.prepare();
        this.prepared = true;
        this.needsCleanup = true;
        if (this.checkpoint) this.totals = { written: this.checkpoint.counts.written, deleted: this.checkpoint.counts.deleted };
      }
      let since: number | string = this.checkpoint?.lastSeq ?? 0;
      result.lastSeq = since;
      this.session.lastSeq = since;
      const info = await db.info();
      const total = Math.max(0, Number(info.update_seq) - Number(since)) || 0;
      let done = 0;
      let uncommitted: number | string | null = null;
      let lastCommit = performance.now();
      const commit = async (lastSeq: number | string) => {
        this.checkpoint = await sink.commit({
          lastSeq,
          appVersion: this.options.appVersion,
          counts: { docs: (await db.info()).doc_count, ...this.totals },
        });
        uncommitted = null;
        lastCommit = performance.now();
      };
      // The next batch is read from the database while the sink writes this
      // one, and handed over before this one is done: the sink works through
      // its requests in order, so it goes straight on to it, and a checkpoint
      // still waits for the batches it covers.
      const settle = async ({ batch, applying }: { batch: ChangeBatch; applying: Promise<ApplyResult> }) => {
        const applied = await applying;
        for (const target of [result, this.session]) {
          target.written += applied.written;
          target.deleted += applied.deleted;
          target.unchanged += applied.unchanged;
        }
        this.totals.written += applied.written;
        this.totals.deleted += applied.deleted;
        since = batch.lastSeq;
        uncommitted = since;
        // The files are durable now; the checkpoint may wait a moment, a crash then costs only rewrites.
        if (performance.now() - lastCommit >= this.options.checkpointEveryMs) await commit(since);
        result.lastSeq = since;
        this.session.lastSeq = since;
        done += batch.count;
        this.emit({ state: 'backing-up', folder: this.folder, done, total: Math.max(total, done) });
      };
      let prefetch = this.fetch(since);
      let previous: { batch: ChangeBatch; applying: Promise<ApplyResult> } | null = null;
      while (!this.stopping) {
        const batch = await prefetch;
        if (!batch) break;
        const applying = this.applyDocs(batch.docs);
        applying.catch(() => undefined); // observed by settle(), after the batch before it
        prefetch = this.fetch(batch.lastSeq);
        prefetch.catch(() => undefined);
        if (previous) await settle(previous);
        previous = { batch, applying };
      }
      // A stop leaves the read ahead in flight (or, stopped before the first batch, the first read with
      // no handler at all): it is waited for and dropped, so no read of the database outlives the pass
      // and the database can close after stop() ("database is closed", an unhandled rejection, before).
      await prefetch.catch(() => null);
      if (previous) await settle(previous);
      if (uncommitted !== null) await commit(uncommitted);
      if (this.needsCleanup) {
        // Our leftovers from a crash go once we are caught up, off the path of the changes.
        this.needsCleanup = false;
        this.cleaning = sink.cleanup().then(() => undefined, () => undefined);
      }
      return result;
    } catch (error) {
      this.prepared = false;
      if (isFileSystemError(error)) throw new BackupFolderError(folderProblem(error, this.folder), (error as NodeJS.ErrnoException).code);
      throw error;
    }
  }

  /**
   * Writes these documents' files again from the database, whatever the
   * checkpoint says: for a watcher that saw a file in data/ changed or
   * deleted from outside. A revision newer than ours in the folder (another
   * installation's) is still left alone. Unknown ids are ignored.
   */
  async refresh(ids: string[]): Promise<ApplyResult> {
    const { db } = this.options;
    try {
      const rows = (await db.allDocs({ keys: ids })).rows.filter((r) => r.value && !r.error);
      const changes = rows.map((r) => ({ id: r.id, deleted: r.value.deleted === true, changes: [{ rev: r.value.rev }] }));
      return await this.applyDocs(await loadDocs(db, changes), { rewrite: true });
    } catch (error) {
      // As after a failed pass: the folder is checked again before the next write.
      this.prepared = false;
      if (isFileSystemError(error)) throw new BackupFolderError(folderProblem(error, this.folder), (error as NodeJS.ErrnoException).code);
      throw error;
    }
  }

  /**
   * Live mode: refresh() these documents in the next pass, after the changes.
   * While the folder cannot be written they stay queued, retried with the
   * pass's back-off, and the status says why.
   */
  requestRefresh(ids: Iterable<string>): void {
    let added = false;
    for (const id of ids) {
      if (id.startsWith('_design/') || this.pendingRefresh.has(id)) continue;
      this.pendingRefresh.add(id);
      added = true;
    }
    if (added) this.schedule(this.options.settleMs);
  }

  /**
   * Live mode: look at the folder again now (it may have gone, or come back):
   * the next pass checks it and re-reads our checkpoint there, so a folder
   * that disappeared shows in the status, and one that came back empty gets
   * a full copy, without waiting for a change or the back-off.
   */
  recheck(): void {
    this.prepared = false;
    if (this.timer && this.failures > 0) {
      // Waiting out a back-off: try now instead.
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.schedule(0);
  }

  /** Called before and after every write of documents' files (passes and refreshes): lets the folder watcher recognise our own writes. */
  onApply(listener: ApplyListener): () => void {
    this.applyListeners.add(listener);
    return () => this.applyListeners.delete(listener);
  }

  private async applyDocs(docs: BackupDoc[], options?: ApplyOptions): Promise<ApplyResult> {
    const summary = docs.map((d) => ({ id: d.doc._id, rev: d.doc._rev, deleted: d.doc._deleted === true }));
    this.notifyApply('start', summary);
    try {
      return await this.options.sink.apply(docs, options);
    } finally {
      this.notifyApply('end', summary);
    }
  }

  private notifyApply(phase: 'start' | 'end', docs: readonly AppliedDoc[]): void {
    for (const listener of this.applyListeners) {
      try {
        listener(phase, docs);
      } catch {
        // A listener's failure is not the backup's.
      }
    }
  }

  /** Works through the requested refreshes; an id leaves the queue once its files are written. */
  private async runRefreshes(): Promise<void> {
    while (this.pendingRefresh.size > 0 && !this.stopping) {
      const chunk = [...this.pendingRefresh].slice(0, REFRESH_CHUNK);
      const applied = await this.refresh(chunk);
      for (const id of chunk) this.pendingRefresh.delete(id);
      this.session.written += applied.written;
      this.session.deleted += applied.deleted;
      this.session.unchanged += applied.unchanged;
      this.totals.written += applied.written;
      this.totals.deleted += applied.deleted;
    }
  }

  /**
   * Waits until no pass is running or due (one in flight, one a change has
   * scheduled, one asked for while another ran) and the clean-up of crash
   * leftovers is done. A retry after a failure is not waited for: it may never succeed.
   */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.timer && this.failures === 0) await new Promise((resolve) => setTimeout(resolve, this.options.settleMs));
      else break;
    }
    await this.cleaning;
  }

  private fetch(since: number | string): Promise<ChangeBatch | null> {
    return readChanges(this.options.db, since, this.options.batchSize);
  }

  /** Live mode: a pass now, then one after every burst of changes, retrying with back-off while the folder is unusable. */
  start(): void {
    if (this.feed) return;
    this.stopping = false;
    // Told of the store's writes rather than following PouchDB's feed, which reads every changed document's
    // metadata on this thread only to say that something changed (live-doc-changes.ts).
    this.feed = watchWrites(this.options.db, () => this.schedule(this.options.settleMs));
    this.schedule(0);
  }

  /** Stops live mode; the batch in flight is finished (its files and checkpoint written) first. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.feed?.cancel();
    this.feed = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.cleaning;
    this.emit({ state: 'stopped', folder: this.folder });
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.livePass().finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.schedule(this.options.settleMs);
        }
      });
    }, delayMs);
  }

  private async livePass(): Promise<void> {
    try {
      await this.runOnce();
      await this.runRefreshes();
      this.failures = 0;
      this.emit({
        state: 'up-to-date',
        folder: this.folder,
        lastWriteAt: this.checkpoint?.lastWriteAt ?? null,
        docs: this.checkpoint?.counts.docs ?? 0,
      });
    } catch (error) {
      this.failures++;
      const retryInMs = Math.min(this.options.retryMaxMs, this.options.retryInitialMs * 2 ** (this.failures - 1));
      const reason = error instanceof BackupFolderError ? error.reason : String((error as Error).message ?? error);
      this.emit({ state: 'error', folder: this.folder, reason, retryInMs });
      this.again = false;
      if (this.stopping) return;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule(0);
      }, retryInMs);
    }
  }

  private emit(status: BackupStatus): void {
    this.options.onStatus?.(status);
  }
}

function isFileSystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

/** A sink writing in this thread (tests, and where a worker is not wanted). */
export function inProcessSink(folder: string, clientId: string): BackupSink {
  const mirror = new BackupMirror(folder, clientId);
  // One operation at a time, in order, as the worker does.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    prepare: () => serial(() => mirror.prepare()),
    apply: (docs, options) => serial(() => mirror.apply(docs, options)),
    cleanup: () => serial(() => mirror.cleanup()),
    commit: (checkpoint) => serial(() => mirror.commit(checkpoint)),
    close: () => serial(async () => undefined),
    snapshotWriter: () => {
      const local = localWriter(folder);
      return {
        begin: (client, fresh) => serial(() => local.begin(client, fresh)),
        apply: (docs) => serial(() => local.apply(docs)),
        finish: (seq, time, meta) => serial(() => local.finish(seq, time, meta)),
        abort: () => serial(() => local.abort()),
        prune: (own) => serial(() => local.prune(own)),
        merge: () => serial(() => local.merge()),
      };
    },
  };
}
