// Git pack files (docs/snapshot-format.md, "Objects"): the writer makes a
// pack and its index (version 2), each object whole and zlib-compressed or
// an OFS_DELTA against an object earlier in the same pack (never against
// another pack: git does not read such "thin" packs); the reader reads both
// delta kinds, so a store a person repacked with `git gc` still reads.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { objectId, type GitObject, type ObjectType } from './git-objects';
import { applyDelta } from './delta';
import { ObjectError } from './pack-errors';
import { writeAll } from './durable';

export { ObjectError } from './pack-errors';

const TYPE_CODE: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3, tag: 4 };
const CODE_TYPE: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const WINDOW = 64 * 1024;
/** What a read out of sequence takes at least: an object's header and, for most (deltas, small documents), all of it. */
const SMALL_READ = 1024;
/** Searches (and entry reads) of a pack after which its tables for fast searching and exact reads are built. */
const MANY_SEARCHES = 256;
/** Objects kept for the reads after them (delta bases, the last versions read). */
const BASE_CACHE_BYTES = 16 * 1024 * 1024;
const REF_DELTA = 7;

function packHeader(type: number, size: number): Buffer {
  const bytes: number[] = [];
  let byte = (type << 4) | (size & 15);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}

export interface PackedObject {
  oid: string;
  offset: number;
  crc: number;
}

/**
 * deflateSync's output buffer for `length` bytes: about their length (what
 * zlib may need for bytes that do not compress), up to zlib's usual 16 KB.
 * Its default 16 KB for every object made a first snapshot of 200,000 small
 * documents churn through 3 GB of buffers that only a garbage collection
 * frees; below 4 KB, Buffer takes them from its shared pool.
 */
function outputChunk(length: number): number {
  return zlibChunk(length + (length >> 10) + 64);
}

/** A zlib output chunk of `bytes`, within zlib's own bounds. */
function zlibChunk(bytes: number): number {
  return Math.min(zlib.constants.Z_DEFAULT_CHUNK, Math.max(zlib.constants.Z_MIN_CHUNK, bytes));
}

const WRITE_BUFFER_BYTES = 1024 * 1024;


/**
 * Writes a pack to `fd` object by object (so a big first snapshot is never
 * whole in memory); finish() writes the trailer and returns the index's bytes.
 */
export class PackWriter {
  private readonly hash = createHash('sha1');
  private offset = 12;
  private readonly objects: PackedObject[] = [];
  private readonly offsets = new Map<string, number>();
  bytes = 0;

  constructor(
    private readonly fd: number,
    private readonly count: number,
  ) {
    const header = Buffer.alloc(12);
    header.write('PACK', 0, 'latin1');
    header.writeUInt32BE(2, 4);
    header.writeUInt32BE(count, 8);
    this.put(header);
  }

  /**
   * Entries are gathered into one buffer and written a megabyte at a time:
   * two writes per object (its header, then its body) were a tenth of a
   * prune's time and of a first snapshot's (issue 14).
   */
  private readonly out = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
  private outLength = 0;

  private put(buffer: Buffer): void {
    this.hash.update(buffer);
    this.bytes += buffer.length;
    if (this.outLength + buffer.length > this.out.length) this.drain();
    if (buffer.length >= this.out.length) writeAll(this.fd, buffer);
    else {
      buffer.copy(this.out, this.outLength);
      this.outLength += buffer.length;
    }
  }

  private drain(): void {
    if (this.outLength > 0) writeAll(this.fd, this.out.subarray(0, this.outLength));
    this.outLength = 0;
  }

  add(oid: string, object: GitObject): void {
    this.entry(oid, packHeader(TYPE_CODE[object.type], object.data.length), object.data);
  }

