// Typed reads and validated writes over the database. Every write in the app
// goes through here, so no invalid document reaches PouchDB.
import { getOrNull } from './get-or-null';
import type { Database } from './open-database';
import {
  type BookDoc, type DocType, type FileDoc, type NoteDoc, type TagDoc,
  TRASH_BOOK_ID, validateDoc,
} from '../../shared/schema';
import type { Stats } from '../../shared/types';

type DocOf<T extends DocType> = T extends 'note' ? NoteDoc
  : T extends 'book' ? BookDoc
  : T extends 'tag' ? TagDoc
  : FileDoc;

export interface WriteResult {
  id: string;
  rev: string;
}

/** Thrown when PouchDB refuses a write, with the id and PouchDB's reason in words. */
export class WriteError extends Error {
  constructor(readonly docId: string, reason: string) {
    super(`Could not save ${JSON.stringify(docId)}: ${reason}`);
    this.name = 'WriteError';
  }
}

/**
 * Every id of a type: from `type:` up to `type;` (the next character),
 * exclusive. An end key of `type:\uffff` would miss ids with characters past
 * U+FFFF (emoji), since LevelDB orders keys by their UTF-8 bytes.
 */
export function idRange(type: string) {
  return { startkey: `${type}:`, endkey: `${type};`, inclusive_end: false } as const;
}

export class DocumentStore {
  constructor(readonly db: Database) {}

  get<T = { _id: string; _rev: string } & Record<string, unknown>>(id: string): Promise<T | null> {
    return getOrNull<T>(this.db, id);
  }

  /** Validates and writes one document; returns it with its new revision. */
  async put<T extends { _id: string; _rev?: string }>(doc: T): Promise<T & { _rev: string }> {
    const valid = validateDoc(doc);
    try {
      const result = await this.db.put(valid as never);
      return { ...valid, _rev: result.rev };
    } catch (error) {
      throw new WriteError(doc._id, (error as Error).message);
    }
  }

  /**
   * Validates every document first, then writes them in one bulkDocs call:
   * one invalid document rejects the whole batch before anything is written.
   */
  async putMany(docs: ({ _id: string; _rev?: string } & Record<string, unknown>)[]): Promise<WriteResult[]> {
    const valid = docs.map((doc) => validateDoc(doc));
    const results = await this.db.bulkDocs(valid as never[]);
    return results.map((result, i) => {
      if ('error' in result && result.error) {
        throw new WriteError(valid[i]!._id, String(result.message ?? result.error));
      }
      return { id: result.id!, rev: (result as { rev: string }).rev };
    });
  }

  async allOfType<T extends DocType>(type: T): Promise<DocOf<T>[]> {
    const result = await this.db.allDocs({
      include_docs: true,
      ...idRange(type),
    });
    return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as DocOf<T>] : []));
  }

  async countOfType(type: DocType): Promise<number> {
    const result = await this.db.allDocs(idRange(type));
    return result.rows.length;
  }

  async stats(): Promise<Stats> {
    const [notes, books, tags, files] = await Promise.all([
      this.allOfType('note'),
      this.countOfType('book'),
      this.countOfType('tag'),
      this.countOfType('file'),
    ]);
    // Tombstones are only visible on the changes feed (one entry per document).
    let deleted = 0;
    const changes = await this.db.changes({ since: 0, style: 'main_only' });
    for (const change of changes.results) if (change.deleted) deleted += 1;
    return {
      notes: notes.filter((n) => n.bookId !== TRASH_BOOK_ID).length,
      books,
      tags,
      files,
      trashed: notes.filter((n) => n.bookId === TRASH_BOOK_ID).length,
      deleted,
    };
  }
}
