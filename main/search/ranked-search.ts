// Scores and orders the notes matching a search, over MiniSearch's index but
// without its search(): the same BM25 scores and the same order, in typed
// arrays instead of an object per matching note.
//
// Profiled at 192k notes (docs/benchmarks.md, issue 16): MiniSearch.search()
// builds a result object (score, terms, match) for every note that matches
// any word of the query, merges them in Maps per word, makes a result object
// per survivor and sorts them all; a common word ("the", "a", "git com")
// matches 20,000–50,000 notes, and that bookkeeping was 80 % of a query's
// time (p95 80–100 ms). Here each matching note costs a few array reads:
// one pass over each term's postings (read straight from the compact index's
// slices when the term was never decoded), a score per note in a Float64Array
// indexed by MiniSearch's short ids, and a radix sort of the survivors (or a
// small heap when only the best `limit` are wanted).
//
// Same results as MiniSearch: every term's score is computed with its BM25
// formula and parameters, in the same order of additions (the exact term,
// then each longer term of a prefix in the tree's order; per term the fields
// in the query's order), the AND of sub-queries adds their scores left to
// right, and ties keep MiniSearch's order (the order in which the last
// sub-query first met each note), which its stable sort kept. The one
// deliberate difference: a note discarded (replaced or removed) and not yet
// vacuumed out of a term's postings does not count in that term's document
// frequency; MiniSearch counted it until its search came across it.
// ranked-search.test.ts compares both on random data.
import type MiniSearch from 'minisearch';
import { LazyTermData } from './compact-index';

/** One word of a query: its index key, whether longer terms starting with it match too, and the fields searched (all when omitted). */
export interface TermQuery {
  key: string;
  prefix: boolean;
  fields?: readonly string[];
}

// MiniSearch 7's defaults, which its search() used with our options.
const BM25_K = 1.2;
const BM25_B = 0.7;
const BM25_D = 0.5;
const PREFIX_WEIGHT = 0.375;

type Postings = Map<number, number>;
type TermData = Map<number, Postings>;

interface TermTree {
  get(key: string): TermData | undefined;
  atPrefix(prefix: string): Iterable<[string, TermData]>;
}

/** The private fields of MiniSearch read here (as in compact-index.ts; pinned by the version range and the tests). */
interface MiniInternals {
  _index: TermTree;
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, number[]>;
}

const internals = (mini: MiniSearch<unknown>) => mini as unknown as MiniInternals;

/**
 * What the scorer needs of each MiniSearch document, by short id: the slot
 * of its note (see note-meta.ts; -1 once discarded) and its field lengths.
 * Kept beside MiniSearch's Maps, so a posting costs array reads, not hash
 * lookups of 200,000-entry Maps.
 */
export class ShortIdColumns {
  slots = new Int32Array(0);
  lengths = new Uint32Array(0);

  constructor(readonly fieldCount: number) {}

  /** The columns of every live document of `mini`, their slots from `slotOf`. */
  static of(mini: MiniSearch<unknown>, fieldCount: number, slotOf: (id: string) => number): ShortIdColumns {
    const m = internals(mini);
    const columns = new ShortIdColumns(fieldCount);
    columns.grow(m._nextId);
    for (const [short, id] of m._documentIds) columns.set(short, slotOf(id), m._fieldLength.get(short) ?? []);
    return columns;
  }

  /** The columns of a saved index's documents (compact-index.ts's CompactMini.docs: short id, slot, field lengths each). */
  static ofSaved(docs: Uint32Array, fieldCount: number, nextId: number): ShortIdColumns {
    const columns = new ShortIdColumns(fieldCount);
    columns.grow(nextId);
    const stride = 2 + fieldCount;
    for (let d = 0; d + stride <= docs.length; d += stride) {
      const short = docs[d]!;
      if (short >= nextId) continue;
      columns.slots[short] = docs[d + 1]!;
      for (let f = 0; f < fieldCount; f++) columns.lengths[short * fieldCount + f] = docs[d + 2 + f]!;
    }
    return columns;
  }

