// Opening the --db folder for a command, and always closing it again: an
// open LevelDB keeps its lock (and the app out) until it is closed.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { UsageError } from './command';

// LevelDB keeps this file in every database folder from the first open on.
const isDatabase = (dir: string) => fs.existsSync(path.join(dir, 'CURRENT'));

export interface DbOptions {
  /** Create the database when the folder does not exist yet (commands that write). */
  create: boolean;
}

export async function withDatabase<T>(
  dbOption: string,
  options: DbOptions,
  fn: (store: DocumentStore) => Promise<T>,
): Promise<T> {
  const dir = path.resolve(dbOption);
  const stat = fs.statSync(dir, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) throw new UsageError(`${dir} is a file, not a Quire database folder`);
  if (!isDatabase(dir)) {
    if (!options.create) throw new UsageError(`no Quire database at ${dir}`);
    // Never scatter LevelDB files into a folder that already holds something else.
    if (stat && fs.readdirSync(dir).length > 0) {
      throw new UsageError(`${dir} is not a Quire database and not empty; give a new or empty folder`);
    }
  }
  const db: Database = openDatabase(dir);
  try {
    await db.info();
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new UsageError(openFailure(dir, error));
  }
  try {
    return await fn(new DocumentStore(db));
  } finally {
    await db.close();
  }
}

function openFailure(dir: string, error: unknown): string {
  const message = String((error as Error).message ?? error);
  if (/lock/i.test(message)) return `the database at ${dir} is in use by another program (is Quire running?)`;
  return `could not open the database at ${dir}: ${message.split('\n')[0]}`;
}
