// A part of the saved search index read when it is first needed rather than
// at start (index-file.ts). At 192,000 notes the phrase texts and the
// postings are 155 of the file's 164 MB: reading and checking them at start
// put a quarter of a second, and 155 MB of memory, before the first search
// answer, which needs the postings of a few terms and no phrase text at all.
//
// Every part is checked by blocks (CHECK_BLOCK_BYTES, a CRC-32 each in the
// file's header), so a piece is checked when it is read: nothing unchecked is
// ever used. Damage found then throws IndexDamagedError; the search worker
// builds the index again from the database and answers after that.
import fs from 'node:fs';
import { crc32 } from 'node:zlib';

/** Bytes each checksum of a part covers (the last block of a part may be shorter). */
export const CHECK_BLOCK_BYTES = 64 * 1024;

// Blocks kept after a piece is read: the terms of a prefix lie side by side, so the next read is often in the same block.
const KEPT_BLOCKS = 32;

/** The saved index turned out damaged (or unreadable) while a part of it was read late. */
export class IndexDamagedError extends Error {
  constructor(detail: string) {
    super(`the saved search index is damaged: ${detail}`);
    this.name = 'IndexDamagedError';
  }
}

/** Fills `into` from the file at `position`; throws if the file ends first. */
export function readFully(fd: number, into: Buffer, position: number): void {
  for (let done = 0; done < into.length; ) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error('the file ended early');
    done += n;
  }
}

/** A CRC-32 per CHECK_BLOCK_BYTES of `bytes`. */
export function blockChecksums(bytes: Uint8Array): number[] {
  const sums: number[] = [];
  for (let at = 0; at < bytes.length; at += CHECK_BLOCK_BYTES) sums.push(crc32(bytes.subarray(at, at + CHECK_BLOCK_BYTES)));
  return sums;
}

/** Whether `bytes` (a whole part, or blocks of it from `firstBlock` on) match their checksums. */
export function blocksMatch(bytes: Uint8Array, sums: readonly number[], firstBlock = 0): boolean {
  for (let at = 0, block = firstBlock; at < bytes.length; at += CHECK_BLOCK_BYTES, block++) {
    if (crc32(bytes.subarray(at, at + CHECK_BLOCK_BYTES)) !== sums[block]) return false;
  }
  return true;
}

/** The index file held open for its later parts; closed once each of them is read whole (or on close()). */
export class OpenIndexFile {
  private open = 0;

  constructor(private fd: number | null) {}

  /** A part of `length` bytes at `offset` of the file, with a checksum per block. */
  part(offset: number, length: number, sums: readonly number[]): LaterPart {
    this.open++;
    return new LaterPart(this, offset, length, sums);
  }

  read(into: Buffer, position: number): void {
    if (this.fd === null) throw new IndexDamagedError('the file was closed');
    try {
      readFully(this.fd, into, position);
    } catch (error) {
      throw new IndexDamagedError((error as Error).message);
    }
  }

  /** One of its parts is in memory now. */
  release(): void {
    if (--this.open === 0) this.close();
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      fs.closeSync(fd);
    } catch {
      // Closing a descriptor we only read from cannot lose anything.
    }
  }
}

export class LaterPart {
  private wholeBytes: Buffer | null = null;
  private readonly kept = new Map<number, Buffer>();

  constructor(
    private readonly file: OpenIndexFile,
    private readonly offset: number,
    /** Its byte length. */
    readonly length: number,
    private readonly sums: readonly number[],
  ) {}

  /** Bytes [from, to) of the part, checked (a view of the whole part once it is in memory, else a copy). */
  bytes(from: number, to: number): Buffer {
    if (!(0 <= from && from <= to && to <= this.length)) throw new IndexDamagedError('a read past the end of a part');
    if (this.wholeBytes) return this.wholeBytes.subarray(from, to);
    // Unpooled: at offset 0 of its own memory, so a typed array can view it.
    const out = Buffer.allocUnsafeSlow(to - from);
    for (let at = from; at < to; ) {
      const block = Math.floor(at / CHECK_BLOCK_BYTES);
      const bytes = this.block(block);
      const start = at - block * CHECK_BLOCK_BYTES;
      const n = Math.min(bytes.length - start, to - at);
      bytes.copy(out, at - from, start, start + n);
      at += n;
    }
    return out;
  }

  /** The whole part, checked, kept in memory from now on; every later bytes() is a view of it. */
  whole(): Buffer {
    if (this.wholeBytes) return this.wholeBytes;
    const bytes = Buffer.allocUnsafeSlow(this.length);
    this.file.read(bytes, this.offset);
    if (!blocksMatch(bytes, this.sums)) throw new IndexDamagedError('a checksum does not match');
    this.wholeBytes = bytes;
    this.kept.clear();
    this.file.release();
    return bytes;
  }

  get isWhole(): boolean {
    return this.wholeBytes !== null;
  }

  private block(block: number): Buffer {
    const kept = this.kept.get(block);
    if (kept) return kept;
    const start = block * CHECK_BLOCK_BYTES;
    const bytes = Buffer.allocUnsafe(Math.min(CHECK_BLOCK_BYTES, this.length - start));
    this.file.read(bytes, this.offset + start);
    if (!blocksMatch(bytes, this.sums, block)) throw new IndexDamagedError('a checksum does not match');
    if (this.kept.size >= KEPT_BLOCKS) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(block, bytes);
    return bytes;
  }
}
