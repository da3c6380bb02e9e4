// Where Quire keeps its data on each OS, and the overrides that let tests and
// several profiles use their own folder (--user-data-dir, QUIRE_USER_DATA).
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_DB_NAME } from '../db/database-name';

export const APP_NAME = 'Quire';

export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
}

/** `--user-data-dir=X` or `--user-data-dir X` on the command line, else QUIRE_USER_DATA, else the OS default. */
export function resolveUserDataDir(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg.startsWith('--user-data-dir=')) return path.resolve(arg.slice('--user-data-dir='.length));
    if (arg === '--user-data-dir' && argv[i + 1]) return path.resolve(argv[i + 1]!);
  }
  if (env.QUIRE_USER_DATA) return path.resolve(env.QUIRE_USER_DATA);
  return defaultUserDataDir();
}

export function databasePath(userDataDir: string, name = DEFAULT_DB_NAME): string {
  return path.join(userDataDir, 'db', name);
}