  /** Records the document MiniSearch now has for `id` (after its add()). */
  added(mini: MiniSearch<unknown>, id: string, slot: number): void {
    const m = internals(mini);
    const short = m._idToShortId.get(id);
    if (short === undefined) return;
    this.grow(short + 1);
    this.set(short, slot, m._fieldLength.get(short) ?? []);
  }

  /** Marks the document MiniSearch has for `id` as gone (call before its discard()). */
  discarding(mini: MiniSearch<unknown>, id: string): void {
    const short = internals(mini)._idToShortId.get(id);
    if (short !== undefined && short < this.slots.length) this.slots[short] = -1;
  }

  private set(short: number, slot: number, lengths: readonly number[]): void {
    this.slots[short] = slot;
    for (let f = 0; f < this.fieldCount; f++) this.lengths[short * this.fieldCount + f] = lengths[f] ?? 0;
  }

  private grow(size: number): void {
    if (size <= this.slots.length) return;
    const capacity = Math.max(size, Math.ceil(this.slots.length * 1.5), 1024);
    const slots = new Int32Array(capacity).fill(-1);
    slots.set(this.slots);
    const lengths = new Uint32Array(capacity * this.fieldCount);
    lengths.set(this.lengths);
    this.slots = slots;
    this.lengths = lengths;
  }
}

/** Notes matching every sub-query: their short ids in MiniSearch's order before sorting, and their scores. */
export interface Matches {
  shorts: Uint32Array;
  scores: Float64Array;
  count: number;
}

/** Reusable buffers for one index's searches (one search at a time: the worker is single-threaded). */
export class Ranker {
  // Per short id: the generation in which a note was last met (see match()), its score for the current sub-query, its sum so far.
  private mark = new Uint32Array(0);
  private sub = new Float64Array(0);
  private sum = new Float64Array(0);
  private generation = 0;
  private touched = new Uint32Array(1024);
  private touchedCount = 0;

  constructor(
    private readonly boosts: Readonly<Record<string, number>>,
    private readonly allFields: readonly string[],
  ) {}

  /**
   * The notes matching every query (an AND, as MiniSearch's combineWith
   * 'AND'), scored as MiniSearch's search() scored them.
   */
  match(mini: MiniSearch<unknown>, columns: ShortIdColumns, queries: readonly TermQuery[]): Matches {
    const m = internals(mini);
    this.ensure(Math.max(m._nextId, columns.slots.length));
    let previous = 0;
    for (let q = 0; q < queries.length; q++) {
      const generation = this.nextGeneration();
      this.touchedCount = 0;
      this.scoreQuery(m, columns, queries[q]!, q === 0 ? -1 : previous, generation);
      const { sub, sum, touched } = this;
      for (let i = 0; i < this.touchedCount; i++) {
        const short = touched[i]!;
        sum[short] = q === 0 ? sub[short]! : sum[short]! + sub[short]!;
      }
      previous = generation;
      if (this.touchedCount === 0) break;
    }
    const count = queries.length === 0 ? 0 : this.touchedCount;
    // MiniSearch multiplies each result's score by the number of distinct query terms it matched: all of them, in an AND.
    const quality = new Set(queries.map((q) => q.key)).size || 1;
    const shorts = this.touched.slice(0, count);
    const scores = new Float64Array(count);
    for (let i = 0; i < count; i++) scores[i] = this.sum[shorts[i]!]! * quality;
    return { shorts, scores, count };
  }

