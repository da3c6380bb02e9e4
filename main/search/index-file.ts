// The search index saved in the user data folder, so a start loads it and
// applies only the changes made since, instead of reading and tokenizing
// every note again (issue 16: ~36 s at 192k notes).
//
// The container: a JSON header line (format, the index's fingerprint, the
// database it was made for, the update sequence it reflects, the byte length
// of each part, a CRC-32 of each 64 KB block of each part), then the parts,
// each followed by a newline; what the parts hold is search-index.ts's
// business. The lengths tell a truncated or extended file, the checksums one
// damaged in place (CRC-32 catches any flipped bit or short burst, which is
// the damage a disk or a copy does; at 200k notes it takes 80 ms where SHA-1
// took 145, on the way to the first search answer; nobody forges a cache).
// Checksums by block let a part be read later, a piece at a time, and each
// piece checked as it is read (later-part.ts). Anything unexpected at the
// start (missing, damaged, another format, another tokenizer, another
// database) makes the reader return a reason, never throw: the caller then
// builds the index from the database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { AtomicWriter } from '../backup/atomic-write';
import { blockChecksums, blocksMatch, CHECK_BLOCK_BYTES, OpenIndexFile, readFully, type LaterPart } from './later-part';
import { bytesOf } from './saved-numbers';
import { indexKeys } from './tokenize';

/**
 * Bump when the layout of the file or of its parts changes. 7: the phrase
 * texts keep the spaceless scripts' punctuation, as their terms do.
 */
export const INDEX_FILE_FORMAT = 7;

export interface IndexFileHeader {
  format: number;
  fingerprint: string;
  /** PouchDB's instance id (db.id()): a different database, even at the same path, never uses this file. */
  dbId: string;
  /** Every change up to this update sequence is in the index. */
  seq: number;
  notes: number;
  /** Byte length of each part. */
  parts: number[];
  /** For each part, a CRC-32 of each of its blocks (later-part.ts's CHECK_BLOCK_BYTES). */
  crc32: number[][];
}

export interface IndexFileContents {
  header: IndexFileHeader;
  /** The parts as written, each in memory of its own, except those asked to be read later. */
  parts: (Buffer | LaterPart)[];
  /** Holds the file open for the later parts (none: already closed). */
  file: OpenIndexFile;
}

// Text in the scripts the tokenizer treats differently (accents, spaceless
// pairs, Cyrillic, Arabic with harakat): if tokenizing it gives other terms,
// the saved terms no longer match what queries will look for.
const PROBE = 'Résumé ＦＵＬＬ 压缩文件 ファイルの作成 файл Ёлка مُجَلَّد ملف 12abc';

/** What the saved index depends on besides its notes: MiniSearch's options, the tokenizer's behaviour, the byte order of its numbers. */
export function indexFingerprint(options: { fields: readonly string[]; storeFields?: readonly string[] }): string {
  return createHash('sha256')
    .update(JSON.stringify({ fields: options.fields, storeFields: options.storeFields ?? [], probe: indexKeys(PROBE), byteOrder: os.endianness() }))
    .digest('hex')
    .slice(0, 16);
}

// The header is one line (2,600 checksums at 200k notes); more than this before its newline is damage.
const MAX_HEADER_BYTES = 1 << 20;

/**
 * Reads and checks the index file; a reason in words when it cannot be used.
 * Each part is read into a buffer of its own (at offset 0 of its memory):
 * a typed array can view it without a copy, and keeping one part alive does
 * not keep the whole file (at 200k notes, copying the phrase texts and the
 * postings out of one 164 MB buffer was a tenth of the load). The parts
 * numbered in `later` are not read now: each is a LaterPart, which reads and
 * checks its pieces when asked, from the file held open until then.
 */
