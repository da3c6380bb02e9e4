// Notebooks: a tree by parentBookId. Deleting one deletes its sub-notebooks
// and moves all their notes to the trash (the UI confirms with the count first).
import type { DocumentStore } from '../db/document-store';
import { TRASH_BOOK_ID, type BookDoc, type NoteDoc } from '../../shared/schema';
import { newId } from '../../shared/ids';
import { UserError } from './notes-service';

export class BooksService {
  constructor(
    private readonly store: DocumentStore,
    private readonly now: () => number = Date.now,
  ) {}

  async create(name: string, parentBookId: string | null): Promise<BookDoc> {
    if (parentBookId !== null) await this.require(parentBookId);
    const time = this.now();
    return this.store.put<BookDoc>({
      _id: newId('book'),
      name: name.trim(),
      parentBookId,
      createdAt: time,
      updatedAt: time,
    });
  }

  async rename(id: string, name: string): Promise<BookDoc> {
    const book = await this.require(id);
    return this.store.put({ ...book, name: name.trim(), updatedAt: this.now() });
  }

  /** Nests a notebook under another (or at the top level with null); refuses to make a cycle. */
  async move(id: string, parentBookId: string | null): Promise<BookDoc> {
    const book = await this.require(id);
    if (parentBookId !== null) {
      await this.require(parentBookId);
      const descendants = this.descendantsOf(id, await this.store.allOfType('book'));
      if (parentBookId === id || descendants.has(parentBookId)) {
        throw new UserError('A notebook cannot be moved into itself or one of its own sub-notebooks.');
      }
    }
    if ((book.parentBookId ?? null) === parentBookId) return book;
    return this.store.put({ ...book, parentBookId, updatedAt: this.now() });
  }

  /** How many notes (outside the trash) deleting this notebook would move to the trash. */
  async notesAffectedByDelete(id: string): Promise<{ notes: number; books: number }> {
    const books = await this.store.allOfType('book');
    const doomed = new Set([id, ...this.descendantsOf(id, books)]);
    const notes = (await this.store.allOfType('note')).filter((n: NoteDoc) => doomed.has(n.bookId));
    return { notes: notes.length, books: doomed.size };
  }

  /** Deletes the notebook and its sub-notebooks; their notes go to the trash first. */
  async delete(id: string): Promise<{ trashedNotes: number; deletedBooks: number }> {
    await this.require(id);
    const books = await this.store.allOfType('book');
    const doomed = new Set([id, ...this.descendantsOf(id, books)]);
    const time = this.now();
    const notes = (await this.store.allOfType('note'))
      .filter((n: NoteDoc) => doomed.has(n.bookId))
      .map((n: NoteDoc) => ({ ...n, bookId: TRASH_BOOK_ID, trashedFrom: n.bookId, updatedAt: Math.max(time, n.updatedAt) }));
    // Notes first: if this fails, no notebook is gone and every note still has its notebook.
    if (notes.length > 0) await this.store.putMany(notes);
    const tombstones = books
      .filter((b: BookDoc) => doomed.has(b._id))
      .map((b: BookDoc) => ({ _id: b._id, _rev: b._rev, _deleted: true }));
    await this.store.db.bulkDocs(tombstones as never[]);
    return { trashedNotes: notes.length, deletedBooks: tombstones.length };
  }

  /** The notebook new notes go to when none is chosen: the first top-level one by name. */
  async defaultBookId(): Promise<string | null> {
    const books = await this.store.allOfType('book');
    const top = books.filter((b: BookDoc) => !b.parentBookId).sort((a, b) => a.createdAt - b.createdAt);
    return (top[0] ?? books[0])?._id ?? null;
  }

  private async require(id: string): Promise<BookDoc> {
    const book = id.startsWith('book:') ? await this.store.get<BookDoc>(id) : null;
    if (!book) throw new UserError('That notebook no longer exists.');
    return book;
  }

  private descendantsOf(id: string, books: BookDoc[]): Set<string> {
    const children = new Map<string, string[]>();
    for (const b of books) {
      if (!b.parentBookId) continue;
      const list = children.get(b.parentBookId) ?? [];
      list.push(b._id);
      children.set(b.parentBookId, list);
    }
    const result = new Set<string>();
    const stack = [...(children.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (result.has(next)) continue;
      result.add(next);
      stack.push(...(children.get(next) ?? []));
    }
    return result;
  }
}