  /**
   * Adds one sub-query's scores to `sub` for the notes it matches; only
   * notes met in the previous sub-query (generation `previous`; -1: all
   * notes) are candidates. Each is pushed on `touched` when first met.
   */
  private scoreQuery(m: MiniInternals, columns: ShortIdColumns, query: TermQuery, previous: number, generation: number): void {
    const fields = query.fields ?? this.allFields;
    this.scoreTerm(m, columns, m._index.get(query.key), 1, fields, previous, generation);
    if (!query.prefix) return;
    for (const [term, data] of m._index.atPrefix(query.key)) {
      const distance = term.length - query.key.length;
      if (!distance) continue;
      const weight = (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance);
      this.scoreTerm(m, columns, data, weight, fields, previous, generation);
    }
  }

  private scoreTerm(
    m: MiniInternals,
    columns: ShortIdColumns,
    data: TermData | undefined,
    weight: number,
    fields: readonly string[],
    previous: number,
    generation: number,
  ): void {
    if (!data) return;
    const encoded = data instanceof LazyTermData ? data.encoded : null;
    for (const field of fields) {
      const fieldId = m._fieldIds[field];
      if (fieldId === undefined) continue;
      const fieldWeight = weight * (this.boosts[field] || 1);
      const average = m._avgFieldLength[fieldId]!;
      if (encoded) {
        const [start, end] = fieldSlice(encoded, fieldId);
        if (start < 0) continue;
        this.scorePairs(encoded, start, end, fieldId, fieldWeight, average, m._documentCount, columns, previous, generation);
      } else {
        const postings = data.get(fieldId);
        if (!postings || postings.size === 0) continue;
        // Copied into pairs: the same loop then serves both forms.
        const pairs = new Uint32Array(postings.size * 2);
        let i = 0;
        for (const [short, tf] of postings) {
          pairs[i++] = short;
          pairs[i++] = tf;
        }
        this.scorePairs(pairs, 0, pairs.length, fieldId, fieldWeight, average, m._documentCount, columns, previous, generation);
      }
    }
  }

  /** The BM25 part of MiniSearch's termResults(), for the (short id, term frequency) pairs in pairs[start, end). */
  private scorePairs(
    pairs: Uint32Array,
    start: number,
    end: number,
    fieldId: number,
    fieldWeight: number,
    average: number,
    documentCount: number,
    columns: ShortIdColumns,
    previous: number,
    generation: number,
  ): void {
    const { slots, lengths, fieldCount } = columns;
    const { mark, sub } = this;
    let matching = (end - start) >> 1;
    // Postings of discarded notes stay until MiniSearch vacuums; they do not count.
    for (let i = start; i < end; i += 2) if (!(slots[pairs[i]!]! >= 0)) matching--;
    if (matching === 0) return;
    const invDocFreq = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
    for (let i = start; i < end; i += 2) {
      const short = pairs[i]!;
      if (!(slots[short]! >= 0)) continue;
      const seen = mark[short]!;
      if (previous >= 0 && seen !== previous && seen !== generation) continue;
      const termFreq = pairs[i + 1]!;
      const fieldLength = lengths[short * fieldCount + fieldId]!;
      // calcBM25Score() of MiniSearch, term for term (the same operations give the same doubles).
      const rawScore = invDocFreq * (BM25_D + (termFreq * (BM25_K + 1)) / (termFreq + BM25_K * (1 - BM25_B + (BM25_B * fieldLength) / average)));
      const weighted = fieldWeight * rawScore;
      if (seen === generation) {
        sub[short] = sub[short]! + weighted;
      } else {
        mark[short] = generation;
        sub[short] = weighted;
        this.push(short);
      }
    }
  }

  private push(short: number): void {
    if (this.touchedCount === this.touched.length) {
      const grown = new Uint32Array(this.touched.length * 2);
      grown.set(this.touched);
      this.touched = grown;
    }
    this.touched[this.touchedCount++] = short;
  }

