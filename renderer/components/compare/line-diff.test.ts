import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffTexts, diffWordsOf, foldUnchanged, type Row, type SideLine } from './line-diff';

const text = (line: SideLine | null) => line?.segments.map((s) => s.text).join('') ?? null;
const marked = (line: SideLine | null) => line?.segments.filter((s) => s.changed).map((s) => s.text) ?? [];
const shape = (rows: Row[]) => rows.map((r) => [r.kind, text(r.a), text(r.b)]);

test('lines outside the longest common run are marked, a changed line paired with the line that replaced it', () => {
  const { rows, changedA, changedB, exact } = diffTexts('milk\neggs\ntea', 'milk\nbread\ntea\njam');
  assert.deepEqual(shape(rows), [
    ['same', 'milk', 'milk'],
    ['changed', 'eggs', 'bread'],
    ['same', 'tea', 'tea'],
    ['added', null, 'jam'],
  ]);
  assert.deepEqual([changedA, changedB, exact], [1, 2, true]);
  assert.deepEqual(rows.map((r) => [r.a?.n ?? null, r.b?.n ?? null]), [[1, 1], [2, 2], [3, 3], [null, 4]]);
});

test('empty and identical texts', () => {
  assert.deepEqual(shape(diffTexts('', 'x').rows), [['changed', '', 'x']]);
  assert.deepEqual(shape(diffTexts('same', 'same').rows), [['same', 'same', 'same']]);
  assert.deepEqual(shape(diffTexts('a\nb', 'a').rows), [['same', 'a', 'a'], ['removed', 'b', null]]);
  // A final line break is not an empty line to pair with the next one added.
  assert.deepEqual(shape(diffTexts('milk\n', 'milk\neggs\ntea').rows), [['same', 'milk', 'milk'], ['added', null, 'eggs'], ['added', null, 'tea']]);
});

test('within a changed line, only the words that differ are marked; the space between two changed words goes with them', () => {
  const words = diffWordsOf('the quick brown fox', 'the slow brown fox jumps');
  assert.deepEqual(marked({ n: 1, segments: words.a }), ['quick']);
  assert.deepEqual(marked({ n: 1, segments: words.b }), ['slow', ' jumps']);
  const { rows } = diffTexts('Buy milk and eggs today', 'Buy oat milk, eggs today');
  assert.equal(text(rows[0]!.a), 'Buy milk and eggs today');
  assert.equal(text(rows[0]!.b), 'Buy oat milk, eggs today');
  assert.ok(marked(rows[0]!.b).join('').includes('oat'));
  // Lines with next to nothing in common are marked as a whole.
  assert.deepEqual(diffWordsOf('alpha beta gamma', 'one two three').a, [{ text: 'alpha beta gamma', changed: true }]);
});

test('an insertion near the start of a long note marks only the inserted line, not every line after it', () => {
  const a = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
  const b = [...a];
  b.splice(5, 0, 'inserted');
  b[15_000] = 'changed';
  const { rows, changedA, changedB, exact } = diffTexts(a.join('\n'), b.join('\n'));
  assert.equal(exact, true);
  assert.deepEqual([changedA, changedB], [1, 2]);
  assert.deepEqual(rows.filter((r) => r.kind !== 'same').map((r) => [r.kind, text(r.a), text(r.b)]), [
    ['added', null, 'inserted'],
    ['changed', 'line 14999', 'changed'],
  ]);
});

test('two long texts different everywhere stop at the time limit and show the middle as changed as a whole', () => {
  const a = Array.from({ length: 4000 }, (_, i) => `a ${i} ${(i * 7919) % 4001}`);
  const b = Array.from({ length: 4000 }, (_, i) => `b ${(i * 104729) % 4003} ${i}`);
  const diff = diffTexts(['same start', ...a, 'same end'].join('\n'), ['same start', ...b, 'same end'].join('\n'), { timeoutMs: 1 });
  assert.equal(diff.exact, false);
  assert.deepEqual([diff.changedA, diff.changedB], [4000, 4000]);
  assert.deepEqual([diff.rows[0]!.kind, diff.rows[diff.rows.length - 1]!.kind], ['same', 'same']);
});

test('short texts and lines are always compared exactly, however little time the limit allows', () => {
  const a = Array.from({ length: 400 }, (_, i) => `a ${i} ${(i * 7919) % 4001}`);
  const b = Array.from({ length: 400 }, (_, i) => `b ${(i * 104729) % 4003} ${i}`);
  const diff = diffTexts(['same start', ...a, 'Tea', 'same end'].join('\n'), ['same start', ...b, 'Tea and honey', 'same end'].join('\n'), { timeoutMs: 0 });
  assert.equal(diff.exact, true);
  // The one pair with words in common is marked by word.
  const tea = diff.rows.find((r) => r.kind === 'changed' && text(r.b) === 'Tea and honey');
  assert.ok(tea, 'Tea became Tea and honey');
  assert.deepEqual(marked(tea.b!), [' and honey']);
});

test('long runs of unchanged lines fold away, keeping a few lines around each change', () => {
  const a = Array.from({ length: 40 }, (_, i) => `line ${i}`);
  const b = [...a];
  b[20] = 'changed';
  const { rows } = diffTexts(a.join('\n'), b.join('\n'));
  const shown = foldUnchanged(rows, 3);
  assert.deepEqual(shown.filter((s) => s.kind === 'fold'), [
    { kind: 'fold', from: 0, to: 17, run: 0 },
    { kind: 'fold', from: 24, to: 40, run: 21 },
  ]);
  assert.equal(shown.filter((s) => s.kind === 'row').length, 7);
  // Unfolded, a run shows every line.
  assert.equal(foldUnchanged(rows, 3, new Set([0, 21])).length, 40);
  // A short run stays.
  assert.equal(foldUnchanged(diffTexts('a\nb\nc', 'a\nx\nc').rows).length, 3);
});
