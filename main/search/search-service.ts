// Keeps the search worker's index in step with the database. With an index
// file, a start has the worker load the index saved there and sends it only
// the changes since the sequence it was saved at (the changes feed covers
// every write: the UI, the CLI, a restore, a salvage, the backup folder's
// watcher); without one, or when it cannot be used, every note is read once
// (in pages, so memory stays bounded on the main thread) and indexed by a
// builder thread that hands the index over and ends (build-index.ts). Then
// each change is forwarded. Queries wait until the index is current.
import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { Database } from '../db/open-database';
import { idRange } from '../db/document-store';
import { docChangesSince } from '../db/doc-changes';
import type { BookDoc, NoteDoc, TagDoc } from '../../shared/schema';
import { TRASH_BOOK_ID } from '../../shared/schema';
import { startWorker } from '../workers/start-worker';
import { parseSearchQuery } from '../../shared/search-query';
import { searchableNote } from './searchable-note';
import { buildSearchIndex } from './build-index';
import { partsTransfer, type FromSearchWorker, type QueryPage, type ToSearchWorker } from './search-protocol';
import type { PageRequest } from './search-index';

// The worker's last save before Quire closes (seconds at 200,000 notes) is waited for at most this long:
// a save cut short leaves the previous file (the write is atomic), which the next start brings up to date.
const CLOSE_SAVE_WAIT_MS = 15_000;

export interface SearchReady {
  notes: number;
  ms: number;
  /** 'saved': the index file was loaded and brought up to date; 'built': every note was read. */
  source: 'saved' | 'built';
  /** Why the index file was not used, when it was not. */
  reason?: string;
  /** Changes applied on top of the saved index. */
  caughtUp?: number;
  /** Time the worker took to read, check and load the index file (or to find it unusable). */
  loadMs?: number;
}

interface QueryAnswer {
  ids: string[];
  page?: QueryPage;
}

export interface SearchServiceOptions {
  /** Where the index is saved between starts (in the user data folder); none: rebuilt at every start. */
  indexFile?: string;
}
const NAMES_DELAY_MS = 50;

/** Whether a query names a notebook or tag (book:, tag:, or their exclusions), which the worker finds by name. */
function needsNames(text: string): boolean {
  const q = parseSearchQuery(text);
  return q.books.length + q.excludeBooks.length + q.tags.length + q.excludeTags.length > 0;
}


/** A change as the database's changes feed gives it with include_docs. */
type FeedChange = { id: string; seq?: number | string; deleted?: boolean; doc?: unknown };

export class SearchService {
  private readonly worker: Worker;
  private readonly pendingQueries = new Map<number, { resolve: (answer: QueryAnswer) => void; reject: (e: Error) => void }>();
  private nextQueryId = 1;
  private namesTimer: NodeJS.Timeout | null = null;
  /** The first names sent to the worker (bringUp); a query that names a notebook or tag waits for it. */
  private firstNames: Promise<void> = Promise.resolve();
  private closed = false;
  /** Aborted when Quire closes: a build under way is ended at once. */
  private readonly closing = new AbortController();
  readonly ready: Promise<SearchReady>;
  private readonly markReady: (report: SearchReady) => void;
  private restored: ((message: Extract<FromSearchWorker, { type: 'restored' }>) => void) | null = null;
  private flushed: (() => void) | null = null;
  /** False once the worker has failed or exited: nothing is then waited for from it. */
  private workerAlive = true;
  /** Why the worker is gone, when it stopped by itself: later queries are refused with it. */
  private stopped: Error | null = null;
  private startedAt = 0;

