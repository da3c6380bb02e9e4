// Typed arrays as the index file's bytes and back (index-file.ts, note-meta.ts,
// sort-keys.ts, search-index.ts): numbers are saved in this machine's byte
// order, which the index file's fingerprint records.

/** A typed array's memory as bytes. */
export const bytesOf = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/** A saved part as 32-bit numbers: a view when the part is aligned (index-file.ts reads each into memory of its own), else a copy. */
export function words(part: Uint8Array): Uint32Array {
  return viewOrCopy(part, Uint32Array);
}

/** A saved part as doubles, the same way. */
export function doubles(part: Uint8Array): Float64Array {
  return viewOrCopy(part, Float64Array);
}

function viewOrCopy<T extends Uint32Array | Float64Array>(
  part: Uint8Array,
  Kind: { new (buffer: ArrayBufferLike, offset: number, length: number): T; new (length: number): T; BYTES_PER_ELEMENT: number },
): T {
  const size = Kind.BYTES_PER_ELEMENT;
  if (part.byteLength % size !== 0) throw new Error('the saved index is damaged');
  if (part.byteOffset % size === 0) return new Kind(part.buffer, part.byteOffset, part.byteLength / size);
  const copy = new Kind(part.byteLength / size);
  new Uint8Array(copy.buffer).set(part);
  return copy;
}
