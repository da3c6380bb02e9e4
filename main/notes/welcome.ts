// A new database starts with one notebook and a welcome note, so the first
// screen a new user sees shows how Quire works instead of an empty list.
import type { DocumentStore } from '../db/document-store';
import type { BookDoc, NoteDoc } from '../../shared/schema';
import type { NoteSummary } from '../../shared/types';
import { newId } from '../../shared/ids';
import { countTasks } from '../../shared/tasks';
import { readResource } from '../app/resources';

export const WELCOME_BOOK_NAME = 'My Notebook';
export const WELCOME_NOTE_TITLE = 'Welcome to Quire';

/** Seeds only a database that has never held a document (update_seq 0), so deleting the welcome note sticks. */
export async function seedWelcomeIfNew(store: DocumentStore, now = Date.now()): Promise<boolean> {
  const info = await store.db.info();
  if (Number(info.update_seq) !== 0 || info.doc_count !== 0) return false;
  const body = readResource('welcome', 'welcome.md');
  const book: BookDoc = { _id: newId('book'), name: WELCOME_BOOK_NAME, parentBookId: null, createdAt: now, updatedAt: now };
  const note: NoteDoc = {
    _id: newId('note'),
    title: WELCOME_NOTE_TITLE,
    body,
    doctype: 'markdown',
    bookId: book._id,
    tags: [],
    status: 'none',
    share: 'private',
    pinned: false,
    ...countTasks(body),
    createdAt: now,
    updatedAt: now,
  };
  await store.putMany([book, note]);
  return true;
}

/** A document as it was when looked at: removed only if it still has this revision. */
export interface WelcomeDoc {
  id: string;
  rev: string;
}

const untouched = (doc: { _rev?: string; createdAt: number; updatedAt: number }) =>
  typeof doc._rev === 'string' && doc._rev.startsWith('1-') && doc.createdAt === doc.updatedAt;

/**
 * The welcome notebook and note as a new database was seeded with them and
 * never touched since: the note at its first revision with the welcome text,
 * in its notebook; the notebook at its first revision, holding nothing else
 * (no note, trashed or not, no notebook inside it). Both were written by one
 * seedWelcomeIfNew with one time, which tells them apart from a notebook a
 * person named "My Notebook". Their ids are random (older installs too), so
 * they are recognised by what they hold, never by id.
 */
export async function findUntouchedWelcome(store: DocumentStore, notes: Iterable<NoteSummary>): Promise<WelcomeDoc[]> {
  const books = await store.allOfType('book');
  const seeded = new Map(
    books.filter((b) => untouched(b) && b.name === WELCOME_BOOK_NAME && (b.parentBookId ?? null) === null).map((b) => [b._id, b]),
  );
  if (seeded.size === 0) return [];
  const inBook = new Map<string, NoteSummary[]>();
  for (const note of notes) {
    if (!seeded.has(note.bookId)) continue;
    inBook.set(note.bookId, [...(inBook.get(note.bookId) ?? []), note]);
  }
  const found: WelcomeDoc[] = [];
  const body = readResource('welcome', 'welcome.md');
  for (const book of seeded.values()) {
    if (books.some((b) => b.parentBookId === book._id)) continue;
    const held = inBook.get(book._id) ?? [];
    if (held.length !== 1) continue; // the welcome note deleted for good, or notes of the person's own in it
    const summary = held[0]!;
    if (summary.title !== WELCOME_NOTE_TITLE || summary.createdAt !== book.createdAt || summary.conflicts) continue;
    const note = (await store.db.get(summary.id, { conflicts: true }).catch(() => null)) as (NoteDoc & { _rev: string; _conflicts?: string[] }) | null;
    if (!note || !untouched(note) || note.body !== body || note.title !== WELCOME_NOTE_TITLE || note._conflicts?.length) continue;
    found.push({ id: note._id, rev: note._rev }, { id: book._id, rev: book._rev! });
  }
  return found;
}

/** Deletes the given documents at the revisions they had when found: one changed since stays. */
export async function removeWelcome(store: DocumentStore, docs: WelcomeDoc[]): Promise<number> {
  if (docs.length === 0) return 0;
  const results = await store.db.bulkDocs(docs.map((d) => ({ _id: d.id, _rev: d.rev, _deleted: true })) as never[]);
  return results.filter((r) => !('error' in r && r.error)).length;
}
