import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BookDoc } from '../../shared/schema';
import { NotebookFolders } from './notebook-folders';

const book = (id: string, name: string, parent: string | null = null): BookDoc => ({
  _id: `book:${id}`, name, parentBookId: parent === null ? null : `book:${parent}`, createdAt: 1, updatedAt: 1,
});
const noRanks = async () => {
  throw new Error('ranks are only read when names clash');
};

test('folders nest like the tree; a missing or looping parent makes a top-level notebook', async () => {
  const tree = await NotebookFolders.build([
    book('a', 'Projects'), book('b', 'Quire', 'a'), book('c', 'Orphan', 'gone'),
    book('x', 'Loop X', 'y'), book('y', 'Loop Y', 'x'), book('z', 'Under loop', 'x'),
  ], noRanks);
  const rel = (id: string) => tree.folderOf(`book:${id}`)?.rel;
  assert.equal(rel('b'), 'Projects/Quire');
  assert.deepEqual(tree.folderOf('book:b')!.names, ['Projects', 'Quire']);
  assert.equal(rel('c'), 'Orphan');
  assert.equal(rel('x'), 'Loop X');
  assert.equal(rel('y'), 'Loop Y');
  assert.equal(rel('z'), 'Loop X/Under loop');
  assert.equal(tree.folderOf('book:nope'), null);
  assert.equal(tree.unfiled().rel, 'Unfiled');
  assert.equal(tree.unfiled(), tree.unfiled());
});

test('clashing siblings are ordered by the smallest note id they hold, which an export and its import share', async () => {
  const books = [book('1', 'Work'), book('2', 'work'), book('3', 'WORK'), book('4', 'Unfiled')];
  let asked = 0;
  const tree = await NotebookFolders.build(books, async () => {
    asked += 1;
    return new Map([['book:2', 'note:a'], ['book:1', 'note:b']]);
  });
  assert.equal(asked, 1);
  assert.equal(tree.folderOf('book:2')!.rel, 'work');
  assert.equal(tree.folderOf('book:1')!.rel, 'Work (2)');
  assert.equal(tree.folderOf('book:3')!.rel, 'WORK (3)', 'notebooks without notes come last');
  assert.equal(tree.unfiled().rel, 'Unfiled (2)', 'a real notebook called Unfiled keeps its name');
});
