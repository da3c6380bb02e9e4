// What the note list sorts by (pinned, created, updated, title), kept per
// slot beside the note facts (note-meta.ts). With them the search worker
// answers a query's first page in the list's order while the main process
// is still reading every note's summary: at 192,000 notes a query typed at
// the first rows waited 0.2-0.4 s for those summaries after its answer was
// ready (docs/benchmarks.md, issue 16).
import { bytesOf, doubles } from './saved-numbers';

/** The parts of a note the list's order depends on (as its summary has them: note-summary.ts). */
export interface SortableNote {
  title: string;
  // Only `true` is pinned, here and in the summary.
  pinned?: boolean;
  createdAt?: number;
  updatedAt?: number;
}

export interface SortKeysOfSlot {
  title: string;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
}

/** SortKeys as the index file's parts: pinned (a byte a slot), created and updated (doubles), the titles (a JSON array). */
export const SORT_KEY_PARTS = 4;

/** The columns as loaded (typed arrays viewing the saved parts), until the first change turns them into arrays. */
interface LoadedColumns {
  pinned: Uint8Array;
  created: Float64Array;
  updated: Float64Array;
}

export class SortKeys {
  private pinned: number[] = [];
  private created: number[] = [];
  private updated: number[] = [];
  // undefined: still only in savedTitles, parsed the first time a title is asked for (only the title sort needs them).
  private titles: (string | undefined)[] = [];
  private savedTitles: Buffer | null = null;
  private loadedColumns: LoadedColumns | null = null;

  set(slot: number, note: SortableNote): void {
    this.editable();
    this.pinned[slot] = note.pinned === true ? 1 : 0;
    // A date of another type (a document from elsewhere) as the summary's sorts (compareNotes subtracts them, which
    // converts both as Number() does: null is 0, a missing one NaN).
    this.created[slot] = Number(note.createdAt);
    this.updated[slot] = Number(note.updatedAt);
    this.titles[slot] = note.title;
  }

  /** An emptied slot. */
  forget(slot: number): void {
    this.set(slot, { title: '' });
  }

  clear(): void {
    this.loadedColumns = null;
    this.savedTitles = null;
    for (const column of [this.pinned, this.created, this.updated, this.titles]) column.length = 0;
  }

  /** The slot's keys; its title only when asked for (parsing every saved title is for the title sort only). */
  at(slot: number, withTitle = true): SortKeysOfSlot {
    const loaded = this.loadedColumns;
    return {
      title: withTitle ? this.titleAt(slot) : '',
      pinned: (loaded ? loaded.pinned[slot] : this.pinned[slot]) === 1,
      createdAt: (loaded ? loaded.created[slot] : this.created[slot]) ?? NaN,
      updatedAt: (loaded ? loaded.updated[slot] : this.updated[slot]) ?? NaN,
    };
  }

  toSaved(slots: number): Uint8Array[] {
    const pinned = new Uint8Array(slots);
    const created = new Float64Array(slots);
    const updated = new Float64Array(slots);
    const titles: string[] = [];
    for (let slot = 0; slot < slots; slot++) {
      const keys = this.at(slot);
      pinned[slot] = keys.pinned ? 1 : 0;
      created[slot] = keys.createdAt;
      updated[slot] = keys.updatedAt;
      titles.push(keys.title);
    }
    return [pinned, bytesOf(created), bytesOf(updated), Buffer.from(JSON.stringify(titles), 'utf8')];
  }

  /** Replaces the contents with saved ones for `slots` slots; throws on parts that do not fit. */
  loadSaved(parts: readonly Buffer[], slots: number): void {
    const [pinned, created, updated, titles] = parts as [Buffer, Buffer, Buffer, Buffer];
    if (parts.length !== SORT_KEY_PARTS || pinned.length !== slots || created.length !== 8 * slots || updated.length !== 8 * slots) {
      throw new Error('the saved sort keys are damaged');
    }
    this.clear();
    this.loadedColumns = { pinned, created: doubles(created), updated: doubles(updated) };
    this.titles = new Array<string | undefined>(slots);
    this.savedTitles = titles;
  }

  private titleAt(slot: number): string {
    if (this.savedTitles) {
      const saved = JSON.parse(this.savedTitles.toString('utf8')) as unknown;
      if (!Array.isArray(saved)) throw new Error('the saved sort keys are damaged');
      this.savedTitles = null;
      for (let i = 0; i < this.titles.length; i++) if (this.titles[i] === undefined) this.titles[i] = String(saved[i] ?? '');
    }
    return this.titles[slot] ?? '';
  }

  /** Before a change: the loaded typed arrays become arrays that can grow. */
  private editable(): void {
    const loaded = this.loadedColumns;
    if (!loaded) return;
    this.loadedColumns = null;
    this.pinned = Array.from(loaded.pinned);
    this.created = Array.from(loaded.created);
    this.updated = Array.from(loaded.updated);
  }
}