  constructor(
    private readonly db: Database,
    private readonly options: SearchServiceOptions = {},
  ) {
    this.worker = startWorker('search');
    this.worker.unref();
    let markReady!: (report: SearchReady) => void;
    let failReady!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined);
    this.markReady = markReady;
    this.worker.on('message', (message: FromSearchWorker) => {
      if (message.type === 'ready') for (const waiter of this.readyWaiters.splice(0)) waiter.resolve(message);
      else if (message.type === 'damaged') void this.rebuild(message.reason);
      else if (message.type === 'restored') this.restored?.(message);
      else if (message.type === 'flushed') this.flushed?.();
      else if (message.type === 'result') this.settle(message.id, { ids: message.ids, page: message.page });
      else if (message.id !== undefined) this.settle(message.id, new Error(message.message));
      else {
        // The worker could not bring the index up (or take in a rebuilt one): whoever waits for it is told.
        const error = new Error(message.message);
        for (const waiter of this.readyWaiters.splice(0)) waiter.reject(error);
        failReady(error);
      }
    });
    this.worker.on('exit', (code) => {
      this.workerGone();
      if (this.closed) return;
      // Stopped by something other than close(): every query waiting on it, and every later one, is told.
      const stopped = new Error(`Search stopped: its worker exited (code ${code}).`);
      this.stopped = stopped;
      failReady(stopped);
      for (const id of [...this.pendingQueries.keys()]) this.settle(id, stopped);
    });
    this.worker.on('error', (error) => {
      this.workerGone();
      failReady(error);
      for (const id of [...this.pendingQueries.keys()]) this.settle(id, error);
    });
    this.failReady = failReady;
  }

  private readonly failReady: (error: Error) => void;
  /** Who waits for the worker's next 'ready' (a catch-up's end and a rebuild's adopt may both wait for one). */
  private readonly readyWaiters: { resolve: (message: Extract<FromSearchWorker, { type: 'ready' }>) => void; reject: (error: Error) => void }[] = [];
  private rebuilding: Promise<void> | null = null;
  private started = false;

  /** Brings the index up (saved or built); called once the first note list is out, so the two reads do not compete. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.startedAt = performance.now();
    void this.bringUp().catch((error: Error) => this.failReady(error));
  }

  /**
   * Whether start() will load a saved index (a fraction of a second) rather than build one from every
   * note (seconds of both cores). A saved file of another format or a damaged one is found only by
   * loading it, and is then built again all the same.
   */
  hasSavedIndex(): boolean {
    return this.options.indexFile !== undefined && fs.existsSync(this.options.indexFile);
  }

  /** Note ids matching the query, best first; notes in the trash only when asked for. */
  async query(text: string, options: { includeTrash?: boolean; limit?: number } = {}): Promise<string[]> {
    return (await this.ask(text, options)).ids;
  }

  /**
   * query()'s ids (every match) and the first rows of the list they make
   * (`page`), in its order: for a query typed before every summary is read.
   */
  async queryPage(text: string, options: { includeTrash?: boolean }, page: PageRequest): Promise<Required<QueryAnswer>> {
    const answer = await this.ask(text, { ...options, page });
    if (!answer.page) throw new Error('Search answered without the first page.');
    return { ids: answer.ids, page: answer.page };
  }

  private async ask(text: string, options: { includeTrash?: boolean; limit?: number; page?: PageRequest }): Promise<QueryAnswer> {
    this.start();
    await this.ready;
    if (needsNames(text)) await this.firstNames;
    if (this.stopped) throw this.stopped;
    const id = this.nextQueryId++;
    return new Promise<QueryAnswer>((resolve, reject) => {
      this.pendingQueries.set(id, { resolve, reject });
      this.send({
        type: 'query', id, text, excludeBookIds: options.includeTrash ? [] : [TRASH_BOOK_ID], limit: options.limit,
        ...(options.page ? { page: options.page } : {}),
      });
    });
  }

  /** Feeds one change from the database's changes feed (with include_docs). */
  apply(change: FeedChange): void {
    this.applyMany([change]);
  }

  /**
   * Feeds changes from the database's changes feed (with include_docs), in
   * their order: each run of upserts, or of removals, goes to the worker as
   * one message (a message per note was 5 s of a move of 192,000 notes to
   * the Trash).
   */
  applyMany(changes: readonly FeedChange[]): void {
    let run = null as Extract<ToSearchWorker, { type: 'upsert' | 'remove' }> | null;
    for (const change of changes) {
      if (change.id.startsWith('book:') || change.id.startsWith('tag:')) {
        this.namesTimer ??= setTimeout(() => void this.sendNames(), NAMES_DELAY_MS);
        continue;
      }
      if (!change.id.startsWith('note:')) continue;
      const type = change.deleted || !change.doc ? 'remove' : 'upsert';
      if (run?.type !== type) {
        if (run) this.send(run);
        run = type === 'remove' ? { type, ids: [] } : { type, notes: [] };
      }
      try {
        if (run.type === 'remove') run.ids.push(change.id);
        else run.notes.push(searchableNote(change.doc as NoteDoc));
      } catch (error) {
        // One note that cannot be read for the index (nothing foreseen) must not keep the others out of it.
        console.warn(`${JSON.stringify(change.id)} could not be indexed: ${(error as Error).message}`);
        continue;
      }
      const seq = change.seq === undefined ? undefined : Number(change.seq);
      if (seq !== undefined) run.seq = Math.max(run.seq ?? seq, seq);
    }
    if (run) this.send(run);
  }

  /** Has the worker save the index now if it changed since its last save; resolves once written (or after `timeoutMs`). */
  async flush(timeoutMs?: number): Promise<void> {
    if (!this.options.indexFile || this.closed || !this.workerAlive) return;
    await new Promise<void>((resolve) => {
      this.flushed = resolve;
      if (timeoutMs !== undefined) setTimeout(resolve, timeoutMs).unref();
      this.send({ type: 'flush' });
    });
  }

  /** Saves the index if it changed (waiting a bounded time), then stops the worker. */
  async close(): Promise<void> {
    await this.flush(CLOSE_SAVE_WAIT_MS);
    this.closed = true;
    this.closing.abort();
    if (this.namesTimer) clearTimeout(this.namesTimer);
    for (const id of [...this.pendingQueries.keys()]) this.settle(id, new Error('Search was closed.'));
    await this.worker.terminate();
  }

  private async bringUp(): Promise<void> {
    const file = this.options.indexFile;
    if (file) {
      // The notebooks' and tags' names are read while the worker loads the file, and not waited for:
      // only a query naming a notebook or tag needs them (query()). Read beside the summary cache at
      // start-up (a chain of database callbacks, each waiting a turn of the event loop) they took
      // 0.7-1 s at 200k notes.
      this.firstNames = this.sendNames();
      this.firstNames.catch(() => undefined); // said to the queries that wait for it
      // The sequence is read before the saved index is checked against it, and before any change is read.
      // PouchDB's instance id (its typings omit id()): a new database, a salvaged one, gets a new one.
      const [dbId, info] = await Promise.all([(this.db as unknown as { id(): Promise<string> }).id(), this.db.info()]);
      const updateSeq = Number(info.update_seq);
      const restored = await new Promise<Extract<FromSearchWorker, { type: 'restored' }>>((resolve) => {
        this.restored = resolve;
        this.send({ type: 'restore', target: { file, dbId }, updateSeq });
      });
      if (this.closed) return;
      if (restored.seq !== null) {
        const caughtUp = await this.catchUp(restored.seq);
        if (caughtUp === null) return;
        await this.whenWorkerReady({ type: 'caughtUp', seq: caughtUp.seq });
        this.markReady({ notes: restored.notes, ms: performance.now() - this.startedAt, source: 'saved', caughtUp: caughtUp.changes, loadMs: restored.ms });
        return;
      }
      await this.loadAll(restored.reason);
      return;
    }
    await this.loadAll();
  }

  /** Sends the worker every change since `since`, in pages; null if closed meanwhile. */
  private async catchUp(since: number): Promise<{ seq: number; changes: number } | null> {
    let seq = since;
    let count = 0;
    for await (const page of docChangesSince(this.db, since)) {
      if (this.closed) return null;
      this.applyMany(page.results);
      count += page.results.length;
      seq = Number(page.lastSeq);
    }
    return { seq, changes: count };
  }

  private whenWorkerReady(message: ToSearchWorker, transfer: ArrayBuffer[] = []): Promise<Extract<FromSearchWorker, { type: 'ready' }>> {
    return new Promise((resolve, reject) => {
      this.readyWaiters.push({ resolve, reject });
      this.send(message, transfer);
    });
  }

  /** The worker found the saved index damaged while reading it late: every note is read again; it holds queries until then. */
  private rebuild(reason: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    console.warn(`Search: ${reason}; building the index again from the notes.`);
    this.rebuilding ??= this.loadAll(reason)
      .catch((error: Error) => {
        const stopped = new Error(`Search could not rebuild its index: ${error.message}`);
        this.stopped = stopped;
        // A start still waiting for its index (damage found by the catch-up) is told too, and so every later query.
        this.failReady(stopped);
        for (const id of [...this.pendingQueries.keys()]) this.settle(id, stopped);
      })
      .finally(() => (this.rebuilding = null));
    return this.rebuilding;
  }

  private async loadAll(reason?: string): Promise<void> {
    // Read before the documents: a change made during the read is applied again later, never missed.
    const seq = Number((await this.db.info()).update_seq);
    await this.sendNames();
    const built = await buildSearchIndex(this.db, this.closing.signal);
    if (!built) return;
    const ready = await this.whenWorkerReady({ type: 'adopt', parts: built.parts, seq }, partsTransfer(built.parts));
    this.markReady({ notes: ready.notes, ms: performance.now() - this.startedAt, source: 'built', ...(reason ? { reason } : {}) });
  }

  private async sendNames(): Promise<void> {
    this.namesTimer = null;
    const [books, tags] = await Promise.all([
      this.db.allDocs({ include_docs: true, ...idRange('book') }),
      this.db.allDocs({ include_docs: true, ...idRange('tag') }),
    ]);
    if (this.closed) return;
    this.send({
      type: 'names',
      books: books.rows.flatMap((r) => {
        const b = r.doc as unknown as BookDoc | undefined;
        return b ? [{ id: b._id, name: b.name, parentBookId: b.parentBookId ?? null }] : [];
      }),
      tags: tags.rows.flatMap((r) => {
        const t = r.doc as unknown as TagDoc | undefined;
        return t ? [{ id: t._id, name: t.name }] : [];
      }),
    });
  }

  /** A worker that failed (its file missing, an exception) or exited answers no flush: closing does not wait the bound for it. */
  private workerGone(): void {
    this.workerAlive = false;
    this.flushed?.();
  }

  private send(message: ToSearchWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.closed) this.worker.postMessage(message, transfer);
  }

  private settle(id: number, outcome: QueryAnswer | Error): void {
    const pending = this.pendingQueries.get(id);
    if (!pending) return;
    this.pendingQueries.delete(id);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
