// An in-memory index of note summaries, kept current from the database's
// changes feed, so listing 40,000 notes never touches the disk on the hot
// path. Reading every note from LevelDB takes seconds on a large database,
// so the summaries are also saved to a cache file with the sequence they
// cover; the next start reads the cache and catches up from that sequence,
// doing work in proportion to what changed, not to the database. A start
// without the cache has worker threads summarize every note
// (summarize-every-note.ts).
import fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { Database } from '../db/open-database';
import { docChangesSince } from '../db/doc-changes';
import type { NoteDoc } from '../../shared/schema';
import type { FirstRows, NoteSort, NoteSummary } from '../../shared/types';
import { summarizeChanges, summarizeNote, SUMMARY_VERSION } from './note-summary';
import { summarizeEveryNote } from './summarize-every-note';
import { readSummaryCache, readSummaryCacheHead, writeSummaryCache, type FirstRowsBySort, type SummaryCacheHead } from './summary-cache';
import { firstVisibleNotes } from '../../shared/note-list';

/**
 * The cache is saved once the changes have paused for SAVE_DELAY_MS, or
 * SAVE_AT_MOST_AFTER_MS after the first change it lacks. Saved every 5 s
 * through a bulk move of 192,000 notes, it was written a dozen times (each
 * a second and a half of the host's thread), and a cache a minute behind
 * costs the next start only the reading of what changed since.
 */
const SAVE_DELAY_MS = 5000;
const SAVE_AT_MOST_AFTER_MS = 60_000;
/** Rows saved per sort for the next start's first screenful (a window asks for 60). */
const SAVED_FIRST_ROWS = 100;
/** Reading the summary cache after hurry(): long enough for a few lines, short enough that a click is answered. */
const HURRIED_SLICE_MS = 50;
/** The longest the cache's read waits for urgent work before reading another line. */
const MAX_HOLD_MS = 1000;
const SORTS: readonly NoteSort[] = ['updatedAt', 'createdAt', 'title'];
/**
 * Below this many documents the main thread summarizes every note itself:
 * starting the two worker threads costs more than they save (a new
 * profile has two documents; 10,000 notes take about 0.15 s here).
 */
const SUMMARY_WORKERS_FROM = 10_000;

