import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedLines } from './line-diff';

test('lines outside the longest common run are marked on each side', () => {
  const marks = changedLines(['milk', 'eggs', 'tea'], ['milk', 'bread', 'tea', 'jam']);
  assert.deepEqual(marks, { a: [false, true, false], b: [false, true, false, true] });
  assert.deepEqual(changedLines([], ['x']), { a: [], b: [true] });
  assert.deepEqual(changedLines(['same'], ['same']), { a: [false], b: [false] });
});

test('texts too long for the table are compared line by line', () => {
  const a = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
  const b = [...a];
  b[10] = 'changed';
  const marks = changedLines(a, b);
  assert.deepEqual([marks.a.filter(Boolean).length, marks.b.indexOf(true)], [1, 10]);
});
