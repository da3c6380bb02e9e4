// The pack-order walk reaches exactly what a walk of each snapshot's trees
// reaches, and verify and prune, which use it, still see every object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { tempFolder } from '../restore/restore-testing';
import { isTree, parseCommit, parseTree } from './git-objects';
import { ObjectStore, listSnapshots, takeSnapshot, verifyStore } from './index';
import { reachableFrom } from './reachable';

const TIMEOUT = { timeout: 120_000 };

/** The objects reached the plain way: commit, then each tree depth first, each object read on its own. */
function walkedOneByOne(store: ObjectStore, commits: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (oid: string, tree: boolean) => {
    if (seen.has(oid)) return;
    seen.add(oid);
    if (tree) for (const e of parseTree(store.read(oid).data)) visit(e.oid, isTree(e));
  };
  for (const commit of commits) {
    seen.add(commit);
    visit(parseCommit(store.read(commit).data).tree, true);
  }
  return seen;
}

test('the pack-order walk reaches what a walk of every tree reaches, each object once, with or without the blobs read', TIMEOUT, async () => {
  await using t = tempFolder('quire-reachable-');
  const db = t.open('db');
  const folder = t.path('backup');
  fs.mkdirSync(folder);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  await db.bulkDocs([
    { _id: 'book:b1', name: 'Book', createdAt: 1, updatedAt: 1 },
    ...Array.from({ length: 400 }, (_, i) => ({ _id: `note:n${i}`, title: `Note ${i}`, body: `text ${i}\n`.repeat(20), bookId: 'book:b1', tags: [], createdAt: 1, updatedAt: 1 })),
    { _id: 'file:f1', name: 'a.png', contentType: 'image/png', contentLength: png.length, createdAt: 1, _attachments: { index: { content_type: 'image/png', data: png.toString('base64') } } },
  ]);
  await takeSnapshot(db, folder);
  for (let round = 0; round < 4; round++) {
    const changed = await db.allDocs({ keys: Array.from({ length: 25 }, (_, i) => `note:n${(round * 37 + i * 11) % 400}`), include_docs: true });
    await db.bulkDocs(changed.rows.map((r) => ({ ...(r as { doc: Record<string, unknown> }).doc, body: `round ${round}` })));
    await db.remove(await db.get(`note:n${390 + round}`));
    await takeSnapshot(db, folder);
  }
  const store = ObjectStore.open(folder, { create: false })!;
  try {
    const commits = listSnapshots(store).snapshots.map((s) => s.id);
    assert.equal(commits.length, 5);
    const expected = walkedOneByOne(store, commits);
    const visited: string[] = [];
    const withBlobs = reachableFrom(store, commits, { readBlobs: true, visit: (oid, read) => {
      assert.ok(read && !(read instanceof Error), `${oid} read`);
      visited.push(oid);
    } });
    assert.deepEqual([...withBlobs].sort(), [...expected].sort());
    assert.deepEqual([...visited].sort(), [...expected].sort(), 'each object visited once');
    const unread: string[] = [];
    // Read a few at a time as well: the queue is taken in parts whatever its length.
    const withoutBlobs = reachableFrom(store, commits, { readBlobs: false, batch: 7, visit: (oid, read) => read === null && unread.push(oid) });
    assert.deepEqual([...withoutBlobs].sort(), [...expected].sort());
    assert.ok(unread.length > 400, 'the documents are reached without being read');
    const verified = verifyStore(store);
    assert.deepEqual(verified, { snapshots: 5, objects: expected.size, damaged: [] });
  } finally {
    store.close();
  }
});