export class NoteIndex {
  private readonly summaries = new Map<string, NoteSummary>();
  private loaded: Promise<void> | null = null;
  private saveTimer: NodeJS.Timeout | null = null;
  private firstUnsavedAt = 0;
  private lastChangeAt = 0;
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();
  private head: Promise<SummaryCacheHead | null> | null = null;
  private readDone = false;
  /** Every change up to this sequence is reflected in the summaries. */
  private seq = 0;
  /** Notes the changes feed reported while the load runs: the feed is newer than what the load read. */
  private touched: Set<string> | null = null;
  /** How long the cache is read between turns of the event loop (hurry()). */
  private sliceMs = 0;
  /** Requests under way that the cache's read waits for (whileUrgent()), and their end. */
  private urgent = 0;
  private urgentDone: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(
    private readonly db: Database,
    /** Where to keep the summary cache; none means always read the database. */
    private readonly cacheFile?: string,
    /** From how many documents a start without the cache has worker threads summarize the notes (tests set 0). */
    private readonly summaryWorkersFrom = SUMMARY_WORKERS_FROM,
    /** When the cache is saved: a clock that never steps back (the wall clock can, and would hold a save for as long). */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Loads every note once; later calls wait for the same load. */
  load(): Promise<void> {
    // A failed load (the database closed under it, say) is forgotten, so the next call tries again.
    this.loaded ??= this.loadFromCacheOrDatabase().catch((error: unknown) => {
      this.loaded = null;
      throw error;
    });
    return this.loaded;
  }

  private async loadFromCacheOrDatabase(): Promise<void> {
    this.touched = new Set();
    try {
      const cache = await this.readCache();
      const info = await this.db.info();
      const usable = cache !== null && cache.seq <= Number(info.update_seq);
      let since = 0;
      if (usable) {
        this.applyRead(cache.summaries, []);
        since = cache.seq;
      } else if (info.doc_count >= this.summaryWorkersFrom) {
        // Without a cache, every note is read: by worker threads where the store can be read directly.
        since = (await summarizeEveryNote(this.db, (page) => this.applyRead(page.summaries, page.removed))) ?? 0;
      }
      this.advance(since);
      // The changes since the cache or the worker's read (or, when the worker could not read, every note).
      // A cache of an earlier version, without the first rows for the next start, is written again too.
      let changed = !usable || !cache.firstRows;
      for await (const page of docChangesSince(this.db, since)) {
        const { summaries, removed } = summarizeChanges(page.results);
        this.applyRead(summaries, removed);
        this.advance(page.lastSeq);
        changed ||= page.results.length > 0;
      }
      if (changed) {
        this.dirty = true;
        this.scheduleSave();
      }
      this.readDone = true;
    } finally {
      this.touched = null;
    }
  }

  /**
   * While the notes are still being read (a second at 200,000): the first
   * rows of the list of all notes in `sort`, as the cache saved them, if the
   * database is still at the sequence they were saved at (nothing changed
   * since). Null otherwise, or once the notes are read.
   */
  async savedFirstRows(sort: NoteSort, limit: number): Promise<FirstRows | null> {
    if (!this.cacheFile || this.readDone) return null;
    this.head ??= readSummaryCacheHead(this.cacheFile, SUMMARY_VERSION);
    const [head, info] = await Promise.all([this.head, this.db.info()]);
    const rows = head?.firstRows[sort];
    if (!head || !rows || head.seq !== Number(info.update_seq)) return null;
    if (rows.notes.length < Math.min(limit, rows.total)) return null;
    return { notes: rows.notes.slice(0, limit), total: rows.total };
  }

  /** What the load read, except for notes the changes feed has reported since it began: the feed's are newer. */
  private applyRead(summaries: readonly NoteSummary[], removed: readonly string[]): void {
    for (const summary of summaries) if (!this.touched?.has(summary.id)) this.summaries.set(summary.id, summary);
    for (const id of removed) if (!this.touched?.has(id)) this.summaries.delete(id);
  }

  /** Applies one change from the changes feed (with include_docs, and conflicts for the summaries' conflict counts). */
  apply(change: { id: string; seq?: number | string; deleted?: boolean; doc?: unknown }): void {
    if (change.seq !== undefined) this.advance(change.seq);
    if (!change.id.startsWith('note:')) return;
    this.touched?.add(change.id);
    if (change.deleted || !change.doc) this.summaries.delete(change.id);
    else this.summaries.set(change.id, summarizeNote(change.doc as NoteDoc));
    this.dirty = true;
    if (this.loaded) this.scheduleSave();
  }

  get size(): number {
    return this.summaries.size;
  }

  /** Whether a summary cache is there to read (none: the first start after an import, or the cache was lost). */
  hasCache(): boolean {
    return this.cacheFile !== undefined && fs.existsSync(this.cacheFile);
  }

  /** Whether every note's summary has been read (until then a query's first page is put in order by the search worker). */
  get isLoaded(): boolean {
    return this.readDone;
  }

  /** These notes' summaries, in this order: from those read, or from the database while they are still being read. */
  async summariesOf(ids: readonly string[]): Promise<NoteSummary[]> {
    if (this.readDone) return ids.flatMap((id) => this.summaries.get(id) ?? []);
    const read = await this.db.allDocs({ keys: [...ids], include_docs: true, conflicts: true });
    return read.rows.flatMap((row) => ('doc' in row && row.doc ? [summarizeNote(row.doc as unknown as NoteDoc)] : []));
  }

  get(id: string): NoteSummary | undefined {
    return this.summaries.get(id);
  }

  /** The summaries by id, read-only. */
  byId(): ReadonlyMap<string, NoteSummary> {
    return this.summaries;
  }

  all(): IterableIterator<NoteSummary> {
    return this.summaries.values();
  }

  /** Writes the cache now if anything changed since the last write (called on close); resolves once every write asked for is done. */
  flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    // One write at a time: a timed save still writing when Quire closes would
    // otherwise share its temporary file with the save on close.
    const run = this.writing.then(() => this.writeIfChanged());
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async writeIfChanged(): Promise<void> {
    if (!this.dirty || !this.cacheFile || !this.loaded) return;
    await this.loaded;
    this.dirty = false;
    const firstRows: FirstRowsBySort = {};
    for (const sort of SORTS) firstRows[sort] = firstVisibleNotes(this.summaries, { kind: 'all' }, [], sort, null, SAVED_FIRST_ROWS);
    await writeSummaryCache(this.cacheFile, SUMMARY_VERSION, { seq: this.seq, summaries: [...this.summaries.values()], firstRows });
  }

  private advance(seq: number | string): void {
    const n = Number(seq);
    if (Number.isFinite(n) && n > this.seq) this.seq = n;
  }

  private scheduleSave(): void {
    if (!this.cacheFile) return;
    // Called for every change: only a time is noted here; the timer looks at it when it fires.
    this.lastChangeAt = this.clock();
    if (this.saveTimer) return;
    this.firstUnsavedAt = this.lastChangeAt;
    this.armSave(SAVE_DELAY_MS);
  }

  private armSave(ms: number): void {
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      const now = this.clock();
      const quietFor = now - this.lastChangeAt;
      const dueIn = this.firstUnsavedAt + SAVE_AT_MOST_AFTER_MS - now;
      if (quietFor < SAVE_DELAY_MS && dueIn > 0) return this.armSave(Math.min(SAVE_DELAY_MS - quietFor, dueIn));
      void this.flush();
    }, ms);
    this.saveTimer.unref();
  }

  /**
   * Read a line at a time (summary-cache.ts): the host serves the window's
   * page meanwhile; after hurry(), in slices of HURRIED_SLICE_MS.
   */
  private async readCache() {
    if (!this.cacheFile) return null;
    // Held for a second at most: urgent work that never ends (a database that stopped answering) must not stop the list.
    const held = () => (this.urgentDone ? Promise.race([this.urgentDone.promise, delay(MAX_HOLD_MS, undefined, { ref: false })]) : null);
    return readSummaryCache(this.cacheFile, SUMMARY_VERSION, { sliceMs: () => this.sliceMs, held });
  }

  /**
   * Reads the rest of the cache in longer slices: once a window has its
   * first rows, the next thing it waits for is every summary (its list, a
   * search's results). Read a line per turn of the event loop, the cache
   * took over a second at 200,000 notes, as every small request's chain of
   * database callbacks waited a line per step (issue 16).
   */
  hurry(): void {
    this.sliceMs = HURRIED_SLICE_MS;
  }

  /**
   * Runs `work` with the cache's read held until it ends: a query's first
   * page, answered while the summaries are read, goes through several
   * database callbacks, each of which waited up to a slice (0.1-0.4 s in all
   * at 192,000 notes), and still a line per step when read a line per turn
   * (up to 0.8 s for its rows' notes).
   */
  async whileUrgent<T>(work: () => Promise<T>): Promise<T> {
    if (this.urgent++ === 0) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.urgentDone = { promise, resolve };
    }
    try {
      return await work();
    } finally {
      if (--this.urgent === 0) {
        this.urgentDone?.resolve();
        this.urgentDone = null;
      }
    }
  }
}
