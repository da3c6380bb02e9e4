// Copies a LevelDB folder somewhere we may write, without ever writing to
// it: LevelDB only appends to its log and MANIFEST and never rewrites a
// table file, so copying the files one by one gives a usable database even
// while the app has it open (it holds the LOCK file, which we leave alone).
// A compaction may delete a file between listing and copying it, or swap
// the MANIFEST; then the copy starts again, a few times at most.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** Never copied: the lock (held by a running app) and LevelDB's text info logs, which we read from our own copy. */
const SKIPPED = new Set(['LOCK', 'LOG', 'LOG.old']);
const ATTEMPTS = 5;

export interface CopyProblem {
  file: string;
  reason: string;
}

export interface CopyResult {
  files: number;
  bytes: number;
  /** Files that could not be read (the rest was copied). */
  problems: CopyProblem[];
}

/** The temporary folder has no room for the copy. */
export class CopySpaceError extends Error {
  override name = 'CopySpaceError';
  constructor(readonly dir: string) {
    super(`there is not enough free space in ${path.dirname(dir)} for a copy of the database`);
  }
}

const readCurrent = (dir: string) => {
  try {
    return fs.readFileSync(path.join(dir, 'CURRENT'), 'utf8');
  } catch {
    return null;
  }
};

function plainReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'could not be read: permission denied';
  if (code === 'EIO') return 'could not be read: the disk reported a read error';
  return `could not be read: ${String((error as Error).message).split('\n')[0]}`;
}

export async function copyDatabaseFolder(src: string, dest: string, onFile?: (done: number, total: number) => void): Promise<CopyResult> {
  let last: CopyResult = { files: 0, bytes: 0, problems: [] };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    const current = readCurrent(src);
    // CURRENT and the MANIFEST first: a table or log made after them is not in the copy's MANIFEST,
    // while one the MANIFEST names and a compaction then removes is missed, and the copy starts again.
    // (Copied last, the MANIFEST could name a table made after the listing, which the copy lacks.)
    const first = (name: string) => (name === 'CURRENT' || name.startsWith('MANIFEST-') ? 0 : 1);
    const names = fs.readdirSync(src, { withFileTypes: true })
      .filter((entry) => entry.isFile() && !SKIPPED.has(entry.name))
      .map((entry) => entry.name)
      .sort((a, b) => first(a) - first(b) || (a < b ? -1 : a > b ? 1 : 0));
    const result: CopyResult = { files: 0, bytes: 0, problems: [] };
    let vanished = false;
    for (const [index, name] of names.entries()) {
      try {
        // COPYFILE_FICLONE: a copy-on-write clone where the disk can, a plain copy elsewhere.
        await fsp.copyFile(path.join(src, name), path.join(dest, name), fs.constants.COPYFILE_FICLONE);
        result.files++;
        result.bytes += fs.statSync(path.join(dest, name)).size;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') vanished = true;
        else if (code === 'ENOSPC' || code === 'EDQUOT') throw new CopySpaceError(dest);
        else result.problems.push({ file: name, reason: plainReadError(error) });
      }
      onFile?.(index + 1, names.length);
    }
    last = result;
    // The writer moved on while we copied (a compaction, a new MANIFEST): copy again.
    if (!vanished && readCurrent(src) === current) return result;
  }
  return last;
}

/** A working copy of a folder we already own: hard links where possible (LevelDB never rewrites a file in place), else copies. */
export function cloneFolder(from: string, to: string): void {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    try {
      fs.linkSync(source, target);
    } catch {
      fs.copyFileSync(source, target);
    }
  }
}
