// The scorer of ranked-search.ts against MiniSearch's own search() on random
// notes (same notes, same scores to the last bit, same order), and its
// selection of the best `limit` against a full sort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MiniSearch, { type Options } from 'minisearch';
import { mulberry32 } from '../testing/seeded-random';
import { decodeMini, encodeMini } from './compact-index';
import { rankOrder, Ranker, ShortIdColumns, type TermQuery } from './ranked-search';

interface Doc {
  id: string;
  title: string;
  body: string;
}

const FIELDS = ['title', 'body'];
const BOOSTS = { title: 3 };
const OPTIONS: Options<Doc> = {
  idField: 'id',
  fields: FIELDS,
  storeFields: [],
  tokenize: (text: string) => text.split(' ').filter((w) => w !== ''),
  processTerm: (term: string) => term,
  searchOptions: { tokenize: (text: string) => [text], processTerm: (term: string) => term, boost: BOOSTS, combineWith: 'AND' as const },
};


// Few distinct words sharing prefixes, so queries match many notes, prefixes expand, and scores tie.
const VOCABULARY = ['a', 'ab', 'abc', 'abd', 'abcd', 'b', 'ba', 'bab', 'c', 'ca', 'cab', 'cabin', 'd', 'de', 'def', 'xyz'];

function randomDoc(random: () => number, id: string): Doc {
  const words = (max: number) => Array.from({ length: Math.floor(random() * max) }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]!).join(' ');
  return { id, title: words(4), body: words(30) };
}

function randomQueries(random: () => number): TermQuery[] {
  const count = 1 + Math.floor(random() * 3);
  return Array.from({ length: count }, () => ({
    key: VOCABULARY[Math.floor(random() * VOCABULARY.length)]!,
    prefix: random() < 0.4,
    ...(random() < 0.2 ? { fields: ['title'] } : {}),
  }));
}

/** MiniSearch's answer as the index used to ask for it (see search-index.ts before ranked-search.ts). */
function miniAnswer(mini: MiniSearch<Doc>, queries: readonly TermQuery[]): { id: string; score: number }[] {
  const results = mini.search({
    combineWith: 'AND',
    queries: queries.map((q) => ({ queries: [q.key], prefix: q.prefix, ...(q.fields ? { fields: [...q.fields] } : {}) })),
  });
  return results.map((r) => ({ id: r.id as string, score: r.score }));
}

function rankedAnswer(mini: MiniSearch<Doc>, ids: readonly string[], queries: readonly TermQuery[], limit?: number): { id: string; score: number }[] {
  const slotOf = (id: string) => ids.indexOf(id);
  const columns = ShortIdColumns.of(mini as MiniSearch<unknown>, FIELDS.length, slotOf);
  const found = new Ranker(BOOSTS, FIELDS).match(mini as MiniSearch<unknown>, columns, queries);
  return [...rankOrder(found.scores, found.count, limit)].map((i) => ({ id: ids[columns.slots[found.shorts[i]!]!]!, score: found.scores[i]! }));
}

function sameAnswers(mini: MiniSearch<Doc>, ids: readonly string[], random: () => number, rounds: number, label: string): void {
  for (let round = 0; round < rounds; round++) {
    const queries = randomQueries(random);
    const expected = miniAnswer(mini, queries);
    assert.deepEqual(rankedAnswer(mini, ids, queries), expected, `${label}: ${JSON.stringify(queries)}`);
    const limit = 1 + Math.floor(random() * 20);
    assert.deepEqual(rankedAnswer(mini, ids, queries, limit), expected.slice(0, limit), `${label}, best ${limit}: ${JSON.stringify(queries)}`);
  }
}

test('the same notes, scores and order as MiniSearch, built note by note', () => {
  const seed = 16;
  const random = mulberry32(seed);
  const docs = Array.from({ length: 600 }, (_, i) => randomDoc(random, `n${i}`));
  const mini = new MiniSearch<Doc>(OPTIONS);
  mini.addAll(docs);
  sameAnswers(mini, docs.map((d) => d.id), random, 300, `seed ${seed}`);
});

test('the same after notes are replaced and removed, once MiniSearch has vacuumed', async () => {
  const seed = 17;
  const random = mulberry32(seed);
  const docs = Array.from({ length: 500 }, (_, i) => randomDoc(random, `n${i}`));
  const ids = docs.map((d) => d.id);
  const mini = new MiniSearch<Doc>({ ...OPTIONS, autoVacuum: false });
  mini.addAll(docs);
  for (let i = 0; i < 150; i++) {
    const id = ids[Math.floor(random() * ids.length)]!;
    if (!mini.has(id)) continue;
    mini.discard(id);
    if (random() < 0.7) mini.add(randomDoc(random, id));
  }
  await mini.vacuum();
  sameAnswers(mini, ids, random, 200, `seed ${seed}`);
});

