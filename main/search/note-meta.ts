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
}

const NO_TAGS: readonly number[] = [];

export class NoteMetaStore {
  private readonly slots = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly ids: (string | null)[] = [];
  private readonly books: number[] = [];
  private readonly statuses: number[] = [];
  private readonly tags: (readonly number[])[] = [];
  private readonly phrases: string[] = [];
  readonly bookNumbers = new Interner();
  readonly tagNumbers = new Interner();

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

  phraseAt(slot: number): string {
    return this.phrases[slot]!;
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
