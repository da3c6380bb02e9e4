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

export function openDatabase(dir: string, options: OpenOptions = {}): Database {
  fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  // PouchDB hands unknown options to its adapter; leveldb's takes createIfMissing,
  // and `db`, the LevelDB binding: ours remembers each store for bulk readers.
  return new PouchDB<Record<string, unknown>>(path.resolve(dir), { adapter: 'leveldb', db: quireLevelDown, ...options });
}
