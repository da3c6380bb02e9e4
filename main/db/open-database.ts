// Opens the local PouchDB database (LevelDB on disk). The one place that
// knows which PouchDB build and adapter Quire uses.
import fs from 'node:fs';
import path from 'node:path';
import PouchDB from 'pouchdb-node';
import { quireLevelDown } from './level-store';

export type Database = PouchDB.Database<Record<string, unknown>>;

export { DEFAULT_DB_NAME } from './database-name';

export interface OpenOptions {
  /** false: fail instead of creating a database where there is none (or where LevelDB's CURRENT file is lost). */
  createIfMissing?: boolean;
}

/**
 * Told of each database opened, if set: the e2e tests' gates (e2e/web/host-gates.mjs) hold a
 * restore's writes with it. PouchDB lives inside the bundles, where nothing outside can wrap it.
 */
export const DATABASE_OPENED_HOOK = Symbol.for('quire.e2e.databaseOpened');
type OpenedHook = (db: Database, dir: string) => void;

export function openDatabase(dir: string, options: OpenOptions = {}): Database {
  fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  // PouchDB hands unknown options to its adapter; leveldb's takes createIfMissing,
  // and `db`, the LevelDB binding: ours remembers each store for bulk readers.
  const db = new PouchDB<Record<string, unknown>>(path.resolve(dir), { adapter: 'leveldb', db: quireLevelDown, ...options });
  (globalThis as { [DATABASE_OPENED_HOOK]?: OpenedHook })[DATABASE_OPENED_HOOK]?.(db, path.resolve(dir));
  return db;
}
