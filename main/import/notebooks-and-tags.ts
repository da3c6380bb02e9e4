// Notebooks and tags for an import, reusing the ones already in the
// database so that importing the same folder twice does not duplicate them:
// a notebook is the same when its name and parent are, a tag when its name
// is, ignoring case.
import path from 'node:path';
import type { DocumentStore } from '../db/document-store';
import { MAX_BOOK_NAME_CHARS, type BookDoc, type TagDoc } from '../../shared/schema';
import { newId } from '../../shared/ids';

/** The name a folder's notebook gets: the folder name, cut to what a notebook name may hold. */
export function notebookNameOf(folder: string): string {
  return path.basename(folder).trim().slice(0, MAX_BOOK_NAME_CHARS).trim() || 'Imported notes';
}

/**
 * Finds or creates one notebook per folder, nested like the folders; the
 * imported folder itself is the top notebook. Returns the notebook id of
 * each folder and how many notebooks were created.
 */
export async function ensureNotebooks(
  store: DocumentStore,
  root: string,
  folders: string[],
  now: number,
): Promise<{ bookIds: Map<string, string>; created: number }> {
  const existing = new Map<string, string>();
  const books = (await store.allOfType('book')).sort((a, b) => a.createdAt - b.createdAt);
  for (const book of books) {
    const key = `${book.parentBookId ?? ''}\u0000${book.name}`;
    if (!existing.has(key)) existing.set(key, book._id);
  }
  const bookIds = new Map<string, string>();
  const fresh: BookDoc[] = [];
  for (const folder of folders) {
    const parentBookId = folder === root ? null : bookIds.get(path.dirname(folder)) ?? null;
    const name = notebookNameOf(folder);
    const key = `${parentBookId ?? ''}\u0000${name}`;
    let id = existing.get(key);
    if (!id) {
      id = newId('book');
      existing.set(key, id);
      fresh.push({ _id: id, name, parentBookId, createdAt: now, updatedAt: now });
    }
    bookIds.set(folder, id);
  }
  if (fresh.length) await store.putMany(fresh);
  return { bookIds, created: fresh.length };
}

/** Tag ids by name; new tags wait in `pending` until the next batch write. */
export class TagSet {
  private readonly byName = new Map<string, string>();
  private pending: TagDoc[] = [];
  created = 0;

  private constructor(private readonly now: number) {}

  static async load(store: DocumentStore, now: number): Promise<TagSet> {
    const set = new TagSet(now);
    for (const tag of await store.allOfType('tag')) {
      const key = tag.name.toLowerCase();
      if (!set.byName.has(key)) set.byName.set(key, tag._id);
    }
    return set;
  }

  idsFor(names: string[]): string[] {
    const ids: string[] = [];
    for (const name of names) {
      const key = name.toLowerCase();
      let id = this.byName.get(key);
      if (!id) {
        id = newId('tag');
        this.byName.set(key, id);
        this.pending.push({ _id: id, name, color: 'default', createdAt: this.now, updatedAt: this.now });
        this.created += 1;
      }
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  takePending(): TagDoc[] {
    const docs = this.pending;
    this.pending = [];
    return docs;
  }
}
