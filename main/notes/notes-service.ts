// What the user does to notes: create, edit, move, tag, pin, trash, restore,
// delete forever. Every change is a validated write through DocumentStore;
// a refused change throws a plain-language error and leaves the note as it was.
import type { DocumentStore } from '../db/document-store';
import { getOrNull } from '../db/get-or-null';
import { TRASH_BOOK_ID, validateDoc, type BookDoc, type NoteDoc } from '../../shared/schema';
import { newId } from '../../shared/ids';
import { countTasks } from '../../shared/tasks';
import type { NotePatch } from '../../shared/types';

/** A refusal the user can act on (the message is shown where they acted). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

const CONFLICT_RETRIES = 5;
/** Notes read and written together by the bulk actions (move, trash, restore, tag). */
const BULK_BATCH = 500;
/** Tombstones written together by Empty Trash (small documents: more per write). */
const DELETE_BATCH = 2000;

/** Notes whose trashed-from notebook a move out of the Trash remembers for its Undo (more than most people have). */
const REMEMBERED_TRASH_ORIGINS = 250_000;

export class NotesService {
  /**
   * Where the notes a move took out of the Trash had been trashed from, for
   * that move's Undo (moveToTrash with `onlyFrom`), which puts them back as
   * they were: a later Restore then takes them home, not to the notebook
   * they were moved to for a moment. In memory only, as the Undo it serves
   * lasts as long as its toast; taken when used, the oldest dropped beyond
   * REMEMBERED_TRASH_ORIGINS.
   */
  private readonly trashedFromBeforeMove = new Map<string, string>();

  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => number = Date.now,
  ) {}

  async create(input: { bookId: string; title?: string; body?: string; tags?: string[] }): Promise<NoteDoc> {
    await this.requireBook(input.bookId);
    if (input.tags) await this.requireTags(input.tags);
    const time = this.now();
    const body = input.body ?? '';
    return this.store.put<NoteDoc>({
      _id: newId('note'),
      title: input.title ?? '',
      body,
      doctype: 'markdown',
      bookId: input.bookId,
      tags: input.tags ?? [],
      status: 'none',
      share: 'private',
      pinned: false,
      ...countTasks(body),
      createdAt: time,
      updatedAt: time,
    });
  }

  /**
   * Applies a patch to the latest revision. Autosave sends whole fields, so
   * re-reading and re-applying on a conflict keeps the user's newest text
   * without resurrecting an older one.
   */
  async update(id: string, patch: NotePatch): Promise<NoteDoc> {
    if (patch.bookId !== undefined && patch.bookId !== TRASH_BOOK_ID) await this.requireBook(patch.bookId);
    if (patch.tags) await this.requireTags(patch.tags);
    return this.modify(id, (note) => {
      const next: NoteDoc = { ...note, ...definedFields(patch) };
      if (patch.body !== undefined) Object.assign(next, countTasks(patch.body));
      return next;
    });
  }

  /** `onlyFrom`: only the notes in that notebook now (an Undo must not take back a note moved again since). */
  async moveToBook(ids: string[], bookId: string, onlyFrom?: string): Promise<number> {
    await this.requireBook(bookId);
    // A note already there is left as it is: rewriting it would only move it to the top of a list sorted by time updated.
    return this.forEach(ids, (note) => {
      if (note.bookId === bookId || (onlyFrom !== undefined && note.bookId !== onlyFrom)) return null;
      const before = trashedFromOf(note);
      if (note.bookId === TRASH_BOOK_ID && before !== undefined) this.rememberTrashedFrom(note._id, before);
      return { ...note, bookId, ...restoreMarker(undefined) };
    });
  }

  async addTags(ids: string[], tagIds: string[]): Promise<number> {
    await this.requireTags(tagIds);
    // Notes that have every tag already are left as they are, as a move into their own notebook is.
    return this.forEach(ids, (note) => (tagIds.every((t) => note.tags?.includes(t)) ? null : { ...note, tags: [...new Set([...(note.tags ?? []), ...tagIds])] }));
  }

  async removeTags(ids: string[], tagIds: string[]): Promise<number> {
    const drop = new Set(tagIds);
    return this.forEach(ids, (note) => (note.tags?.some((t) => drop.has(t)) ? { ...note, tags: note.tags.filter((t) => !drop.has(t)) } : null));
  }

  /**
   * Moves notes to the trash, remembering where they were so Restore can put
   * them back. With `onlyFrom` (the Undo of a move out of the Trash) a note
   * gets back the notebook it had been trashed from before that move.
   */
  async moveToTrash(ids: string[], onlyFrom?: string): Promise<number> {
    const trashed = await this.forEach(ids, (note) => {
      if (note.bookId === TRASH_BOOK_ID || (onlyFrom !== undefined && note.bookId !== onlyFrom)) return null;
      const earlier = onlyFrom !== undefined ? this.trashedFromBeforeMove.get(note._id) : undefined;
      return { ...note, bookId: TRASH_BOOK_ID, ...restoreMarker(earlier ?? note.bookId) };
    });
    if (onlyFrom !== undefined) for (const id of ids) this.trashedFromBeforeMove.delete(id);
    return trashed;
  }

  private rememberTrashedFrom(id: string, bookId: string): void {
    this.trashedFromBeforeMove.delete(id); // its place in the order: the newest
    this.trashedFromBeforeMove.set(id, bookId);
    if (this.trashedFromBeforeMove.size > REMEMBERED_TRASH_ORIGINS) this.trashedFromBeforeMove.delete(this.trashedFromBeforeMove.keys().next().value!);
  }

  /** Restores trashed notes to their notebook, or to `fallbackBookId` if that notebook is gone. */
  async restoreFromTrash(ids: string[], fallbackBookId: string): Promise<number> {
    const books = new Set((await this.store.allOfType('book')).map((b: BookDoc) => b._id));
    if (!books.has(fallbackBookId)) throw new UserError('There is no notebook to restore the notes into. Create a notebook first.');
    return this.forEach(ids, (note) => {
      if (note.bookId !== TRASH_BOOK_ID) return null;
      const before = trashedFromOf(note);
      const bookId = before !== undefined && books.has(before) ? before : fallbackBookId;
      return { ...note, bookId, ...restoreMarker(undefined) };
    });
  }

  /** Deletes notes for good (PouchDB tombstones). Only notes in the trash can be deleted forever. */
  async deleteForever(ids: string[]): Promise<number> {
    const notes = await this.getMany(ids);
    const doomed = notes.filter((n) => n.bookId === TRASH_BOOK_ID);
    if (doomed.length === 0) return 0;
    const results = await this.store.db.bulkDocs(
      doomed.map((n) => ({ _id: n._id, _rev: n._rev, _deleted: true })) as never[],
    );
    return results.filter((r) => !('error' in r && r.error)).length;
  }

  /** `trashedIds`: the notes in the Trash as the caller's index has them (else every note is read to find them). */
  async emptyTrash(trashedIds?: string[]): Promise<number> {
    const ids = trashedIds ?? (await this.store.allOfType('note')).filter((n) => n.bookId === TRASH_BOOK_ID).map((n) => n._id);
    let deleted = 0;
    for (let i = 0; i < ids.length; i += DELETE_BATCH) deleted += await this.deleteForever(ids.slice(i, i + DELETE_BATCH));
    return deleted;
  }

  /**
   * The notes that exist of these ids, in their order. One get per id, all at
   * once: PouchDB answers allDocs({ keys }) with a range query per key (an
   * iterator made, stepped and closed for each), three times slower, and at
   * 192,000 notes a move of every note to the Trash spent half a minute there.
   */
  private async getMany(ids: string[]): Promise<NoteDoc[]> {
    const notes = await Promise.all(ids.map((id) => getOrNull<NoteDoc>(this.store.db, id)));
    return notes.filter((n): n is NoteDoc => n !== null);
  }

  /**
   * Applies `change` to each of these notes, a batch at a time: one read and
   * one write per batch. One note at a time (a read and a write each, every
   * write a change that the list, search and backup follow one by one),
   * moving 10,150 notes to the Trash of a 192,000-note database took 40 s
   * with nothing on screen. Notes that no longer exist are left out. A note
   * changed meanwhile (a save from the editor) is read again and changed on
   * its own, as before; so is one the batch's write refused.
   */
  private async forEach(ids: string[], change: (note: NoteDoc) => NoteDoc | null): Promise<number> {
    let changed = 0;
    for (let i = 0; i < ids.length; i += BULK_BATCH) {
      const time = this.now();
      const next: NoteDoc[] = [];
      for (const note of await this.getMany(ids.slice(i, i + BULK_BATCH))) {
        const changedNote = note._id.startsWith('note:') ? change(note) : null;
        if (changedNote) next.push({ ...changedNote, updatedAt: Math.max(time, note.updatedAt) });
      }
      const valid = next.flatMap((note) => {
        try {
          return [validateDoc(note)];
        } catch {
          return []; // written on its own below, which says what is wrong with it
        }
      });
      const results = valid.length ? await this.store.db.bulkDocs(valid as never[]) : [];
      const written = new Set(results.flatMap((result, k) => ('error' in result && result.error ? [] : [valid[k]!._id])));
      changed += written.size;
      for (const note of next) {
        if (!written.has(note._id) && (await this.modify(note._id, change, { allowNoop: true }))) changed += 1;
      }
    }
    return changed;
  }

  private modify(id: string, change: (note: NoteDoc) => NoteDoc | null): Promise<NoteDoc>;
  private modify(id: string, change: (note: NoteDoc) => NoteDoc | null, options: { allowNoop: true }): Promise<NoteDoc | null>;
  private async modify(
    id: string,
    change: (note: NoteDoc) => NoteDoc | null,
    options: { allowNoop?: boolean } = {},
  ): Promise<NoteDoc | null> {
    for (let attempt = 0; ; attempt += 1) {
      const note = await this.store.get<NoteDoc>(id);
      if (!note || !id.startsWith('note:')) throw new UserError('This note no longer exists.');
      const next = change(note);
      if (next === null) {
        if (options.allowNoop) return null;
        return note;
      }
      next.updatedAt = Math.max(this.now(), note.updatedAt);
      try {
        return await this.store.put(next);
      } catch (error) {
        if (!/conflict/i.test((error as Error).message) || attempt >= CONFLICT_RETRIES) throw error;
      }
    }
  }

  private async requireBook(bookId: string): Promise<void> {
    if (!bookId.startsWith('book:') || !(await this.store.get(bookId))) {
      throw new UserError('That notebook no longer exists. Pick another notebook.');
    }
  }

  private async requireTags(tagIds: string[]): Promise<void> {
    const result = await this.store.db.allDocs({ keys: tagIds });
    const missing = result.rows.filter((row) => !('value' in row) || !row.value || row.value.deleted);
    if (missing.length > 0) throw new UserError('A tag you chose no longer exists.');
  }
}

function definedFields(patch: NotePatch): Partial<NoteDoc> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<NoteDoc>;
}

/** The notebook a trashed note was trashed from, where the note says (a note from elsewhere may not, or not as text). */
function trashedFromOf(note: NoteDoc): string | undefined {
  const before = (note as { trashedFrom?: unknown }).trashedFrom;
  return typeof before === 'string' ? before : undefined;
}

/** `trashedFrom` records a trashed note's notebook; it is dropped again when the note leaves the trash. */
function restoreMarker(bookId: string | undefined): { trashedFrom?: string } {
  return bookId === undefined ? { trashedFrom: undefined } : { trashedFrom: bookId };
}
