// Where an export writes. Export never deletes or overwrites a file it did
// not write: a folder that does not exist yet is created, an empty one is
// used as it is, and into a folder that holds anything (even hidden files)
// the export writes a new subfolder `Quire Export <date> <time>`, never one
// that exists already.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { TEMP_PREFIX } from '../backup/atomic-write';
import { describeFsError } from '../import/fs-errors';

/** The export cannot start: the chosen folder is missing its drive, is a file, or cannot be written. */
export class ExportTargetError extends Error {
  override name = 'ExportTargetError';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `Quire Export 2025-03-14 09-26-53` in local time (no `:`, which Windows forbids in names). */
export function exportFolderName(when: Date): string {
  const date = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
  const time = `${pad(when.getHours())}-${pad(when.getMinutes())}-${pad(when.getSeconds())}`;
  return `Quire Export ${date} ${time}`;
}

/** The folder to write into, created (empty) by this call. */
export async function prepareExportFolder(to: string, when: Date): Promise<string> {
  const chosen = path.resolve(to);
  let entries: string[] | null;
  try {
    entries = await fs.readdir(chosen);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new ExportTargetError(`${chosen} is a file, not a folder.`);
    if (code !== 'ENOENT') throw new ExportTargetError(`The folder ${chosen} cannot be read: ${describeFsError(error)}.`);
    entries = null;
  }
  let folder = chosen;
  if (entries === null || entries.length === 0) await makeFolder(chosen, true);
  else {
    const base = exportFolderName(when);
    // mkdir without `recursive` fails on an existing folder: nobody else's folder is ever reused.
    for (let n = 1; ; n++) {
      folder = path.join(chosen, n === 1 ? base : `${base} (${n})`);
      if (await makeFolder(folder, false)) break;
    }
  }
  await probe(folder);
  return folder;
}

/** Writes and removes a file of our own, so a folder we cannot write in is found before the first note. */
async function probe(folder: string): Promise<void> {
  const file = path.join(folder, `${TEMP_PREFIX}probe-${randomBytes(4).toString('hex')}`);
  try {
    await fs.writeFile(file, '', { flag: 'wx' });
    await fs.rm(file, { force: true });
  } catch (error) {
    throw new ExportTargetError(`Cannot write in ${folder}: ${describeFsError(error)}.`);
  }
}

async function makeFolder(folder: string, mayExist: boolean): Promise<boolean> {
  try {
    await fs.mkdir(folder, { recursive: mayExist });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && !mayExist) return false;
    throw new ExportTargetError(`The folder ${folder} cannot be created: ${describeFsError(error)}.`);
  }
}
