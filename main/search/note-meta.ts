// What the search needs to know about each note besides its words: notebook,
// tags, status, and its text for checking quoted phrases. Kept in columns
// (one array per field, notebook and tag ids numbered) rather than one object
// per note: a qualifier-only search such as `status:active` tests every note,
// and over 40,000 notes scattered objects made that ten times slower.
import type { NoteStatus } from '../../shared/schema';
import { NOTE_STATUSES } from '../../shared/schema';

export interface NoteFacts {
  _id: string;
  bookId: string;
  tags?: readonly string[];
  status?: NoteStatus;
}

/** Numbers each distinct string once, so columns can hold small integers. */
export class Interner {
  private readonly numbers = new Map<string, number>();

  number(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) this.numbers.set(value, (n = this.numbers.size));
    return n;
  }

  /** The number of a value already seen, or -1. */
  find(value: string): number {
    return this.numbers.get(value) ?? -1;
  }

  get size(): number {
    return this.numbers.size;
  }

  /** The values in number order (for the saved index). */
  values(): string[] {
    return [...this.numbers.keys()];
  }

  static from(values: readonly string[]): Interner {
    const interner = new Interner();
    for (const v of values) interner.number(v);
    return interner;
  }
}

/** NoteMetaStore as plain data, for the index file (index-file.ts); the phrase texts go apart, as lines. */
export interface SavedMeta {
  ids: (string | null)[];
  books: number[];
  statuses: number[];
  tags: (readonly number[])[];
  bookNames: string[];
  tagNames: string[];
}

/** A phrase to look for, as text and as UTF-8 (see NoteMetaStore.phraseIncludes). */
export interface PhraseNeedle {
  text: string;
  bytes: Buffer;
}

export const phraseNeedle = (text: string): PhraseNeedle => ({ text, bytes: Buffer.from(text, 'utf8') });

/** Phrase texts of a loaded index: one UTF-8 line per slot, decoded when a phrase query needs one. */
interface SavedPhrases {
  text: Buffer;
  /** Byte offset of each slot's line, and one past the end of the last (its length + 1). */
  starts: Uint32Array;
}

const NO_TAGS: readonly number[] = [];

export class NoteMetaStore {
  private readonly slots = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private ids: (string | null)[] = [];
  private books: number[] = [];
  private statuses: number[] = [];
  private tags: (readonly number[])[] = [];
  // undefined: the slot's phrase is still only in savedPhrases (decoding
  // 200,000 of them at start took longer than the rest of the load).
  private phrases: (string | undefined)[] = [];
  private savedPhrases: SavedPhrases | null = null;
  bookNumbers = new Interner();
  tagNumbers = new Interner();

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  slotOf(id: string): number {
    return this.slots.get(id) ?? -1;
  }

  /** One past the highest slot; slots below it may be empty (see idAt). */
  get slotCount(): number {
    return this.ids.length;
  }

  idAt(slot: number): string | null {
    return this.ids[slot] ?? null;
  }

