// MiniSearch's index in a compact binary form, loaded lazily.
//
// Measured at 192k notes (docs/benchmarks.md, issue 16): MiniSearch's own
// toJSON() is a 97 MB JSON text that took 17 s to make and 12 s to parse and
// load (loadJS makes a Map per term and field with an entry per note), far
// from the 2 s the issue asks for. Here each term's postings are one slice of
// a Uint32Array ([field count, then per field: field id, count, then
// (short id, term frequency) pairs]); loading puts every term in MiniSearch's
// radix tree with a LazyTermData holding its slice, which turns into the Maps
// MiniSearch expects the first time a query (or an edit) touches the term.
// Saving copies the slices of untouched terms as they are.
//
// This reaches into MiniSearch's private fields (_index, _documentIds, …),
// which its public API does not expose; the version is pinned in
// package.json's range and the round-trip test (index-file.test.ts) compares
// every answer with a fresh build, so a change there fails loudly.
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';

type Postings = Map<number, number>;

/** One term's postings, decoded from its slice on first use. */
export class LazyTermData extends Map<number, Postings> {
  encoded: Uint32Array | null;

  constructor(encoded: Uint32Array) {
    super();
    this.encoded = encoded;
  }

  private decode(): void {
    const e = this.encoded;
    if (!e) return;
    this.encoded = null;
    // Bounded by the slice whatever the counts say (the file's checksum already vouched for them).
    let i = 1;
    for (let f = 0; f < e[0]! && i + 2 <= e.length; f++) {
      const fieldId = e[i]!;
      const count = e[i + 1]!;
      i += 2;
      const postings: Postings = new Map();
      for (const end = Math.min(i + 2 * count, e.length - 1); i < end; i += 2) postings.set(e[i]!, e[i + 1]!);
      super.set(fieldId, postings);
    }
  }

  override get size(): number {
    this.decode();
    return super.size;
  }
  override get(key: number): Postings | undefined {
    this.decode();
    return super.get(key);
  }
  override has(key: number): boolean {
    this.decode();
    return super.has(key);
  }
  override set(key: number, value: Postings): this {
    this.decode();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.decode();
    return super.delete(key);
  }
  override clear(): void {
    this.encoded = null;
    super.clear();
  }
  override forEach(fn: (value: Postings, key: number, map: Map<number, Postings>) => void, thisArg?: unknown): void {
    this.decode();
    super.forEach(fn, thisArg);
  }
  override keys(): MapIterator<number> {
    this.decode();
    return super.keys();
  }
  override values(): MapIterator<Postings> {
    this.decode();
    return super.values();
  }
  override entries(): MapIterator<[number, Postings]> {
    this.decode();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, Postings]> {
    return this.entries();
  }
}

/** The private fields of MiniSearch this module reads and writes. */
interface MiniInternals {
  _index: Map<string, Map<number, Postings>> & Iterable<[string, Map<number, Postings>]>;
  _documentIds: Map<number, string>;
  _fieldLength: Map<number, number[]>;
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
  _dirtCount: number;
}

export interface CompactMini {
  /** MiniSearch's toJSON() without its index: document ids, field lengths, counts. */
  rest: string;
  /** The terms, in the order of their postings. */
  terms: string;
  /** [term count + 1 offsets into the data, then the data] */
  postings: Uint32Array;
}

export function encodeMini(mini: MiniSearch<unknown>): CompactMini {
  const m = mini as unknown as MiniInternals;
  const rest: AsPlainObject = {
    documentCount: m._documentCount,
    nextId: m._nextId,
    documentIds: Object.fromEntries(m._documentIds),
    fieldIds: m._fieldIds,
    fieldLength: Object.fromEntries(m._fieldLength),
    averageFieldLength: m._avgFieldLength,
    storedFields: {},
    dirtCount: m._dirtCount,
    index: [],
    serializationVersion: 2,
  };
  // Written straight into one growing Uint32Array: going through arrays of
  // numbers per term took seconds of the worker at 200k notes.
  const termCount = m._index.size;
  const offsets = new Uint32Array(termCount + 1);
  let data = new Uint32Array(1 << 20);
  let at = 0;
  const room = (n: number) => {
    if (at + n <= data.length) return;
    let size = data.length * 2;
    while (size < at + n) size *= 2;
    const grown = new Uint32Array(size);
    grown.set(data.subarray(0, at));
    data = grown;
  };
  const terms: string[] = [];
  for (const [term, termData] of m._index) {
    offsets[terms.length] = at;
    terms.push(term);
    if (termData instanceof LazyTermData && termData.encoded) {
      room(termData.encoded.length);
      data.set(termData.encoded, at);
      at += termData.encoded.length;
      continue;
    }
    room(1);
    data[at++] = termData.size;
    for (const [fieldId, postings] of termData) {
      room(2 + 2 * postings.size);
      data[at++] = fieldId;
      data[at++] = postings.size;
      for (const [shortId, tf] of postings) {
        data[at++] = shortId;
        data[at++] = tf;
      }
    }
  }
  if (terms.length !== termCount) throw new Error('the index changed while it was being saved');
  offsets[termCount] = at;
  const head = termCount + 1;
  const postings = new Uint32Array(head + at);
  for (let i = 0; i <= termCount; i++) postings[i] = offsets[i]! + head;
  postings.set(data.subarray(0, at), head);
  return { rest: JSON.stringify(rest), terms: JSON.stringify(terms), postings };
}

/** A MiniSearch over the compact index; throws on data that does not hang together. */
export function decodeMini<T>(rest: unknown, terms: unknown, postings: Uint32Array, options: Options<T>): MiniSearch<T> {
  if (!Array.isArray(terms) || postings.length < terms.length + 1 || postings[terms.length] !== postings.length) {
    throw new Error('the saved terms and postings disagree');
  }
  const mini = MiniSearch.loadJS<T>({ ...(rest as AsPlainObject), index: [] }, options);
  const index = (mini as unknown as MiniInternals)._index;
  for (let i = 0; i < terms.length; i++) {
    const start = postings[i]!;
    const end = postings[i + 1]!;
    if (typeof terms[i] !== 'string' || !(start <= end && end <= postings.length)) throw new Error('the saved postings are damaged');
    index.set(terms[i] as string, new LazyTermData(postings.subarray(start, end)));
  }
  return mini;
}
