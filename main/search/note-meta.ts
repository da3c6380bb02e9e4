// What the search needs to know about each note besides its words: notebook,
// tags, status, and its text for checking quoted phrases. Kept in columns
// (one array per field, notebook and tag ids numbered) rather than one object
// per note: a qualifier-only search such as `status:active` tests every note,
// and over 40,000 notes scattered objects made that ten times slower.
// From doc-limits, not schema: the search worker has no use for zod's document schemas.
import { NOTE_STATUSES, type NoteStatus } from '../../shared/doc-limits';
import { Interner } from '../util/interner';
import type { LaterPart } from './later-part';
import { bytesOf, words } from './saved-numbers';
import { SORT_KEY_PARTS, SortKeys, type SortableNote, type SortKeysOfSlot } from './sort-keys';

export interface NoteFacts extends SortableNote {
  _id: string;
  bookId: string;
  tags?: readonly string[];
  status?: NoteStatus;
}

/**
 * NoteMetaStore as the index file's parts (index-file.ts), in this order:
 * the ids (one a line, "" for an empty slot, JSON for an id that could be
 * mistaken), the phrase texts (one a line) and the byte offset of each
 * line, the notebook and status numbers, the tags (an offset per slot, then
 * the tag numbers), the notebook and tag names (JSON), then the list's sort
 * keys (sort-keys.ts). Numbers as typed arrays: parsing them from JSON at
 * 200k notes took longer than reading them.
 */
export const SAVED_META_PARTS = 7 + SORT_KEY_PARTS;
/** Which of those parts may be read later (later-part.ts): the phrase texts, which only a quoted phrase or a save needs. */
export const PHRASE_TEXT_PART = 1;

/** A phrase to look for, as text and as UTF-8 (see NoteMetaStore.phraseIncludes). */
export interface PhraseNeedle {
  text: string;
  bytes: Buffer;
}

export const phraseNeedle = (text: string): PhraseNeedle => ({ text, bytes: Buffer.from(text, 'utf8') });

/** Phrase texts of a loaded index: one UTF-8 line per slot, decoded when a phrase query needs one. */
interface SavedPhrases {
  /** Read from the file the first time a phrase is looked for, if it was not read at start. */
  text: Buffer | LaterPart;
  /** Byte offset of each slot's line, and one past the end of the last (its length + 1). */
  starts: Uint32Array;
}

const NO_TAGS: readonly number[] = [];

function tagList(tags: Uint32Array, from: number, to: number): number[] {
  const list: number[] = [];
  for (let i = from; i < to; i++) list.push(tags[i]!);
  return list;
}

export class NoteMetaStore {
  /**
   * Id → slot; null after a load until first asked for. A start that only
   * answers queries never needs it (results come from idAt), and making it
   * for 192,000 notes was a tenth of the index's load, on the way to the
   * first answer. The first change applied makes it.
   */
  private slotMap: Map<string, number> | null = new Map();
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
  private readonly sortKeys = new SortKeys();

  private get slots(): Map<string, number> {
    if (this.slotMap === null) {
      const map = new Map<string, number>();
      for (let slot = 0; slot < this.ids.length; slot++) {
        const id = this.ids[slot];
        if (id !== null && id !== undefined) map.set(id, slot);
      }
      this.slotMap = map;
    }
    return this.slotMap;
  }

  get size(): number {
    // Until the map is made, every slot a load did not leave free holds a note.
    return this.slotMap?.size ?? this.ids.length - this.freeSlots.length;
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
    this.sortKeys.set(slot, note);
  }

  delete(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.slots.delete(id);
    this.ids[slot] = null;
    this.tags[slot] = NO_TAGS;
    this.phrases[slot] = '';
    this.sortKeys.forget(slot);
    this.freeSlots.push(slot);
    return true;
  }

  clear(): void {
    this.slotMap = new Map();
    this.freeSlots.length = 0;
    for (const column of [this.ids, this.books, this.statuses, this.tags, this.phrases]) column.length = 0;
    this.savedPhrases = null;
    this.sortKeys.clear();
  }