  /** Adds `oid` as a delta against `base`, which must already be in this pack (git reads no delta across packs). */
  addDelta(oid: string, base: string, delta: Buffer): void {
    const baseOffset = this.offsets.get(base);
    if (baseOffset === undefined) throw new Error(`delta base ${base} is not earlier in this pack`);
    // The distance back to the base, in git's offset encoding (each continuation byte counts from one more).
    let back = this.offset - baseOffset;
    const ofs = [back & 0x7f];
    back = Math.floor(back / 128);
    while (back > 0) {
      back--;
      ofs.unshift(0x80 | (back & 0x7f));
      back = Math.floor(back / 128);
    }
    this.entry(oid, Buffer.concat([packHeader(OFS_DELTA, delta.length), Buffer.from(ofs)]), delta);
  }

  /** Adds a whole object as another pack stores it (`body`: its compressed bytes, already checked): copied, not compressed again. */
  addCompressed(oid: string, type: ObjectType, size: number, body: Buffer): void {
    this.write(oid, packHeader(TYPE_CODE[type], size), body);
  }

  private entry(oid: string, header: Buffer, data: Buffer): void {
    this.write(oid, header, zlib.deflateSync(data, { level: 6, chunkSize: outputChunk(data.length) }));
  }

  private write(oid: string, header: Buffer, body: Buffer): void {
    this.objects.push({ oid, offset: this.offset, crc: zlib.crc32(body, zlib.crc32(header)) });
    this.offsets.set(oid, this.offset);
    this.put(header);
    this.put(body);
    this.offset += header.length + body.length;
  }

  /** The trailer written; returns the pack's checksum (hex) and its index. */
  finish(): { checksum: string; index: Buffer } {
    if (this.objects.length !== this.count) throw new Error(`pack announced ${this.count} objects, got ${this.objects.length}`);
    const checksum = this.hash.digest();
    this.drain();
    writeAll(this.fd, checksum);
    this.bytes += checksum.length;
    return { checksum: checksum.toString('hex'), index: packIndex(this.objects, checksum) };
  }
}

function packIndex(objects: PackedObject[], packChecksum: Buffer): Buffer {
  const sorted = [...objects].sort((a, b) => (a.oid < b.oid ? -1 : a.oid > b.oid ? 1 : 0));
  const n = sorted.length;
  const large = sorted.filter((o) => o.offset >= 0x80000000);
  const out = Buffer.alloc(8 + 1024 + n * 28 + large.length * 8 + 40);
  out.writeUInt32BE(0xff744f63, 0);
  out.writeUInt32BE(2, 4);
  const fanout = new Array<number>(256).fill(0);
  for (const o of sorted) fanout[parseInt(o.oid.slice(0, 2), 16)]!++;
  let total = 0;
  for (let i = 0; i < 256; i++) {
    total += fanout[i]!;
    out.writeUInt32BE(total, 8 + i * 4);
  }
  let at = 8 + 1024;
  for (const o of sorted) at += out.write(o.oid, at, 'hex');
  for (const o of sorted) at = out.writeUInt32BE(o.crc >>> 0, at);
  let li = 0;
  for (const o of sorted) at = out.writeUInt32BE(o.offset >= 0x80000000 ? (0x80000000 | li++) >>> 0 : o.offset, at);
  for (const o of large) {
    out.writeUInt32BE(Math.floor(o.offset / 2 ** 32), at);
    at = out.writeUInt32BE(o.offset >>> 0, at + 4);
  }
  packChecksum.copy(out, at);
  at += 20;
  createHash('sha1').update(out.subarray(0, at)).digest().copy(out, at);
  return out;
}

/** A pack entry's header: its type code, its size (a varint, 4 bits then 7 per byte) and where its body begins. */
function entryHeader(bytes: Buffer): { code: number; size: number; at: number } {
  let at = 0;
  let byte = bytes[at++]!;
  const code = (byte >> 4) & 7;
  let size = byte & 15;
  let shift = 4;
  while (byte & 0x80 && at < bytes.length) {
    byte = bytes[at++]!;
    size += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  }
  return { code, size, at };
}

/**
 * One pack of the store, read through its index. The index is searched in
 * place (binary search within its fan-out range), so opening a store costs
 * no time in the number of objects it holds.
 */
