import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ancestorsOf, historyOf, leafOf, leaves, winningLeaf, type RevTreeRoot } from './rev-tree';

// 1-a ─ 2-b ─ 3-c (deleted)
//      └ 2-d
const tree: RevTreeRoot[] = [
  { pos: 1, ids: ['a', { status: 'available' }, [['b', { status: 'available' }, [['c', { status: 'available', deleted: true }, []]]], ['d', { status: 'missing' }, []]]] },
];

test('leaves, the winner (live over deleted, then generation, then hash), histories', () => {
  assert.deepEqual(leaves(tree).map((l) => l.rev).sort(), ['2-d', '3-c']);
  const winner = winningLeaf(tree)!;
  assert.equal(winner.rev, '2-d');
  assert.deepEqual(historyOf(winner), { start: 2, ids: ['d', 'a'] });
  const deleted = leafOf(tree, '3-c')!;
  assert.equal(deleted.deleted, true);
  assert.deepEqual(historyOf(deleted), { start: 3, ids: ['c', 'b', 'a'] });
  assert.deepEqual(ancestorsOf(deleted), ['2-b', '1-a']);
  // All leaves deleted: the highest deleted one wins.
  const gone: RevTreeRoot[] = [{ pos: 4, ids: ['x', { deleted: true }, []] }, { pos: 1, ids: ['y', { deleted: true }, []] }];
  assert.equal(winningLeaf(gone)!.rev, '4-x');
  // A stemmed tree starts at a later generation.
  assert.deepEqual(historyOf(leafOf(gone, '4-x')!), { start: 4, ids: ['x'] });
});