  toSaved(): Uint8Array[] {
    const n = this.ids.length;
    const ids = this.ids.map((id) => (id === null || id === undefined ? '' : id.includes('\n') || id.startsWith('"') ? JSON.stringify(id) : id));
    const phrases: string[] = [];
    for (let slot = 0; slot < n; slot++) phrases.push(this.phraseAt(slot));
    const text = Buffer.from(phrases.join('\n'), 'utf8');
    const starts = new Uint32Array(n + 1);
    let at = 0;
    for (let slot = 0; slot < n; slot++) {
      starts[slot] = at;
      at = (slot === n - 1 ? text.length : text.indexOf(0x0a, at)) + 1;
    }
    starts[n] = at;
    let tagCount = 0;
    for (let slot = 0; slot < n; slot++) tagCount += this.tags[slot]!.length;
    const tags = new Uint32Array(n + 1 + tagCount);
    let next = n + 1;
    for (let slot = 0; slot < n; slot++) {
      tags[slot] = next;
      for (const t of this.tags[slot]!) tags[next++] = t;
    }
    tags[n] = next;
    const names = JSON.stringify({ bookNames: this.bookNumbers.values(), tagNames: this.tagNumbers.values() });
    return [
      Buffer.from(ids.join('\n'), 'utf8'), text, bytesOf(starts), bytesOf(Uint32Array.from(this.books)), Uint8Array.from(this.statuses), bytesOf(tags),
      Buffer.from(names, 'utf8'), ...this.sortKeys.toSaved(n),
    ];
  }

  /**
   * Replaces the contents with saved ones (toSaved's parts). The phrase
   * texts stay in their buffer as they are. Throws on data that does not
   * hang together (a damaged file).
   */
  loadSaved(parts: readonly (Buffer | LaterPart)[]): void {
    if (parts.length !== SAVED_META_PARTS || parts.some((p, i) => i !== PHRASE_TEXT_PART && !Buffer.isBuffer(p))) {
      throw new Error('the saved note facts are damaged');
    }
    const [idText, phraseLines, startBytes, bookBytes, statusBytes, tagBytes, nameText, ...sortKeyParts] = parts as [
      Buffer, Buffer | LaterPart, Buffer, Buffer, Buffer, Buffer, Buffer, ...Buffer[],
    ];
    const books = words(bookBytes);
    const n = books.length;
    const lines = n === 0 ? [] : idText.toString('utf8').split('\n');
    const starts = words(startBytes);
    const tags = words(tagBytes);
    const names = JSON.parse(nameText.toString('utf8')) as { bookNames?: unknown; tagNames?: unknown };
    if (
      lines.length !== n || starts.length !== n + 1 || statusBytes.length !== n || tags.length < n + 1 || tags[n] !== tags.length ||
      !Array.isArray(names.bookNames) || !Array.isArray(names.tagNames) ||
      (n > 0 && (starts[0] !== 0 || starts[n] !== phraseLines.length + 1))
    ) {
      throw new Error('the saved note facts are damaged');
    }
    this.clear();
    this.bookNumbers = Interner.from(names.bookNames as string[]);
    this.tagNumbers = Interner.from(names.tagNames as string[]);
    this.ids = new Array<string | null>(n);
    this.books = new Array<number>(n);
    this.statuses = new Array<number>(n);
    this.tags = new Array<readonly number[]>(n);
    // One shared list per tag for the many notes with a single tag (a list per note was a quarter of the load at 200k notes).
    const singles: (readonly number[])[] = [];
    const singleTag = (tag: number): readonly number[] => (singles[tag] ??= [tag]);
    for (let slot = 0; slot < n; slot++) {
      const line = lines[slot]!;
      const id = line === '' ? null : line.startsWith('"') ? (JSON.parse(line) as string) : line;
      this.ids[slot] = id;
      this.books[slot] = books[slot]!;
      this.statuses[slot] = statusBytes[slot]!;
      const from = tags[slot]!;
      const to = tags[slot + 1]!;
      if (!(n + 1 <= from && from <= to && to <= tags.length)) throw new Error('the saved note facts are damaged');
      this.tags[slot] = from === to ? NO_TAGS : to === from + 1 ? singleTag(tags[from]!) : tagList(tags, from, to);
      if (id === null) this.freeSlots.push(slot);
    }
    this.sortKeys.loadSaved(sortKeyParts, n);
    this.slotMap = null;
    this.phrases = new Array<string | undefined>(n);
    this.savedPhrases = { text: phraseLines, starts };
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

  sortKeysAt(slot: number, withTitle = true): SortKeysOfSlot {
    return this.sortKeys.at(slot, withTitle);
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
    return this.savedText(saved).subarray(saved.starts[slot], saved.starts[slot + 1]! - 1).includes(needle.bytes);
  }

  phraseAt(slot: number): string {
    const phrase = this.phrases[slot];
    if (phrase !== undefined) return phrase;
    const saved = this.savedPhrases;
    if (!saved || slot + 1 >= saved.starts.length) return '';
    return this.savedText(saved).toString('utf8', saved.starts[slot], saved.starts[slot + 1]! - 1);
  }

  /** The saved phrase texts, read whole from the file the first time (throws IndexDamagedError if damaged). */
  private savedText(saved: SavedPhrases): Buffer {
    if (!Buffer.isBuffer(saved.text)) saved.text = saved.text.whole();
    return saved.text;
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