test('the same over the compact form, its terms still encoded or decoded by edits and vacuuming', async () => {
  const seed = 18;
  const random = mulberry32(seed);
  const docs = Array.from({ length: 400 }, (_, i) => randomDoc(random, `n${i}`));
  const built = new MiniSearch<Doc>(OPTIONS);
  built.addAll(docs);
  const ids = docs.map((d) => d.id);
  const compact = encodeMini(built as MiniSearch<unknown>, (id) => ids.indexOf(id));
  const lazy = decodeMini<Doc>(JSON.parse(compact.rest), compact.docs, JSON.parse(compact.terms), compact.postings, OPTIONS, (slot) => ids[slot] ?? null);
  assert.deepEqual(JSON.parse(encodeMini(lazy as MiniSearch<unknown>, (id) => ids.indexOf(id)).terms), JSON.parse(compact.terms), 'the terms in the same order');
  sameAnswers(lazy, ids, random, 100, `seed ${seed}, encoded`);
  // New notes decode the terms they touch; the others stay encoded.
  for (let i = 0; i < 40; i++) {
    const doc = randomDoc(random, `extra${i}`);
    ids.push(doc.id);
    lazy.add(doc);
    built.add(doc);
  }
  sameAnswers(lazy, ids, random, 100, `seed ${seed}, partly decoded`);
  // The loaded tree is the saved one, node for node: the same answers as the index it was saved from, to the last bit.
  for (let round = 0; round < 50; round++) {
    const queries = randomQueries(random);
    assert.deepEqual(rankedAnswer(lazy, ids, queries), miniAnswer(built, queries), JSON.stringify(queries));
  }
  // Notes discarded from both, then vacuumed out of every term (decoding the rest).
  for (const id of ids.filter((_, i) => i % 7 === 3)) {
    lazy.discard(id);
    built.discard(id);
  }
  await Promise.all([lazy.vacuum(), built.vacuum()]);
  for (let round = 0; round < 50; round++) {
    const queries = randomQueries(random);
    assert.deepEqual(rankedAnswer(lazy, ids, queries), miniAnswer(built, queries), `vacuumed: ${JSON.stringify(queries)}`);
  }
});

test('a discarded note is never found, and its columns follow edits', () => {
  const mini = new MiniSearch<Doc>({ ...OPTIONS, autoVacuum: false });
  const ids = ['x', 'y'];
  mini.addAll([{ id: 'x', title: 'abc', body: 'abc d' }, { id: 'y', title: 'd', body: 'abc' }]);
  const columns = ShortIdColumns.of(mini as MiniSearch<unknown>, FIELDS.length, (id) => ids.indexOf(id));
  const ranker = new Ranker(BOOSTS, FIELDS);
  const found = (key: string) => {
    const m = ranker.match(mini as MiniSearch<unknown>, columns, [{ key, prefix: false }]);
    return [...rankOrder(m.scores, m.count)].map((i) => ids[columns.slots[m.shorts[i]!]!]).sort();
  };
  assert.deepEqual(found('abc'), ['x', 'y']);
  columns.discarding(mini as MiniSearch<unknown>, 'x');
  mini.discard('x');
  assert.deepEqual(found('abc'), ['y']);
  mini.add({ id: 'x', title: 'ca', body: 'zzz' });
  columns.added(mini as MiniSearch<unknown>, 'x', 0);
  assert.deepEqual(found('abc'), ['y']);
  assert.deepEqual(found('zzz'), ['x']);
});

test('the best `limit` are the first `limit` of a full sort, ties in position order', () => {
  const seed = 19;
  const random = mulberry32(seed);
  // Sizes on both sides of the radix sort's threshold; few distinct scores, so most compare equal.
  for (const count of [0, 1, 2, 7, 100, 1000, 5000, 20_000]) {
    for (const distinct of [1, 3, 50, 1_000_000]) {
      const values = Array.from({ length: Math.min(distinct, 1000) }, () => random() * 20 + Number.MIN_VALUE);
      const scores = new Float64Array(count);
      for (let i = 0; i < count; i++) scores[i] = values[Math.floor(random() * values.length)]!;
      const expected = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
      assert.deepEqual([...rankOrder(scores, count)], expected, `seed ${seed}, ${count} scores, ${distinct} values`);
      for (const limit of [1, 5, 37, Math.floor(count / 3), count - 1, count + 5]) {
        assert.deepEqual([...rankOrder(scores, count, limit)], expected.slice(0, Math.max(0, limit)), `seed ${seed}, ${count} scores, best ${limit}`);
      }
    }
  }
});
