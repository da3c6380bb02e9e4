// A document, or null when the database does not have it (PouchDB's 404);
// any other failure is thrown. For readers that race with writers: a
// document listed a moment ago may be gone by the time it is read.
import type { Database } from './open-database';

export async function getOrNull<T>(db: Database, id: string, options: { rev?: string; conflicts?: boolean; revs?: boolean } = {}): Promise<T | null> {
  try {
    return (await db.get(id, options)) as unknown as T;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
