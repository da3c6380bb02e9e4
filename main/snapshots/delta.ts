// Git's delta format (the body of an OFS_DELTA pack entry): the base's
// length and the result's length as varints, then instructions that either
// copy a range of the base or insert literal bytes. The encoder indexes the
// base by 16-byte blocks and extends every block match both ways: a small
// edit to a large note becomes a delta of a few dozen bytes.
import { ObjectError } from './pack-errors';

const BLOCK = 16;
/** Git's decoders accept larger copies, but 64 KB (encoded as size 0) is what git itself emits. */
const MAX_COPY = 0x10000;
const MAX_INSERT = 0x7f;

function blockHash(buf: Buffer, at: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < BLOCK; i += 4) h = Math.imul(h ^ buf.readUInt32LE(at + i), 0x01000193);
  return h >>> 0;
}

function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

function insert(out: number[], target: Buffer, from: number, to: number): void {
  for (let at = from; at < to; at += MAX_INSERT) {
    const n = Math.min(MAX_INSERT, to - at);
    out.push(n);
    for (let i = 0; i < n; i++) out.push(target[at + i]!);
  }
}

function copy(out: number[], offset: number, size: number): void {
  for (let done = 0; done < size; done += MAX_COPY) {
    const o = offset + done;
    const n = Math.min(MAX_COPY, size - done);
    const op = out.length;
    out.push(0x80);
    for (let i = 0; i < 4; i++) {
      const byte = Math.floor(o / 2 ** (8 * i)) & 0xff;
      if (byte) {
        out[op]! |= 1 << i;
        out.push(byte);
      }
    }
    // A size of exactly 64 KB is written as no size bytes at all.
    for (let i = 0; i < 3; i++) {
      const byte = (n >> (8 * i)) & 0xff;
      if (byte && n !== MAX_COPY) {
        out[op]! |= 16 << i;
        out.push(byte);
      }
    }
  }
}

/**
 * A delta that makes `target` from `base`, or null when it would not be worth
 * it (more than half the target's size: the whole object compresses about as well).
 */
export function encodeDelta(base: Buffer, target: Buffer): Buffer | null {
  if (base.length < BLOCK * 2 || target.length < BLOCK * 2) return null;
  const index = new Map<number, number>();
  for (let at = 0; at + BLOCK <= base.length; at += BLOCK) {
    const h = blockHash(base, at);
    if (!index.has(h)) index.set(h, at);
  }
  const out: number[] = [];
  varint(out, base.length);
  varint(out, target.length);
  const limit = target.length / 2;
  let pending = 0; // start of the literal bytes not yet written
  let at = 0;
  while (at + BLOCK <= target.length) {
    const candidate = index.get(blockHash(target, at));
    if (candidate === undefined || base.compare(target, at, at + BLOCK, candidate, candidate + BLOCK) !== 0) {
      at++;
      continue;
    }
    let length = BLOCK;
    while (candidate + length < base.length && at + length < target.length && base[candidate + length] === target[at + length]) length++;
    let back = 0;
    while (back < at - pending && candidate - back > 0 && base[candidate - back - 1] === target[at - back - 1]) back++;
    insert(out, target, pending, at - back);
    copy(out, candidate - back, length + back);
    at += length;
    pending = at;
    if (out.length > limit) return null;
  }
  insert(out, target, pending, target.length);
  return out.length > limit ? null : Buffer.from(out);
}

/** Applies a git delta to its base (throws ObjectError for `oid` when the delta does not fit). */
export function applyDelta(base: Buffer, delta: Buffer, oid: string): Buffer {
  let at = 0;
  const readVarint = () => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      if (at >= delta.length) throw new ObjectError(oid, 'delta is cut short');
      byte = delta[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  if (readVarint() !== base.length) throw new ObjectError(oid, 'delta does not fit its base');
  const out = Buffer.alloc(readVarint());
  let put = 0;
  while (at < delta.length) {
    const op = delta[at++]!;
    if (op & 0x80) {
      let offset = 0;
      let size = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) offset += delta[at++]! * 2 ** (8 * i);
      for (let i = 0; i < 3; i++) if (op & (16 << i)) size += delta[at++]! * 2 ** (8 * i);
      if (size === 0) size = 0x10000;
      if (offset + size > base.length || put + size > out.length) throw new ObjectError(oid, 'delta copies outside its base');
      put += base.copy(out, put, offset, offset + size);
    } else if (op > 0) {
      if (put + op > out.length || at + op > delta.length) throw new ObjectError(oid, 'delta inserts past its end');
      put += delta.copy(out, put, at, at + op);
      at += op;
    } else throw new ObjectError(oid, 'delta has a reserved instruction');
  }
  if (put !== out.length) throw new ObjectError(oid, 'delta is cut short');
  return out;
}