  private nextGeneration(): number {
    if (this.generation >= 0xfffffffe) {
      this.mark.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }

  private ensure(size: number): void {
    if (size <= this.mark.length) return;
    const capacity = Math.max(size, Math.ceil(this.mark.length * 1.5));
    const mark = new Uint32Array(capacity);
    mark.set(this.mark);
    this.mark = mark;
    this.sub = new Float64Array(capacity);
    const sum = new Float64Array(capacity);
    sum.set(this.sum);
    this.sum = sum;
  }
}

/** [start, end) of a field's pairs in a compact term slice ([field count, then per field: id, count, pairs]); [-1, -1] when absent. */
function fieldSlice(encoded: Uint32Array, fieldId: number): [number, number] {
  let i = 1;
  for (let f = 0; f < encoded[0]! && i + 2 <= encoded.length; f++) {
    const id = encoded[i]!;
    const start = i + 2;
    const end = Math.min(start + 2 * encoded[i + 1]!, encoded.length - ((encoded.length - start) & 1));
    if (id === fieldId) return [start, end];
    i = end;
  }
  return [-1, -1];
}

// Below this many, a comparison sort; above, the radix sort's fixed cost (its 65,536 counters, four times) pays.
const RADIX_FROM = 4096;

/**
 * Positions 0..count-1 of `scores`, highest score first, ties in position
 * order (as a stable sort of MiniSearch's results), at most `limit` of them.
 * With a limit well below the count, only the best are kept (a heap of
 * `limit`); otherwise all are sorted. Scores are positive (BM25 is).
 */
export function rankOrder(scores: Float64Array, count: number, limit = Infinity): Uint32Array {
  const wanted = Math.max(0, Math.min(count, limit));
  if (wanted === 0) return new Uint32Array(0);
  if (wanted < count / 4) return topPositions(scores, count, wanted);
  let ordinary = true;
  for (let i = 0; i < count; i++) if (!(scores[i]! > 0 && scores[i]! < Infinity)) ordinary = false;
  const order = count >= RADIX_FROM && ordinary ? radixOrder(scores, count) : comparisonOrder(scores, count);
  return wanted < count ? order.slice(0, wanted) : order;
}

const better = (scores: Float64Array, a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);

function comparisonOrder(scores: Float64Array, count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return order.sort((a, b) => (better(scores, a, b) ? -1 : better(scores, b, a) ? 1 : 0));
}

/** LSD radix sort on the scores' bits (for positive doubles, their order as integers), 16 bits a pass: stable. */
function radixOrder(scores: Float64Array, count: number): Uint32Array {
  // Copied so the words are 8-byte aligned and this machine's byte order is read as it is.
  const copy = Float64Array.from(scores.subarray(0, count));
  const words = new Uint32Array(copy.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const counts = new Uint32Array(65537);
  let order = new Uint32Array(count);
  let next = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let pass = 0; pass < 4; pass++) {
    // Low word first; in it, low half first. Digits inverted: highest score first.
    const word = (pass >> 1) ^ (little ? 0 : 1);
    const shift = (pass & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[0xffff - ((words[2 * i + word]! >>> shift) & 0xffff) + 1]!++;
    for (let d = 0; d < 65536; d++) counts[d + 1]! += counts[d]!;
    for (let j = 0; j < count; j++) {
      const i = order[j]!;
      next[counts[0xffff - ((words[2 * i + word]! >>> shift) & 0xffff)]!++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** The best `k` positions, in order: a heap whose top is the worst kept. */
function topPositions(scores: Float64Array, count: number, k: number): Uint32Array {
  const heap = new Uint32Array(k);
  let size = 0;
  const siftDown = (at: number) => {
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const right = left + 1;
      const worse = right < size && better(scores, heap[left]!, heap[right]!) ? right : left;
      if (!better(scores, heap[at]!, heap[worse]!)) return;
      [heap[at], heap[worse]] = [heap[worse]!, heap[at]!];
      at = worse;
    }
  };
  for (let i = 0; i < count; i++) {
    if (size < k) {
      let at = size++;
      heap[at] = i;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!better(scores, heap[parent]!, heap[at]!)) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (better(scores, i, heap[0]!)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (better(scores, a, b) ? -1 : better(scores, b, a) ? 1 : 0));
}
