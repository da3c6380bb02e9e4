// The tree of a snapshot being taken, laid out anew from an older format:
// every entry of the old tree lands in the new fan-out as it was, a leaf
// that is not all Quire's (a tree beside a document file of the same hash)
// included, and a document set afterwards replaces only its own entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BLOB_MODE, TREE_MODE, encodeTree, parseTree, type TreeEntry } from './git-objects';
import { ObjectStore } from './store';
import { TreeEditor } from './tree-editor';
import { DATA_TREE, DELETED_TREE, FAN_WIDTHS, walkEntries } from './snapshots';

test('a format 1 tree laid out as format 2 keeps every entry, a tree beside a document file of the same hash included', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-tree-editor-'));
  const store = ObjectStore.open(folder, { create: true })!;
  try {
    const blob = (text: string) => store.add({ type: 'blob', data: Buffer.from(text) });
    const tree = (entries: TreeEntry[]) => store.add({ type: 'tree', data: encodeTree(entries) });
    const hash = (seed: string) => createHash('sha1').update(seed).digest('hex');
    const [a, b] = [hash('a'), hash('b')];
    const twin = tree([{ name: 'doc.json', mode: BLOB_MODE, oid: blob('{"_id":"twin"}') }]);
    // Format 1: one level of 256 fan-out trees named by the hash's first two digits.
    const leafA: TreeEntry[] = [
      { name: `${a}.json`, mode: BLOB_MODE, oid: blob('{"_id":"a"}') },
      { name: a, mode: TREE_MODE, oid: twin },
    ];
    const leafB: TreeEntry[] = [{ name: `${b}.json`, mode: BLOB_MODE, oid: blob('{"_id":"b"}') }];
    const fans = [
      { name: a.slice(0, 2), mode: TREE_MODE, oid: tree(leafA) },
      { name: b.slice(0, 2), mode: TREE_MODE, oid: tree(leafB) },
    ];
    const root = tree([
      { name: DATA_TREE, mode: TREE_MODE, oid: tree(fans) },
      { name: DELETED_TREE, mode: TREE_MODE, oid: tree([]) },
    ]);

    const editor = new TreeEditor(store, root, FAN_WIDTHS[2]!, 1);
    assert.deepEqual(editor.get(DATA_TREE, a), leafA[0], "the document's file, not the tree beside it");
    const written = (oid: string) => [...walkEntries(store, oid)].map(({ section, entry }) => `${section} ${entry.mode} ${entry.name} ${entry.oid}`).sort();
    const relaid = editor.write();
    assert.deepEqual(written(relaid), [...leafA, ...leafB].map((e) => `${DATA_TREE} ${e.mode} ${e.name} ${e.oid}`).sort());
    // Format 2's three levels of one digit each.
    const [data] = parseTree(store.read(relaid).data).filter((e) => e.name === DATA_TREE);
    assert.deepEqual(parseTree(store.read(data!.oid).data).map((e) => e.name).sort(), [a[0], b[0]].sort());

    // Setting b replaces b's entry only.
    const newB: TreeEntry = { name: `${b}.json`, mode: BLOB_MODE, oid: blob('{"_id":"b","v":2}') };
    editor.set(DATA_TREE, b, newB, true);
    assert.equal(editor.changedCount(), 1);
    assert.deepEqual(written(editor.write()), [...leafA, newB].map((e) => `${DATA_TREE} ${e.mode} ${e.name} ${e.oid}`).sort());
  } finally {
    store.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