export class PackReader {
  private readonly idx: Buffer;
  private readonly count: number;
  private readonly size: number;
  private fd: number | null = null;
  private window: { start: number; data: Buffer } | null = null;
  private windowBuffer: Buffer | null = null;
  /** Delta bases read lately, by offset: a chain's objects are usually read one after another (verify, history, a merge). */
  private readonly bases = new Map<number, GitObject>();
  private baseBytes = 0;

  constructor(
    readonly packPath: string,
    indexPath: string,
  ) {
    const idx = fs.readFileSync(indexPath);
    if (idx.length < 8 + 1024 + 40 || idx.readUInt32BE(0) !== 0xff744f63 || idx.readUInt32BE(4) !== 2) {
      throw new Error(`${indexPath} is not a version 2 pack index`);
    }
    this.count = idx.readUInt32BE(8 + 255 * 4);
    if (idx.length < 8 + 1024 + this.count * 28 + 40) throw new Error(`${indexPath} is cut short`);
    this.idx = idx;
    this.size = fs.statSync(packPath).size;
  }

  /** The object's offset in the pack; -1 where a damaged index points past its own table of large offsets. */
  private offsetAt(i: number): number {
    const offsets = 8 + 1024 + this.count * 24;
    const offset = this.idx.readUInt32BE(offsets + i * 4);
    if (!(offset & 0x80000000)) return offset;
    const at = offsets + this.count * 4 + (offset & 0x7fffffff) * 8;
    if (at + 8 > this.idx.length) return -1;
    return this.idx.readUInt32BE(at) * 2 ** 32 + this.idx.readUInt32BE(at + 4);
  }

  /** Where the object is in the pack, or undefined when this pack does not hold it (`key`: the id's 20 bytes, when the caller has them). */
  offsetOf(oid: string, key = Buffer.from(oid, 'hex')): number | undefined {
    const i = this.indexOf(key);
    const offset = i === undefined ? -1 : this.offsetAt(i);
    return offset < 0 ? undefined : offset;
  }

  /** The first four bytes of each id in the index, as numbers (built after MANY_SEARCHES). */
  private heads: Uint32Array | null = null;
  private searches = 0;
  /** Entries read (by readEntry), until the table of where each ends is built. */
  private entriesRead = 0;

