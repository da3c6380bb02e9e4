// Reading one file from the folder, with its size checked before a byte is
// read: nothing over the limit, nothing that is not a regular file (a FIFO
// would block forever), and files over LARGE_FILE_BYTES one at a time.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { skip } from './errors';
import { LARGE_FILE_BYTES } from './limits';

const MiB = 1024 * 1024;
// O_NONBLOCK: opening a FIFO put in place of a file returns at once instead of waiting for a writer.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

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
  if (code === 'ENOENT') return skip(`${what} is missing`);
  if (code === 'EACCES' || code === 'EPERM') return skip(`${what} cannot be read (permission denied)`);
  if (code === 'EISDIR') return skip(`${what} is a folder, not a file`);
  if (code === 'ENXIO') return skip(`${what} is not a regular file`);
  throw error;
}

function readFailure(error: unknown, what: string): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EIO') return skip(`${what} cannot be read (input/output error)`);
  if (code === 'EAGAIN' || code === 'EISDIR') return skip(`${what} is not a regular file`);
  throw error;
}

export async function readBounded(abs: string, limit: number, what: string): Promise<Buffer> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(abs, OPEN_FLAGS);
  } catch (error) {
    return openFailure(error, what);
  }
  try {
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
 * Small files cost three calls (open, one read, close); only a file that
 * fills the first read is measured (fstat) before the rest of it is read.
 */
export function readBoundedSync(abs: string, limit: number, what: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(abs, OPEN_FLAGS);
  } catch (error) {
    return openFailure(error, what);
  }
  try {
    const first = fs.readSync(fd, scratch, 0, Math.min(SCRATCH_BYTES, limit + 1), 0);
    if (first < SCRATCH_BYTES && first <= limit) return Buffer.from(scratch.subarray(0, first));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return skip(`${what} is not a regular file`);
    if (stat.size > limit) return skip(`${what} is ${(stat.size / MiB).toFixed(1)} MiB, over the ${limit / MiB} MiB limit`);
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
