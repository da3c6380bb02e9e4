// A leaf's packed table against the plain map it stands for: the same
// entries after any mix of sets, marks and removals, and a leaf that is not
// all Quire's (another tool's file, a tree beside a document file) written
// back as it was read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BLOB_MODE, TREE_MODE, encodeTree, type TreeEntry } from './git-objects';
import { LeafTable } from './leaf-table';

const hex = (seed: string) => createHash('sha1').update(seed).digest('hex');
const fileOf = (hash: string, oid: string): TreeEntry => ({ name: `${hash}.json`, mode: BLOB_MODE, oid });
const treeOf = (hash: string, oid: string): TreeEntry => ({ name: hash, mode: TREE_MODE, oid });

test('a leaf table holds what a map of entries holds, through random sets, marks and removals', () => {
  const table = new LeafTable();
  const model = new Map<string, { entry: TreeEntry; changed: boolean }>();
  const hashes = Array.from({ length: 300 }, (_, i) => hex(`doc ${i}`));
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let step = 0; step < 5000; step++) {
    const hash = hashes[random(hashes.length)]!;
    const op = random(4);
    if (op === 0) {
      table.remove(hash);
      model.delete(hash);
    } else if (op === 1) {
      table.markChanged(hash);
      const was = model.get(hash);
      if (was) was.changed = true;
    } else {
      const entry = op === 2 ? fileOf(hash, hex(`v${step}`)) : treeOf(hash, hex(`v${step}`));
      const changed = random(2) === 0;
      table.set(hash, entry, changed);
      model.set(hash, { entry, changed: changed || (model.get(hash)?.changed ?? false) });
    }
    if (step % 250 === 0 || step === 4999) {
      assert.equal(table.size, model.size);
      for (const h of hashes) assert.deepEqual(table.get(h), model.get(h) ?? null, `step ${step}`);
      assert.deepEqual(encodeTree(table.entries()), encodeTree([...model.values()].map((v) => v.entry)));
      const changed = [...model].filter(([, v]) => v.changed).map(([h]) => h);
      assert.equal(table.changedCount(), changed.length);
      assert.deepEqual([...table.changedHashes()].sort(), changed.sort());
    }
  }
});

test("a leaf with entries Quire does not write keeps them; a document's file wins over a tree of the same hash", () => {
  const a = hex('a');
  const b = hex('b');
  const entries: TreeEntry[] = [
    treeOf(a, hex('tree of a')),
    fileOf(a, hex('file of a')),
    { name: 'README.md', mode: BLOB_MODE, oid: hex('readme') },
    { name: `${b}.json`, mode: '100755', oid: hex('executable b') },
  ];
  const table = LeafTable.of(entries);
  assert.deepEqual(table.get(a), { entry: fileOf(a, hex('file of a')), changed: false });
  assert.deepEqual(table.get(b)?.entry, entries[3]);
  assert.equal(table.get(hex('c')), null);
  assert.deepEqual(encodeTree(table.entries()), encodeTree(entries));
  // Setting a document replaces whatever was under its hash, as the map of names did.
  table.set(a, treeOf(a, hex('new tree of a')), true);
  table.set(b, fileOf(b, hex('new b')), false);
  assert.deepEqual(encodeTree(table.entries()), encodeTree([entries[2]!, treeOf(a, hex('new tree of a')), fileOf(b, hex('new b'))]));
  assert.equal(table.changedCount(), 1);
});
