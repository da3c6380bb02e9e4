// Checks the checksum of every block of LevelDB's table files, which
// LevelDB itself does not do by default (leveldown cannot ask it to): a
// block of a table whose bytes were overwritten would otherwise be read as
// if it were sound, and a damaged note or image written as salvaged.
//
// The table format (leveldb/doc/table_format.md): data blocks, a metaindex
// and an index block, each followed by a 1-byte compression type and a
// masked CRC-32C of the block and that byte; a 48-byte footer at the end
// holds the index's position. Each index entry is a key at or after the
// last key of one data block (and before the next block's first), and that
// block's position. So a bad block is known by the range of keys it held.
import fs from 'node:fs';
import path from 'node:path';

export interface BadBlock {
  file: string;
  offset: number;
  /** The block held keys after `after` (null: from the table's start) up to and including `upTo` (null: to its end). */
  after: Buffer | null;
  upTo: Buffer | null;
}

const FOOTER = 48;
const TRAILER = 5;
const MAGIC = Buffer.from('57fb808b247547db', 'hex');

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(...parts: Uint8Array[]): number {
  let crc = 0xffffffff;
  for (const bytes of parts) for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** LevelDB stores CRCs masked (crc32c.h), so a CRC of data holding CRCs stays well distributed. */
const unmask = (masked: number) => {
  const rot = (masked - 0xa282ead8) >>> 0;
  return ((rot >>> 17) | (rot << 15)) >>> 0;
};

function varint(buf: Buffer, at: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (let i = at; i < buf.length && shift <= 63; i++) {
    const byte = buf[i]!;
    result += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return [result, i + 1];
    shift += 7;
  }
  throw new Error('bad varint');
}

/** Snappy's raw format (format_description.txt), for compressed index blocks. */
export function snappyDecompress(input: Buffer): Buffer {
  const [length, start] = varint(input, 0);
  const out = Buffer.alloc(length);
  let o = 0;
  let i = start;
  while (i < input.length) {
    const tag = input[i++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const bytes = len - 59;
        len = input.readUIntLE(i, bytes);
        i += bytes;
      }
      len += 1;
      if (i + len > input.length || o + len > length) throw new Error('bad snappy literal');
      input.copy(out, o, i, i + len);
      i += len;
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      len = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input[i++]!;
    } else if (kind === 2) {
      len = (tag >>> 2) + 1;
      offset = input.readUInt16LE(i);
      i += 2;
    } else {
      len = (tag >>> 2) + 1;
      offset = input.readUInt32LE(i);
      i += 4;
    }
    if (offset === 0 || offset > o || o + len > length) throw new Error('bad snappy copy');
    for (let k = 0; k < len; k++, o++) out[o] = out[o - offset]!;
  }
  if (o !== length) throw new Error('bad snappy length');
  return out;
}

/** A block's bytes (uncompressed), or null when its checksum does not match. */
function readBlock(file: Buffer, offset: number, size: number): Buffer | null {
  if (offset + size + TRAILER > file.length) return null;
  const block = file.subarray(offset, offset + size);
  const type = file.subarray(offset + size, offset + size + 1);
  if (crc32c(block, type) !== unmask(file.readUInt32LE(offset + size + 1))) return null;
  if (type[0] === 0) return block;
  if (type[0] === 1) return snappyDecompress(block);
  return null;
}

/** The entries of a block: prefix-compressed keys, then the restart array (block_builder.cc). */
function blockEntries(block: Buffer): { key: Buffer; value: Buffer }[] {
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - restarts * 4;
  const entries: { key: Buffer; value: Buffer }[] = [];
  let previous = Buffer.alloc(0);
  let at = 0;
  while (at < end) {
    let shared: number;
    let unshared: number;
    let valueLength: number;
    [shared, at] = varint(block, at);
    [unshared, at] = varint(block, at);
    [valueLength, at] = varint(block, at);
    const key = Buffer.concat([previous.subarray(0, shared), block.subarray(at, at + unshared)]);
    at += unshared;
    entries.push({ key, value: block.subarray(at, at + valueLength) });
    at += valueLength;
    previous = key;
  }
  return entries;
}

/** An internal key is the user key and 8 bytes of sequence number and type. */
const userKey = (internal: Buffer) => internal.subarray(0, Math.max(0, internal.length - 8));

/**
 * The data blocks of one table file whose checksum fails. A table whose
 * footer or index cannot be read is left to LevelDB, which refuses it
 * itself (and says so in its log); it yields no blocks here.
 */
export function badBlocksOf(filePath: string): BadBlock[] {
  const file = fs.readFileSync(filePath);
  if (file.length < FOOTER || !file.subarray(file.length - 8).equals(MAGIC)) return [];
  const footer = file.subarray(file.length - FOOTER);
  // The metaindex's offset and size, then the index's.
  const [, afterMetaOffset] = varint(footer, 0);
  const [, afterMeta] = varint(footer, afterMetaOffset);
  const [indexOffset, afterIndexOffset] = varint(footer, afterMeta);
  const [indexSize] = varint(footer, afterIndexOffset);
  const index = readBlock(file, indexOffset, indexSize);
  if (!index) return [];
  const bad: BadBlock[] = [];
  let after: Buffer | null = null;
  for (const { key, value } of blockEntries(index)) {
    const [offset, next] = varint(value, 0);
    const [size] = varint(value, next);
    let ok: boolean;
    try {
      ok = readBlock(file, offset, size) !== null;
    } catch {
      ok = false;
    }
    if (!ok) bad.push({ file: path.basename(filePath), offset, after, upTo: Buffer.from(userKey(key)) });
    after = Buffer.from(userKey(key));
  }
  return bad;
}

/** Every table file of a LevelDB folder, checked. */
export function badBlocksIn(dir: string): BadBlock[] {
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d+\.(ldb|sst)$/.test(name))
    .sort()
    .flatMap((name) => {
      try {
        return badBlocksOf(path.join(dir, name));
      } catch {
        return [];
      }
    });
}

/** Whether a key may have been in one of these blocks. */
export function inBadBlock(key: string, blocks: readonly BadBlock[]): boolean {
  if (blocks.length === 0) return false;
  const bytes = Buffer.from(key, 'utf8');
  return blocks.some((b) => (b.after === null || Buffer.compare(bytes, b.after) > 0) && (b.upTo === null || Buffer.compare(bytes, b.upTo) <= 0));
}
