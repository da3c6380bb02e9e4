// Writing files so that a crash or a power cut leaves either the old file or
// the new one, never a part: a temporary file beside it, fsynced, renamed
// over it, the folder fsynced.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Temporary files of the store start with this; a crash may leave them (ObjectStore.cleanTemporaryFiles). */
export const TEMP_PREFIX = 'tmp-quire-';

export function fsyncPath(p: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    // Windows cannot open a folder to fsync it; its renames are durable once the file is.
    if (process.platform !== 'win32') throw error;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * Makes `dir` and the folders between it and `root`, never `root` itself nor
 * anything above it: a store whose backup folder went away (a drive
 * unplugged mid-snapshot) fails with ENOENT instead of being made again at
 * the same path on another disk.
 */
export function makeDirsBelow(root: string, dir: string): void {
  const rel = path.relative(root, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${dir} is not inside ${root}`);
  let current = root;
  for (const part of rel.split(path.sep).filter(Boolean)) {
    current = path.join(current, part);
    try {
      fs.mkdirSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Writes `data` to `file` crash-safely: a temporary file beside it, fsynced,
 * renamed over it, the folder fsynced. Folders missing below `root` (the
 * store's own folder) are made; `root` must be there.
 */
export function writeDurably(file: string, data: string | Uint8Array, options: { root: string; tempDir?: string }): void {
  const dir = path.dirname(file);
  const tempDir = options.tempDir;
  makeDirsBelow(options.root, dir);
  // `tempDir` (same file system): a ref's temporary file must not sit under refs/, where git reads every file as a ref.
  const temp = path.join(tempDir ?? dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
  const fd = fs.openSync(temp, 'wx');
  try {
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  fsyncPath(dir);
}

export function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}


/** A file's text, or null when it is not there (removed meanwhile by another process). */
export function readIfThere(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The whole buffer written (writeSync may write less than asked, as on a nearly full disk it can). */
export function writeAll(fd: number, buffer: Uint8Array): void {
  for (let done = 0; done < buffer.length; ) {
    const wrote = fs.writeSync(fd, buffer, done, buffer.length - done);
    if (wrote <= 0) throw Object.assign(new Error('no space left to write the file'), { code: 'ENOSPC' });
    done += wrote;
  }
}

/**
 * Whether `dir` is a folder that can be reached now. A stat that fails (a share
 * that does not answer, no permission) is "not reachable", not an error to throw
 * from a view that only asks.
 */
export function isReachableFolder(dir: string): boolean {
  try {
    return fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}
