// Reads the notes of a database a batch at a time, in id order, with the
// next batch read while the caller works on this one: however many notes
// there are, at most two batches are in memory.
import type { Database } from '../db/open-database';
import type { NoteDoc } from '../../shared/schema';

const FIRST = 'note:';
// Every id starting with `note:` sorts before `note;` (the next character),
// and is read up to it, exclusive. (`note:\uffff` would miss ids with
// characters past U+FFFF, emoji: LevelDB orders keys by their UTF-8 bytes.)
const END = { endkey: 'note;', inclusive_end: false } as const;

type Page = { docs: NoteDoc[]; lastId: string | null };

async function page(db: Database, after: string | null, limit: number): Promise<Page> {
  const result = await db.allDocs({
    include_docs: true,
    startkey: after ?? FIRST,
    ...END,
    limit,
    skip: after === null ? 0 : 1,
  });
  const docs = result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as NoteDoc] : []));
  return { docs, lastId: result.rows.length === limit ? result.rows.at(-1)!.id : null };
}

/** Every note (trash included), `batchSize` at a time. */
export async function* noteBatches(db: Database, batchSize: number): AsyncGenerator<NoteDoc[]> {
  let next: Promise<Page> | null = page(db, null, batchSize);
  while (next) {
    const current: Page = await next;
    next = current.lastId === null ? null : page(db, current.lastId, batchSize);
    // If the caller stops early, the read ahead must not become an unhandled rejection.
    next?.catch(() => undefined);
    if (current.docs.length) yield current.docs;
  }
}

/** How many notes there are (trash included), counted without reading them. */
export async function countNotes(db: Database, pageSize = 5000): Promise<number> {
  let count = 0;
  let after: string | null = null;
  for (;;) {
    const result = await db.allDocs({ startkey: after ?? FIRST, ...END, limit: pageSize, skip: after === null ? 0 : 1 });
    count += result.rows.length;
    if (result.rows.length < pageSize) return count;
    after = result.rows.at(-1)!.id;
  }
}
