// Which folder to salvage: a LevelDB folder (the app's <userData>/db/notes),
// or, forgivingly, the user-data folder or db/ folder above it. Every
// refusal is one plain sentence: the CLI prints it and exits 2.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_DB_NAME } from '../db/open-database';

/** The user must give another folder: a plain one-line reason. */
export class SalvageInputError extends Error {
  override name = 'SalvageInputError';
}

/** Files LevelDB keeps its data and its table of contents in; LOCK and the LOG text files say nothing on their own. */
const LEVELDB_DATA_FILE = /^(CURRENT|MANIFEST-\d+|\d+\.(ldb|sst|log))$/;

export function isLevelDbFolder(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((name) => LEVELDB_DATA_FILE.test(name));
  } catch {
    return false;
  }
}

export interface SalvageSource {
  /** The LevelDB folder itself. */
  dir: string;
  /** Set when the folder given was above it (the user-data folder, or its db/ folder). */
  givenDir?: string;
}

const plainFsError = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'part of the path is a file';
  if (code === 'EIO') return 'the disk reported a read error';
  return String((error as Error).message).split('\n')[0]!;
};

export function resolveSource(input: string): SalvageSource {
  const dir = path.resolve(input.trim());
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    throw new SalvageInputError(`cannot read ${dir}: ${plainFsError(error)}`);
  }
  if (!stat) throw new SalvageInputError(`there is no folder at ${dir}`);
  if (!stat.isDirectory()) throw new SalvageInputError(`${dir} is a file, not a database folder`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    throw new SalvageInputError(`cannot read ${dir}: ${plainFsError(error)}`);
  }
  if (names.length === 0) throw new SalvageInputError(`${dir} is empty: there is no database in it`);
  if (names.some((name) => LEVELDB_DATA_FILE.test(name))) return { dir };
  // People point at the folder they can find: Quire's data folder, or its db/ folder.
  for (const below of [path.join(dir, 'db', DEFAULT_DB_NAME), path.join(dir, DEFAULT_DB_NAME)]) {
    if (isLevelDbFolder(below)) return { dir: below, givenDir: dir };
  }
  throw new SalvageInputError(
    `${dir} is not a Quire database folder: it has none of LevelDB's files (CURRENT, MANIFEST-…, .ldb, .log)`,
  );
}
