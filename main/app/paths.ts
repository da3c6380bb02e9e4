// Where Quire keeps its database and caches in the user-data folder (the
// folder itself: user-data-dir.ts).
import path from 'node:path';
import { DEFAULT_DB_NAME } from '../db/open-database';

export { APP_NAME, defaultUserDataDir, resolveUserDataDir } from './user-data-dir';

export function databasePath(userDataDir: string, name = DEFAULT_DB_NAME): string {
  return path.join(userDataDir, 'db', name);
}
