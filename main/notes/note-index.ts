// An in-memory index of note summaries, loaded once from the database and
// kept current from its changes feed, so listing 40,000 notes never touches
// the disk on the hot path.
import type { Database } from '../db/open-database';
import type { NoteDoc } from '../../shared/schema';
import type { NoteSort, NoteSummary } from '../../shared/types';
import { summarizeNote } from './note-summary';

export class NoteIndex {
  private readonly summaries = new Map<string, NoteSummary>();
  private loaded: Promise<void> | null = null;

  constructor(private readonly db: Database) {}

  /** Loads every note once; later calls wait for the same load. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      const result = await this.db.allDocs({ include_docs: true, startkey: 'note:', endkey: 'note:\uffff' });
      for (const row of result.rows) {
        if (row.doc) this.summaries.set(row.id, summarizeNote(row.doc as unknown as NoteDoc));
      }
    })();
    return this.loaded;
  }

  /** Applies one change from the changes feed (with include_docs). */
  apply(change: { id: string; deleted?: boolean; doc?: unknown }): void {
    if (!change.id.startsWith('note:')) return;
    if (change.deleted || !change.doc) this.summaries.delete(change.id);
    else this.summaries.set(change.id, summarizeNote(change.doc as NoteDoc));
  }

  get size(): number {
    return this.summaries.size;
  }

  get(id: string): NoteSummary | undefined {
    return this.summaries.get(id);
  }

  all(): IterableIterator<NoteSummary> {
    return this.summaries.values();
  }

  /** Pinned first, then by the chosen key (newest first for dates, A–Z for titles). */
  list(filter: (note: NoteSummary) => boolean, sort: NoteSort = 'updatedAt'): NoteSummary[] {
    const rows: NoteSummary[] = [];
    for (const note of this.summaries.values()) if (filter(note)) rows.push(note);
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    rows.sort((a, b) => {
      if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
      if (sort === 'title') return collator.compare(a.title, b.title) || b.updatedAt - a.updatedAt;
      return b[sort] - a[sort] || a.id.localeCompare(b.id);
    });
    return rows;
  }
}