  set(note: NoteFacts, phrase: string): void {
    let slot = this.slots.get(note._id);
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.ids.length;
      this.slots.set(note._id, slot);
    }
    this.ids[slot] = note._id;
    this.books[slot] = this.bookNumbers.number(note.bookId);
    this.statuses[slot] = NOTE_STATUSES.indexOf(note.status ?? 'none');
    const tags = note.tags ?? [];
    this.tags[slot] = tags.length === 0 ? NO_TAGS : tags.map((t) => this.tagNumbers.number(t));
    this.phrases[slot] = phrase;
  }

  delete(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.slots.delete(id);
    this.ids[slot] = null;
    this.tags[slot] = NO_TAGS;
    this.phrases[slot] = '';
    this.freeSlots.push(slot);
    return true;
  }

  clear(): void {
    this.slots.clear();
    this.freeSlots.length = 0;
    for (const column of [this.ids, this.books, this.statuses, this.tags, this.phrases]) column.length = 0;
    this.savedPhrases = null;
  }

  toSaved(): { facts: SavedMeta; phrases: string[] } {
    const phrases: string[] = [];
    for (let slot = 0; slot < this.ids.length; slot++) phrases.push(this.phraseAt(slot));
    return {
      facts: { ids: this.ids, books: this.books, statuses: this.statuses, tags: this.tags, bookNames: this.bookNumbers.values(), tagNames: this.tagNumbers.values() },
      phrases,
    };
  }

  /**
   * Replaces the contents with saved ones: the facts, and the phrase texts as
   * lines (kept as they are, in a buffer of their own). Throws on data that
   * does not hang together (a damaged file).
   */
  loadSaved(saved: SavedMeta, phraseLines: Buffer): void {
    const n = Array.isArray(saved.ids) ? saved.ids.length : -1;
    if ([saved.books, saved.statuses, saved.tags].some((column) => !Array.isArray(column) || column.length !== n)) {
      throw new Error('the saved note facts are damaged');
    }
    const starts = new Uint32Array(n + 1);
    let at = 0;
    for (let slot = 0; slot < n; slot++) {
      starts[slot] = at;
      const end = slot === n - 1 ? phraseLines.length : phraseLines.indexOf(0x0a, at);
      if (end < 0) throw new Error('the saved phrase texts are damaged');
      at = end + 1;
    }
    starts[n] = at;
    if (n > 0 && at !== phraseLines.length + 1) throw new Error('the saved phrase texts are damaged');
    this.clear();
    this.bookNumbers = Interner.from(saved.bookNames);
    this.tagNumbers = Interner.from(saved.tagNames);
    // The parsed arrays become the columns as they are: copying 200,000 values each was most of the load.
    this.ids = saved.ids.map((id) => (typeof id === 'string' ? id : null));
    this.books = saved.books;
    this.statuses = saved.statuses;
    this.tags = saved.tags;
    this.phrases = new Array<string | undefined>(n);
    this.savedPhrases = { text: phraseLines, starts };
    for (let slot = 0; slot < n; slot++) {
      const id = this.ids[slot];
      if (id !== null && id !== undefined) this.slots.set(id, slot);
      else this.freeSlots.push(slot);
    }
  }

  bookAt(slot: number): number {
    return this.books[slot]!;
  }

  statusAt(slot: number): number {
    return this.statuses[slot]!;
  }

  tagsAt(slot: number): readonly number[] {
    return this.tags[slot]!;
  }

  /**
   * Whether the slot's phrase text contains the needle. A phrase still in the
   * saved buffer is searched as bytes, without decoding it: UTF-8 is
   * self-synchronizing, so a byte match is a character match.
   */
  phraseIncludes(slot: number, needle: PhraseNeedle): boolean {
    const phrase = this.phrases[slot];
    if (phrase !== undefined) return phrase.includes(needle.text);
    const saved = this.savedPhrases;
    if (!saved || slot + 1 >= saved.starts.length) return false;
    return saved.text.subarray(saved.starts[slot], saved.starts[slot + 1]! - 1).includes(needle.bytes);
  }

  phraseAt(slot: number): string {
    const phrase = this.phrases[slot];
    if (phrase !== undefined) return phrase;
    const saved = this.savedPhrases;
    if (!saved || slot + 1 >= saved.starts.length) return '';
    return saved.text.toString('utf8', saved.starts[slot], saved.starts[slot + 1]! - 1);
  }
}

/** Marks, for each numbered value (notebook or tag), whether it is in one of the sets. */
export function markNumbers(interner: Interner, sets: Iterable<ReadonlySet<string>>): Uint8Array {
  const marks = new Uint8Array(interner.size);
  for (const set of sets) {
    for (const value of set) {
      const n = interner.find(value);
      if (n >= 0) marks[n] = 1;
    }
  }
  return marks;
}

export const statusNumber = (status: NoteStatus): number => NOTE_STATUSES.indexOf(status);
