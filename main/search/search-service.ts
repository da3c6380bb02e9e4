// Keeps the search worker's index in step with the database: loads every
// note once at start (in pages, so memory stays bounded on the main thread),
// then forwards each change. Queries wait for the first build.
import type { Worker } from 'node:worker_threads';
import type { Database } from '../db/open-database';
import { idRange } from '../db/document-store';
import type { BookDoc, NoteDoc, TagDoc } from '../../shared/schema';
import { TRASH_BOOK_ID } from '../../shared/schema';
import { startWorker } from '../workers/start-worker';
import type { SearchableNote } from './search-index';
import type { FromSearchWorker, ToSearchWorker } from './search-protocol';

const PAGE = 2000;
const NAMES_DELAY_MS = 50;

const searchable = (doc: NoteDoc): SearchableNote => ({
  _id: doc._id, title: doc.title ?? '', body: doc.body ?? '', bookId: doc.bookId, tags: doc.tags ?? [], status: doc.status,
});

export class SearchService {
  private readonly worker: Worker;
  private readonly pendingQueries = new Map<number, { resolve: (ids: string[]) => void; reject: (e: Error) => void }>();
  private nextQueryId = 1;
  private namesTimer: NodeJS.Timeout | null = null;
  private closed = false;
  readonly ready: Promise<{ notes: number; ms: number }>;

  constructor(private readonly db: Database) {
    this.worker = startWorker('search');
    this.worker.unref();
    let markReady!: (report: { notes: number; ms: number }) => void;
    let failReady!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (message: FromSearchWorker) => {
      if (message.type === 'ready') markReady({ notes: message.notes, ms: message.ms });
      else if (message.type === 'result') this.settle(message.id, message.ids);
      else if (message.id !== undefined) this.settle(message.id, new Error(message.message));
      else failReady(new Error(message.message));
    });
    this.worker.on('error', (error) => {
      failReady(error);
      for (const id of [...this.pendingQueries.keys()]) this.settle(id, error);
    });
    this.failReady = failReady;
  }

  private readonly failReady: (error: Error) => void;
  private started = false;

  /** Reads every note into the index; called once the first note list is out, so the two reads do not compete. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.loadAll().catch((error: Error) => this.failReady(error));
  }

  /** Note ids matching the query, best first; notes in the trash only when asked for. */
  async query(text: string, options: { includeTrash?: boolean; limit?: number } = {}): Promise<string[]> {
    this.start();
    await this.ready;
    const id = this.nextQueryId++;
    return new Promise<string[]>((resolve, reject) => {
      this.pendingQueries.set(id, { resolve, reject });
      this.send({ type: 'query', id, text, excludeBookIds: options.includeTrash ? [] : [TRASH_BOOK_ID], limit: options.limit });
    });
  }

  /** Feeds one change from the database's changes feed (with include_docs). */
  apply(change: { id: string; deleted?: boolean; doc?: unknown }): void {
    if (change.id.startsWith('note:')) {
      if (change.deleted || !change.doc) this.send({ type: 'remove', ids: [change.id] });
      else this.send({ type: 'upsert', notes: [searchable(change.doc as NoteDoc)] });
    } else if (change.id.startsWith('book:') || change.id.startsWith('tag:')) {
      this.namesTimer ??= setTimeout(() => void this.sendNames(), NAMES_DELAY_MS);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.namesTimer) clearTimeout(this.namesTimer);
    for (const id of [...this.pendingQueries.keys()]) this.settle(id, new Error('Search was closed.'));
    await this.worker.terminate();
  }

  private async loadAll(): Promise<void> {
    await this.sendNames();
    let startkey = 'note:';
    let skip = 0;
    for (;;) {
      const page = await this.db.allDocs({ include_docs: true, ...idRange('note'), startkey, limit: PAGE, skip });
      if (this.closed) return;
      const notes = page.rows.flatMap((row) => (row.doc ? [searchable(row.doc as unknown as NoteDoc)] : []));
      if (notes.length > 0) this.send({ type: 'load', notes });
      if (page.rows.length < PAGE) break;
      startkey = page.rows[page.rows.length - 1]!.id;
      skip = 1;
    }
    this.send({ type: 'build' });
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

  private send(message: ToSearchWorker): void {
    if (!this.closed) this.worker.postMessage(message);
  }

  private settle(id: number, outcome: string[] | Error): void {
    const pending = this.pendingQueries.get(id);
    if (!pending) return;
    this.pendingQueries.delete(id);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }
}
