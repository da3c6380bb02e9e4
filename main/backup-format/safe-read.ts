// The one way any file in a backup folder is read (the mirror's look before
// it writes, its checkpoint, the folder watcher, restore, salvage): never
// through a link (O_NOFOLLOW: a file swapped for a link after it was listed
// is refused, not followed), never blocking (O_NONBLOCK: a FIFO put in place
// of a file answers at once instead of waiting for a writer forever), only a
// regular file (checked on the opened handle, so nothing can be swapped in
// between), its size checked before a byte is read, and on Linux the opened
// file's real path checked to be inside the folder. Files over
// LARGE_FILE_BYTES are read one at a time. A file that cannot be used is a
// SkipError with the reason in words.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { skip } from './errors';
import { isInside } from './safe-path';

const MiB = 1024 * 1024;
/** Files above this are read one at a time, so parallel readers never hold more than one large file. */
export const LARGE_FILE_BYTES = 1 * MiB;
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

/**
 * Where an open file really is, on a system that says (Linux's /proc): a
 * folder on the way swapped for a link after the path was checked shows
 * here. Null where the system does not tell.
 */
function openedPath(fd: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return null;
  }
}

function checkOpenedInside(fd: number, root: string | undefined, what: string): void {
  if (root === undefined) return;
  const real = openedPath(fd);
  if (real !== null && !isInside(root, real)) skip(`${what} is reached through a link pointing outside the backup folder`);
}

/** One large read at a time: parallel readers never hold more than one large file between them. */
class Gate {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
const largeReads = new Gate();

function openFailure(error: unknown, what: string): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return skip(`${what} is missing`, true);
  if (code === 'EACCES' || code === 'EPERM') return skip(`${what} cannot be read (permission denied)`);
  if (code === 'EISDIR') return skip(`${what} is a folder, not a file`);
  if (code === 'ENXIO') return skip(`${what} is not a regular file`);
  if (code === 'ELOOP' || code === 'EMLINK') return skip(`${what} is a link: links are not followed`);
  if (code === 'ENOTDIR') return skip(`${what} is missing (a folder on its way is not a folder)`, true);
  throw error;
}

function readFailure(error: unknown, what: string): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EIO') return skip(`${what} cannot be read (input/output error)`);
  if (code === 'EAGAIN' || code === 'EISDIR') return skip(`${what} is not a regular file`);
  throw error;
}

/**
 * The bytes of the regular file at `abs` (not a link), at most `limit`;
 * with `root`, the file must really be inside it. SkipError otherwise.
 */
export async function readBounded(abs: string, limit: number, what: string, root?: string): Promise<Buffer> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(abs, OPEN_FLAGS);
  } catch (error) {
    return openFailure(error, what);
  }
  try {
    checkOpenedInside(handle.fd, root, what);
    const stat = await handle.stat();
    if (!stat.isFile()) return skip(`${what} is not a regular file`);
    if (stat.size > limit) return skip(`${what} is ${(stat.size / MiB).toFixed(1)} MiB, over the ${limit / MiB} MiB limit`);
    const read = async () => {
      const buffer = Buffer.allocUnsafe(stat.size);
      let offset = 0;
      while (offset < stat.size) {
        const { bytesRead } = await handle.read(buffer, offset, stat.size - offset, offset);
        if (bytesRead === 0) break; // shrunk while reading: what is there is all there is
        offset += bytesRead;
      }
      return offset === stat.size ? buffer : buffer.subarray(0, offset);
    };
    return stat.size > LARGE_FILE_BYTES ? await largeReads.run(read) : await read();
  } catch (error) {
    return readFailure(error, what);
  } finally {
    await handle.close();
  }
}

/** Most document files fit: one read tells the whole file (a short read of a regular file is its end). */
const SCRATCH_BYTES = 64 * 1024;
const scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);

/**
 * The same, synchronously: for the reader thread, where blocking is the point
 * (no thread-pool round trip per call, and nothing else waits on that thread).
 * The handle is checked (fstat) before its first read: a FIFO, socket or
 * device swapped in after the listing is refused, never read.
 */
export function readBoundedSync(abs: string, limit: number, what: string, root?: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(abs, OPEN_FLAGS);
  } catch (error) {
    return openFailure(error, what);
  }
  try {
    checkOpenedInside(fd, root, what);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return skip(`${what} is not a regular file`);
    if (stat.size > limit) return skip(`${what} is ${(stat.size / MiB).toFixed(1)} MiB, over the ${limit / MiB} MiB limit`);
    if (stat.size < SCRATCH_BYTES) {
      // Most document files: one read into a scratch buffer (a short read of a regular file is its end).
      const first = fs.readSync(fd, scratch, 0, SCRATCH_BYTES, 0);
      if (first < SCRATCH_BYTES && first <= limit) return Buffer.from(scratch.subarray(0, first));
    }
    const buffer = Buffer.allocUnsafe(stat.size);
    let offset = 0;
    while (offset < stat.size) {
      const bytesRead = fs.readSync(fd, buffer, offset, stat.size - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === stat.size ? buffer : buffer.subarray(0, offset);
  } catch (error) {
    return readFailure(error, what);
  } finally {
    fs.closeSync(fd);
  }
}
