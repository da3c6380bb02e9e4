// A new database starts with one notebook and a welcome note, so the first
// screen a new user sees shows how Quire works instead of an empty list.
import type { DocumentStore } from '../db/document-store';
import type { BookDoc, NoteDoc } from '../../shared/schema';
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