export function readIndexFile(
  file: string,
  expect: { fingerprint: string; dbId: string; updateSeq: number },
  later: readonly number[] = [],
): IndexFileContents | { reason: string } {
  let fd: number;
  // Whether the file stays open for parts read later.
  let kept = false;
  let open: OpenIndexFile | null = null;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no saved index' : `unreadable: ${(error as Error).message}` };
  }
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES));
    readFully(fd, head, 0);
    const end = head.indexOf(0x0a);
    if (end < 0) return { reason: 'damaged: no header' };
    const header = JSON.parse(head.subarray(0, end).toString('utf8')) as IndexFileHeader;
    if (typeof header !== 'object' || header === null) return { reason: 'damaged: no header' };
    if (header.format !== INDEX_FILE_FORMAT) return { reason: `format ${String(header.format)}, not ${INDEX_FILE_FORMAT}` };
    if (header.fingerprint !== expect.fingerprint) return { reason: 'made with other index options or another tokenizer' };
    if (header.dbId !== expect.dbId) return { reason: 'made for another database' };
    if (!Number.isSafeInteger(header.seq) || header.seq < 0) return { reason: 'damaged: no sequence' };
    // A database older than the index (one put back from a copy) may lack changes the index has.
    if (header.seq > expect.updateSeq) return { reason: `made at sequence ${header.seq}, past the database's ${expect.updateSeq}` };
    if (!Array.isArray(header.parts) || !header.parts.every((n) => Number.isSafeInteger(n) && n >= 0)) return { reason: 'damaged: no parts' };
    const blockCounts = header.parts.map((n) => Math.ceil(n / CHECK_BLOCK_BYTES));
    if (
      !Array.isArray(header.crc32) || header.crc32.length !== header.parts.length ||
      !header.crc32.every((sums, i) => Array.isArray(sums) && sums.length === blockCounts[i])
    ) {
      return { reason: 'damaged: no checksums' };
    }
    open = new OpenIndexFile(fd);
    const parts: (Buffer | LaterPart)[] = [];
    const newline = Buffer.alloc(1);
    let at = end + 1;
    for (const [i, length] of header.parts.entries()) {
      if (at + length + 1 > size) return { reason: 'damaged: truncated' };
      if (later.includes(i)) {
        readFully(fd, newline, at + length);
        if (newline[0] !== 0x0a) return { reason: 'damaged: truncated' };
        parts.push(open.part(at, length, header.crc32[i]!));
      } else {
        // Unpooled: its own memory, starting at offset 0 (aligned for any typed array).
        const part = Buffer.allocUnsafeSlow(length + 1);
        readFully(fd, part, at);
        if (part[length] !== 0x0a) return { reason: 'damaged: truncated' };
        if (!blocksMatch(part.subarray(0, length), header.crc32[i]!)) return { reason: 'damaged: its checksum does not match' };
        parts.push(part.subarray(0, length));
      }
      at += length + 1;
    }
    if (at !== size) return { reason: 'damaged: extended' };
    kept = parts.some((p) => !Buffer.isBuffer(p));
    return { header, parts, file: open };
  } catch (error) {
    return { reason: `damaged: ${(error as Error).message}` };
  } finally {
    // Closed here unless a later part holds it; a closed OpenIndexFile never touches the number again.
    if (!kept) {
      if (open) open.close();
      else fs.closeSync(fd);
    }
  }
}


/** Bytes of a part: text as UTF-8, a typed array as its memory (this machine's byte order; the header records it). */
export function partBytes(part: string | ArrayBufferView): Uint8Array {
  return typeof part === 'string' ? Buffer.from(part, 'utf8') : bytesOf(part);
}

/**
 * Writes the index file atomically (temporary file, fsync, rename, fsync of
 * the folder: main/backup/atomic-write.ts), so a crash leaves the old file
 * or the new one.
 */
export async function writeIndexFile(
  file: string,
  header: Omit<IndexFileHeader, 'format' | 'parts' | 'crc32'>,
  parts: readonly Uint8Array[],
): Promise<void> {
  const full: IndexFileHeader = { format: INDEX_FILE_FORMAT, ...header, parts: parts.map((p) => p.byteLength), crc32: parts.map(blockChecksums) };
  const newline = Buffer.from('\n');
  const dir = path.dirname(file);
  await fs.promises.mkdir(dir, { recursive: true });
  const writer = new AtomicWriter(dir, 'search');
  // Leftovers of a write cut short (a crash) would otherwise pile up in the cache folder.
  await writer.removeOwnTempFiles(['']).catch(() => 0);
  await writer.write(path.basename(file), Buffer.concat([Buffer.from(JSON.stringify(full)), newline, ...parts.flatMap((p) => [p, newline])]));
}
