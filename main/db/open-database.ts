// Opens the local PouchDB database (LevelDB on disk). The one place that
// knows which PouchDB build and adapter Quire uses.
import fs from 'node:fs';
import path from 'node:path';
import PouchDB from 'pouchdb-node';

export type Database = PouchDB.Database<Record<string, unknown>>;

export const DEFAULT_DB_NAME = 'notes';

export function openDatabase(dir: string): Database {
  fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  return new PouchDB<Record<string, unknown>>(path.resolve(dir), { adapter: 'leveldb' });
}
