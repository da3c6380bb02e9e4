import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonDepth, MAX_JSON_DEPTH, parseDocJson, valueDepth } from './doc-json';
import { SkipError } from './errors';

const reasonOf = (text: string): string => {
  try {
    parseDocJson(Buffer.from(text));
    return 'parsed';
  } catch (error) {
    assert.ok(error instanceof SkipError, String(error));
    return error.reason;
  }
};

/** A value nested `depth` deep, objects and arrays in turn, with siblings at every level. */
function nested(depth: number, seed: number): unknown {
  let value: unknown = seed % 3 === 0 ? 'leaf' : seed;
  for (let d = 0; d < depth; d++) value = d % 2 ? [1, value, { k: [] }] : { a: 'x', b: value, c: null };
  return value;
}

test('the depth measured on the parsed value is the depth measured on its text, up to the limit', () => {
  for (let depth = 0; depth <= MAX_JSON_DEPTH + 6; depth++) {
    const value = nested(depth, depth);
    const text = JSON.stringify(value);
    assert.equal(valueDepth(value, MAX_JSON_DEPTH + 10), jsonDepth(text, MAX_JSON_DEPTH + 10), `depth ${depth}`);
    assert.equal(valueDepth(value, 10) > 10, jsonDepth(text, 10) > 10, `depth ${depth}, limit 10`);
  }
  assert.equal(valueDepth({}), 1);
  assert.equal(valueDepth([[], [[]]]), 3);
  assert.equal(valueDepth('text'), 0);
});

test('a document nested deeper than any document is refused in words, however deep, with or without escapes', () => {
  const deep = (n: number, escaped: boolean) => `{"_id":"note:a${escaped ? '\\u00e9' : ''}","_rev":"1-a","x":${'['.repeat(n)}${']'.repeat(n)}}`;
  for (const n of [MAX_JSON_DEPTH + 5, 100_000]) {
    for (const escaped of [false, true]) assert.match(reasonOf(deep(n, escaped)), /nested more than/, `${n} deep, escaped ${escaped}`);
  }
  // Cut short and too deep: the depth is what is said, as before.
  assert.match(reasonOf(deep(100_000, false).slice(0, -3)), /nested more than/);
  // As deep as a document may be, in a file (two levels for conflicting revisions): read.
  assert.equal(reasonOf(deep(MAX_JSON_DEPTH, false)), 'parsed');
  assert.equal(reasonOf(deep(MAX_JSON_DEPTH, true)), 'parsed');
});

test('the other refusals keep their words', () => {
  assert.match(reasonOf('{"_id":"note:a","__proto__":{"x":1}}'), /__proto__/);
  assert.match(reasonOf('{"_id":"note:a","\\u005f_proto__":{"x":1}}'), /__proto__/);
  assert.match(reasonOf('{"_id":"note:a","body":"cut'), /truncated/);
  assert.match(reasonOf('not json'), /not JSON/);
  assert.match(reasonOf('[1,2]'), /not a document/);
  assert.deepEqual(parseDocJson(Buffer.from('\ufeff{"_id":"note:é","tags":["a"]}')), { _id: 'note:é', tags: ['a'] });
});
