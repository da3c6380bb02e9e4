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

/** A Map made the first time anything asks it something. */
export class LazyMap<K, V> implements Map<K, V> {
  private map: Map<K, V> | null = null;

  constructor(private make: (() => Map<K, V>) | null) {}

  /** Makes the map; what it was made from can go then (the saved rows, once every map sharing them is made). */
  protected build(): Map<K, V> {
    const map = this.make ? this.make() : new Map<K, V>();
    this.make = null;
    return map;
  }

  private made(): Map<K, V> {
    return (this.map ??= this.build());
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }
  get size(): number {
    return this.made().size;
  }
  get(key: K): V | undefined {
    return this.made().get(key);
  }
  has(key: K): boolean {
    return this.made().has(key);
  }
  set(key: K, value: V): this {
    this.made().set(key, value);
    return this;
  }
  delete(key: K): boolean {
    return this.made().delete(key);
  }
  clear(): void {
    this.map = new Map();
    this.make = null;
  }

  forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.made().forEach(fn, thisArg);
  }
  keys(): MapIterator<K> {
    return this.made().keys();
  }
  values(): MapIterator<V> {
    return this.made().values();
  }
  entries(): MapIterator<[K, V]> {
    return this.made().entries();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/**
 * One term's postings, decoded from its slice on first use. It answers as
 * the Map of field ids to postings MiniSearch keeps per term (the methods
 * its add, discard and vacuum call), without being one until decoded: a
 * Map per term at load (92,000 at 200k notes) cost time and 10+ MB.
 */
export class LazyTermData extends LazyMap<number, Postings> {
  /** Gives term `term`'s saved slice (read from the file, if it is read late); null once decoded. */
  private source: TermSlices | null;
  private slice: Uint32Array | null = null;

  // One source shared by every term, and the term's number: a closure per term was 92,000 more objects to make and
  // collect at each load of a 200k-note index.
  constructor(source: TermSlices, private readonly term: number) {
    super(null);
    this.source = source;
  }

  /** The saved slice while undecoded (a query scores it, a save copies it as it is); null once decoded. */
  get encoded(): Uint32Array | null {
    if (!this.source) return null;
    return (this.slice ??= this.source.of(this.term));
  }

  protected override build(): Map<number, Postings> {
    const map = new Map<number, Postings>();
    const e = this.encoded;
    this.source = null;
    this.slice = null;
    if (!e) return map;
    // Bounded by the slice whatever the counts say (the file's checksums already vouched for them).
    let i = 1;
    for (let f = 0; f < e[0]! && i + 2 <= e.length; f++) {
      const fieldId = e[i]!;
      const count = e[i + 1]!;
      i += 2;
      const postings: Postings = new Map();
      for (const end = Math.min(i + 2 * count, e.length - 1); i < end; i += 2) postings.set(e[i]!, e[i + 1]!);
      map.set(fieldId, postings);
    }
    return map;
  }

  override clear(): void {
    this.source = null;
    this.slice = null;
    super.clear();
  }
}

/**
 * The postings as saved: in memory, or read a slice at a time when a term is
 * first used (a LaterPart's, search-index.ts). Slices are in 32-bit words.
 */
export type SavedPostings = Uint32Array | { readonly words: number; slice(from: number, to: number): Uint32Array };

/** Each term's saved slice, by the term's number. */
interface TermSlices {
  of(term: number): Uint32Array;
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
  /** MiniSearch's toJSON() without its index, document ids and field lengths: counts, field ids, average lengths. */
  rest: string;
  /** Per document, in MiniSearch's order: its short id, the slot of its note (the caller's numbering of ids), its field lengths. */
  docs: Uint32Array;
  /** The terms, in the order of their postings. */
  terms: string;
  /** [term count + 1 offsets into the data, then the data] */
  postings: Uint32Array;
}

/** Numbers per document in CompactMini.docs. */
export const docStride = (fieldCount: number) => 2 + fieldCount;

export function encodeMini(mini: MiniSearch<unknown>, slotOf: (id: string) => number): CompactMini {
  const m = mini as unknown as MiniInternals;
  const rest: AsPlainObject = {
    documentCount: m._documentCount,
    nextId: m._nextId,
    documentIds: {},
    fieldIds: m._fieldIds,
    fieldLength: {},
    averageFieldLength: m._avgFieldLength,
    storedFields: {},
    dirtCount: m._dirtCount,
    index: [],
    serializationVersion: 2,
  };
  const fieldCount = m._avgFieldLength.length;
  const stride = docStride(fieldCount);
  const docs = new Uint32Array(m._documentIds.size * stride);
  let d = 0;
  for (const [short, id] of m._documentIds) {
    const slot = slotOf(id);
    if (slot < 0) throw new Error('the index and its note facts disagree');
    docs[d] = short;
    docs[d + 1] = slot;
    const lengths = m._fieldLength.get(short) ?? [];
    for (let f = 0; f < fieldCount; f++) docs[d + 2 + f] = lengths[f] ?? 0;
    d += stride;
  }
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
  return { rest: JSON.stringify(rest), docs, terms: JSON.stringify(terms), postings };
}

/**
 * A MiniSearch over the compact index; throws on data that does not hang
 * together. `idAt` gives the id of a slot of `docs`. MiniSearch's Maps of
 * documents are filled here from the numbers (its loadJS() parsed each key
 * of a 200,000-entry JSON object).
 */
export function decodeMini<T>(
  rest: unknown,
  docs: Uint32Array,
  terms: unknown,
  saved: SavedPostings,
  options: Options<T>,
  idAt: (slot: number) => string | null,
): MiniSearch<T> {
  const total = saved instanceof Uint32Array ? saved.length : saved.words;
  const slice = saved instanceof Uint32Array ? (from: number, to: number) => saved.subarray(from, to) : saved.slice.bind(saved);
  // The offsets of each term's slice, then the slices.
  const postings = Array.isArray(terms) && total >= terms.length + 1 ? slice(0, terms.length + 1) : null;
  if (!Array.isArray(terms) || !postings || postings[terms.length] !== total) {
    throw new Error('the saved terms and postings disagree');
  }
  const mini = MiniSearch.loadJS<T>({ ...(rest as AsPlainObject), documentIds: {}, fieldLength: {}, storedFields: {}, index: [] }, options);
  const m = mini as unknown as MiniInternals;
  const fieldCount = options.fields.length;
  const stride = docStride(fieldCount);
  if (docs.length % stride !== 0 || docs.length / stride !== m._documentCount || m._avgFieldLength.length !== fieldCount) {
    throw new Error('the saved documents disagree with their count');
  }
  const ids = new Array<string>(docs.length / stride);
  for (let d = 0, row = 0; d < docs.length; d += stride, row++) {
    const id = idAt(docs[d + 1]!);
    if (typeof id !== 'string' || docs[d]! >= m._nextId) throw new Error('the saved documents are damaged');
    ids[row] = id;
  }
  // MiniSearch's three Maps by document are made on first use: only an edit
  // (add, discard) or a save reads them; a query goes through the scorer's
  // columns (ranked-search.ts). Filling them was a third of the load at 200k.
  const rows = () => {
    const out: [short: number, id: string, lengths: number[]][] = [];
    for (let d = 0, row = 0; d < docs.length; d += stride, row++) {
      out.push([docs[d]!, ids[row]!, Array.from(docs.subarray(d + 2, d + 2 + fieldCount))]);
    }
    return out;
  };
  let made: ReturnType<typeof rows> | null = null;
  const madeRows = () => (made ??= rows());
  m._documentIds = new LazyMap(() => new Map(madeRows().map(([short, id]) => [short, id])));
  m._fieldLength = new LazyMap(() => new Map(madeRows().map(([short, , lengths]) => [short, lengths])));
  (mini as unknown as { _idToShortId: Map<string, number> })._idToShortId = new LazyMap(() => new Map(madeRows().map(([short, id]) => [id, short])));
  for (let i = 0; i < terms.length; i++) {
    const start = postings[i]!;
    const end = postings[i + 1]!;
    if (typeof terms[i] !== 'string' || !(terms.length + 1 <= start && start <= end && end <= total)) throw new Error('the saved postings are damaged');
  }
  const SearchableMap = m._index.constructor as new (tree: RadixNode) => MiniInternals['_index'];
  const slices: TermSlices = { of: (i) => slice(postings[i]!, postings[i + 1]!) };
  m._index = new SearchableMap(radixTree(terms as string[], (i) => new LazyTermData(slices, i)));
  return mini;
}

// MiniSearch's SearchableMap: a radix tree of Maps from edge labels to nodes, a term's value under LEAF in its node.
type RadixNode = Map<string, unknown>;
const LEAF = '';

/**
 * The radix tree of `terms`, listed as MiniSearch's tree iterates (depth
 * first; a node's keys from the last inserted to the first), built in one
 * pass: inserting 92,000 terms one by one (its set()) was a quarter of the
 * load at 200k notes. The keys go into each node in the reverse of the
 * order they are met, so the tree iterates as the one saved did: a prefix's
 * terms come in the same order, and their scores add up to the same doubles.
 */
export function radixTree(terms: readonly string[], value: (i: number) => unknown): RadixNode {
  const build = (lo: number, hi: number, depth: number): RadixNode => {
    const keys: string[] = [];
    const children: unknown[] = [];
    for (let i = lo; i < hi; ) {
      const term = terms[i]!;
      if (term.length === depth) {
        keys.push(LEAF);
        children.push(value(i++));
        continue;
      }
      // The terms below one edge are listed together; the edge is their longest common prefix.
      const first = term.charCodeAt(depth);
      let common = term.length - depth;
      let j = i + 1;
      for (; j < hi && terms[j]!.length > depth && terms[j]!.charCodeAt(depth) === first; j++) {
        const other = terms[j]!;
        const max = Math.min(common, other.length - depth);
        let k = 1;
        while (k < max && other.charCodeAt(depth + k) === term.charCodeAt(depth + k)) k++;
        common = k;
      }
      keys.push(term.slice(depth, depth + common));
      children.push(later(i, j, depth + common));
      i = j;
    }
    const node: RadixNode = new Map();
    for (let k = keys.length - 1; k >= 0; k--) node.set(keys[k]!, children[k]);
    return node;
  };
  // A node below the root is made the first time anything asks it something (a query's prefix, an edit, a save):
  // making all 92,000 terms' nodes was a fifth of the load at 200k notes, and a query walks a few of them.
  const later = (lo: number, hi: number, depth: number): RadixNode => new LazyMap(() => build(lo, hi, depth));
  return build(0, terms.length, 0);
}