  /** The object's position in the index, or undefined. */
  private indexOf(key: Buffer): number | undefined {
    if (key.length !== 20) return undefined;
    const first = key[0]!;
    let lo = first === 0 ? 0 : this.idx.readUInt32BE(8 + (first - 1) * 4);
    let hi = this.idx.readUInt32BE(8 + first * 4);
    const names = 8 + 1024;
    const idx = this.idx;
    // Compared four bytes at a time in JavaScript: Buffer.compare with offsets
    // is a call into C++ per step (a twentieth of a snapshot restore's
    // reading, issue 14), and the first four bytes nearly always decide. Those
    // are kept as numbers once a pack is searched often (a restore, a verify);
    // a History opened reads a few dozen objects from a store opened for it,
    // and should not pay for every id of every pack.
    if (!this.heads && ++this.searches > MANY_SEARCHES) {
      const heads = new Uint32Array(this.count);
      for (let i = 0; i < this.count; i++) heads[i] = idx.readUInt32BE(names + i * 20);
      this.heads = heads;
    }
    const heads = this.heads;
    const head = key.readUInt32BE(0);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      let cmp = (heads ? heads[mid]! : idx.readUInt32BE(names + mid * 20)) - head;
      for (let b = 4, at = names + mid * 20; cmp === 0 && b < 20; b += 4) cmp = idx.readUInt32BE(at + b) - key.readUInt32BE(b);
      if (cmp === 0) return mid;
      if (cmp < 0) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  /** Every object's offset, in pack order, with the pack's trailer last: where each entry ends. */
  private ends: Float64Array | null = null;

  /** Where the entry that starts at `offset` ends (the next entry's offset, or the trailer's), or null when no entry starts there. */
  private entryEnd(offset: number): number | null {
    if (!this.ends) {
      const ends = new Float64Array(this.count + 1);
      for (let j = 0; j < this.count; j++) ends[j] = this.offsetAt(j);
      ends[this.count] = this.size - 20;
      this.ends = ends.sort();
    }
    let lo = 0;
    let hi = this.ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ends[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    const end = this.ends[lo]!;
    return end > offset && lo > 0 && this.ends[lo - 1] === offset ? end : null;
  }

  /**
   * A whole object (not a delta) as the pack stores it, its entry's CRC checked
   * against the index, for a merge to copy without decompressing and
   * compressing it again; null for a delta, or an entry whose CRC does not match.
   */
  compressedEntry(key: Buffer): { type: ObjectType; size: number; body: Buffer } | null {
    const i = this.indexOf(key);
    if (i === undefined) return null;
    const offset = this.offsetAt(i);
    if (offset < 0) return null;
    const end = this.entryEnd(offset);
    if (end === null) return null;
    const raw = Buffer.from(this.read(offset, end - offset));
    if (raw.length !== end - offset) return null;
    const crc = this.idx.readUInt32BE(8 + 1024 + this.count * 20 + i * 4);
    if (zlib.crc32(raw) >>> 0 !== crc) return null;
    const { code, size, at } = entryHeader(raw);
    const type = CODE_TYPE[code];
    return type ? { type, size, body: raw.subarray(at) } : null;
  }

  has(oid: string): boolean {
    return this.offsetOf(oid) !== undefined;
  }

  /** Every object id the pack holds. */
  oids(): string[] {
    const names = 8 + 1024;
    return Array.from({ length: this.count }, (_, i) => this.idx.toString('hex', names + i * 20, names + i * 20 + 20));
  }

  /**
   * Bytes of the pack. Reads go through a window: objects read in the order
   * they lie in the pack, one after another or a few apart (a first
   * snapshot's, a pack verified in order, a restore's documents:
   * snapshot-items.ts), cost one 64 KB read for many; a read elsewhere (a
   * tree walk, most reads) takes the entry's exact length (the index says
   * where it ends), or 1 KB where it cannot say.
   */
  private read(position: number, length: number): Buffer {
    const w = this.window;
    if (w && position >= w.start && position + length <= w.start + w.data.length) return w.data.subarray(position - w.start, position - w.start + length);
    this.fd ??= fs.openSync(this.packPath, 'r');
    const next = w !== null && position >= w.start + w.data.length && position < w.start + w.data.length + WINDOW;
    const want = Math.max(0, Math.min(Math.max(length, next ? WINDOW : SMALL_READ), this.size - position));
    // One buffer serves every read that fits the window: each caller is done with a read's
    // bytes before it reads again (readEntry reads a delta's base after inflating the delta,
    // compressedEntry copies). A new buffer per read was hundreds of megabytes of garbage in
    // a snapshot restore.
    const buffer = want <= WINDOW ? (this.windowBuffer ??= Buffer.allocUnsafe(WINDOW)) : Buffer.allocUnsafe(want);
    const got = fs.readSync(this.fd, buffer, 0, want, position);
    this.window = { start: position, data: buffer.subarray(0, got) };
    return buffer.subarray(0, Math.min(got, length));
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    this.window = null;
    this.bases.clear();
    this.baseBytes = 0;
  }

  private readBase(offset: number, oid: string, resolve: (oid: string) => GitObject, depth: number): GitObject {
    return this.bases.get(offset) ?? this.readAt(offset, `${oid} (its delta base)`, resolve, depth + 1);
  }

  /**
   * Kept for the reads after it: the next version of a document or tree is usually read next
   * (verify, history, a merge), and it is a delta of this one. Bounded (16 MB, oldest dropped
   * first) so a long verify stays flat in memory; an object over 1 MB is not kept.
   */
  private remember(offset: number, object: GitObject): void {
    if (object.data.length > 1024 * 1024 || this.bases.has(offset)) return;
    this.bases.set(offset, object);
    this.baseBytes += object.data.length;
    if (this.baseBytes <= BASE_CACHE_BYTES) return;
    for (const [key, value] of this.bases) {
      if (this.baseBytes <= BASE_CACHE_BYTES) break;
      this.bases.delete(key);
      this.baseBytes -= value.data.length;
    }
  }

  /** The object at `offset`; `resolve` reads a ref-delta's base from the whole store. */
  readAt(offset: number, oid: string, resolve: (oid: string) => GitObject, depth = 0): GitObject {
    const cached = this.bases.get(offset);
    if (cached) return cached;
    const object = this.readEntry(offset, oid, resolve, depth);
    this.remember(offset, object);
    return object;
  }

  private readEntry(offset: number, oid: string, resolve: (oid: string) => GitObject, depth: number, exact = true): GitObject {
    // The entry's exact length where the index says where it ends: one read of just its bytes
    // (once this pack is read often: the table of ends costs a sort of every offset).
    const end = exact && (this.ends || ++this.entriesRead > MANY_SEARCHES) ? this.entryEnd(offset) : null;
    const head = this.read(offset, end === null ? 32 : end - offset);
    if (head.length === 0 || offset >= this.size - 20) throw new ObjectError(oid, 'the pack file is cut short');
    const { code: type, size, at: headerEnd } = entryHeader(head);
    let at = headerEnd;
    // Else enough bytes for the whole compressed stream (zlib's own bound on its output, and then some);
    // inflate stops at the stream's end and ignores what follows.
    const raw = end !== null ? head : this.read(offset, Math.min(this.size - 20 - offset, 64 + size + Math.ceil(size / 1024) + 64));
    if (depth > 50) throw new ObjectError(oid, 'delta chain too long');
    let baseAt: number | null = null;
    let baseOid: string | null = null;
    if (type === OFS_DELTA) {
      let byte = raw[at++]!;
      let back = byte & 0x7f;
      while (byte & 0x80) {
        byte = raw[at++]!;
        back = (back + 1) * 128 + (byte & 0x7f);
      }
      baseAt = offset - back;
    } else if (type === REF_DELTA) {
      baseOid = raw.toString('hex', at, at + 20);
      at += 20;
    } else if (!CODE_TYPE[type]) throw new ObjectError(oid, `unknown object type ${type} in the pack`);
    let data: Buffer;
    try {
      // An output chunk of the object's size (and a byte, so zlib sees the stream end without another chunk), not 16 KB for every object.
      data = zlib.inflateSync(raw.subarray(at), { maxOutputLength: Math.max(size, 1), chunkSize: zlibChunk(size + 1) });
    } catch (error) {
      // A damaged index can place another entry inside this one and so cut it short: read it as
      // before the table of ends existed, so a good object is never reported damaged by it.
      if (end !== null) return this.readEntry(offset, oid, resolve, depth, false);
      throw new ObjectError(oid, `cannot be decompressed (${(error as Error).message})`);
    }
    if (data.length !== size) throw new ObjectError(oid, `is ${data.length} bytes where the pack says ${size}`);
    // The base only now: reading it reuses the window buffer that `raw` lies in.
    const base = baseAt !== null ? this.readBase(baseAt, oid, resolve, depth) : baseOid !== null ? resolve(baseOid) : null;
    return base ? { type: base.type, data: applyDelta(base.data, data, oid) } : { type: CODE_TYPE[type]!, data };
  }
}

/** Reads a loose object (objects/xx/yyyy…), as git writes them. */
export function readLoose(file: string, oid: string): GitObject {
  let data: Buffer;
  try {
    data = zlib.inflateSync(fs.readFileSync(file));
  } catch (error) {
    throw new ObjectError(oid, `cannot be read (${(error as Error).message})`);
  }
  const nul = data.indexOf(0);
  const m = /^(commit|tree|blob|tag) (\d+)$/.exec(data.toString('latin1', 0, Math.max(0, nul)));
  if (!m || Number(m[2]) !== data.length - nul - 1) throw new ObjectError(oid, 'loose object has a bad header');
  return { type: m[1] as ObjectType, data: data.subarray(nul + 1) };
}

export function checkObject(oid: string, object: GitObject): void {
  if (objectId(object.type, object.data) !== oid) throw new ObjectError(oid, 'its content does not match its hash (damaged)');
}
