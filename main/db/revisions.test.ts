import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRevs, isInHistory, parseRev, shouldReplace } from './revisions';

test('revisions compare by generation, then hash', () => {
  assert.deepEqual(parseRev('12-abc'), { generation: 12, hash: 'abc' });
  assert.equal(parseRev('abc'), null);
  assert.ok(compareRevs('10-a', '9-z') > 0, 'numeric, not string, generations');
  assert.ok(compareRevs('3-b', '3-a') > 0);
  assert.equal(compareRevs('3-a', '3-a'), 0);
});

test('a file is replaced by descendants and by winning concurrent revisions only', () => {
  const history = { start: 3, ids: ['c', 'b', 'a'] };
  assert.ok(isInHistory('2-b', history) && isInHistory('1-a', history) && !isInHistory('2-x', history) && !isInHistory('4-c', history));
  const live = { rev: '3-c', deleted: false, history };
  assert.equal(shouldReplace(live, { rev: '2-b', deleted: false }), true, 'an ancestor');
  assert.equal(shouldReplace(live, { rev: '3-c', deleted: false }), false, 'the same revision');
  assert.equal(shouldReplace(live, { rev: '4-z', deleted: false }), false, 'a newer revision from elsewhere');
  assert.equal(shouldReplace(live, { rev: '3-a', deleted: false }), true, 'a concurrent revision that loses');
  assert.equal(shouldReplace(live, { rev: null, deleted: false }), true, 'an unreadable file');
  const deletion = { rev: '4-d', deleted: true, history: { start: 4, ids: ['d', 'c', 'b', 'a'] } };
  assert.equal(shouldReplace(deletion, { rev: '3-c', deleted: false }), true, 'deleting our own last revision');
  assert.equal(shouldReplace(deletion, { rev: '3-x', deleted: false }), false, 'a concurrent live revision beats a deletion');
});
