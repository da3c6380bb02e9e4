// Checks a backup location before anything is written there (the CLI's --to,
// Preferences › Backup › Apply): an absolute path to a folder (created if
// missing) that we can write in, not inside the app's own data, not the root
// of a drive. Each refusal is one sentence for the user.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TEMP_PREFIX } from './atomic-write';

export class LocationError extends Error {
  override name = 'LocationError';
}

export interface LocationRules {
  /** Folders the backup must not be inside of (the database, the app's data folder). */
  protectedDirs: string[];
  /** Refuse relative paths instead of resolving them against the working folder (the Preferences field). */
  requireAbsolute?: boolean;
}

const real = (p: string) => {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
};

const isSameOrInside = (parent: string, child: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The checked absolute folder, created if it did not exist; throws LocationError with the reason. */
export function checkBackupLocation(input: string, rules: LocationRules): string {
  const text = input.trim();
  if (text === '') throw new LocationError('choose a folder for the backup');
  if (rules.requireAbsolute && !path.isAbsolute(text)) throw new LocationError(`${text} is not a full path (it should start at the root of a drive)`);
  const folder = path.resolve(text);
  if (path.parse(folder).root === folder) throw new LocationError(`${folder} is the root of a drive; choose or create a folder on it`);
  for (const dir of rules.protectedDirs) {
    if (isSameOrInside(real(dir), real(folder)) || isSameOrInside(path.resolve(dir), folder)) {
      throw new LocationError(`${folder} is inside Quire's own data folder; choose a folder elsewhere`);
    }
  }
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(folder, { throwIfNoEntry: false });
  } catch (error) {
    throw new LocationError(`could not create the folder ${folder}: ${plain(error)}`);
  }
  if (stat && !stat.isDirectory()) throw new LocationError(`${folder} is a file, not a folder`);
  try {
    if (!stat) fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new LocationError(`could not create the folder ${folder}: ${plain(error)}`);
  }
  const probe = path.join(folder, `${TEMP_PREFIX}probe-${randomBytes(4).toString('hex')}`);
  try {
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (error) {
    throw new LocationError(`cannot write in ${folder}: ${plain(error)}`);
  }
  return folder;
}

function plain(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the drive is read-only';
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'ENOTDIR') return 'part of the path is a file';
  // /proc/self, a FUSE or network folder that takes no new files: the system's ENOENT, EINVAL… name a temporary file the person never chose.
  if (code === 'ENOENT' || code === 'EINVAL' || code === 'EISDIR' || code === 'EEXIST' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
    return 'it does not take new files (it is not an ordinary folder on a drive)';
  }
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  if (code === 'ELOOP') return 'the path goes round in a loop of links';
  if (code === 'EBUSY') return 'the folder is in use by something else';
  if (code === 'EIO') return 'the drive could not be read or written (a disk error)';
  if (code === 'EDQUOT') return 'your disk quota is used up';
  if (code) return `the system refused it (${code})`;
  return String((error as Error).message).split('\n')[0]!;
}

/** The subfolder offered when the chosen folder already holds other things. */
export const BACKUP_SUBFOLDER = 'Quire Backup';

/** Entries a folder may hold and still count as empty: the OS's own bookkeeping. */
const BOOKKEEPING = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini', '.localized', '.directory']);

/**
 * Whether `folder` holds things of its own, so a backup should not be
 * written straight into it without asking (a home folder, /usr/share/doc):
 * it is not empty and is not a backup folder. A backup folder, Quire's or
 * Inkdrop's, has data/ (Quire's also state/ and _deleted/).
 */
export function holdsOtherThings(folder: string): boolean {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return false; // unreadable: the write check says why
  }
  if (names.some((name) => name === 'data' || name === 'state' || name === '_deleted')) {
    const isDir = (name: string) => fs.statSync(path.join(folder, name), { throwIfNoEntry: false })?.isDirectory() === true;
    if (isDir('data') || isDir('state') || isDir('_deleted')) return false;
  }
  return names.some((name) => !BOOKKEEPING.has(name) && !name.startsWith(TEMP_PREFIX));
}
