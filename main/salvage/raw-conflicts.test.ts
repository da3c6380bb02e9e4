// The raw LevelDB reader (a damaged database) keeps a document's other
// leaves, as the backup does: conflicting edits with their attachments, and
// deleted branches. A conflicting edit whose body is gone is named; a deleted
// branch whose body is gone is still its deletion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import leveldown from 'leveldown';
import { openDatabase } from '../db/open-database';
import { seqKey } from '../db/pouchdb-layout';
import { RawLevelDb } from './leveldb';
import { RawDocReader, scanRaw } from './raw-reader';
import { salvage } from './salvage';
import { tempDir } from './salvage-testing';

const history = (...ids: string[]) => ({ start: ids.length, ids: [...ids].reverse() });

test('the raw reader writes every leaf it can read beside the winner, and names a conflicting edit it cannot', { timeout: 120_000 }, async () => {
  using tmp = tempDir();
  const dir = tmp.path('db');
  const db = openDatabase(dir);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  for (const id of ['other:whole', 'other:lost-edit', 'other:lost-deletion']) {
    await db.bulkDocs([{ _id: id, _rev: '2-b', _revisions: history('a', 'b'), side: 'winner' }] as never[], { new_edits: false });
    await db.bulkDocs([{
      _id: id, _rev: '3-a2', _revisions: history('a', 'a1', 'a2'), side: 'phone', _attachments: { 'pic 1': { content_type: 'image/png', data: png }, empty: { content_type: 'text/plain', data: Buffer.alloc(0) } },
    }] as never[], { new_edits: false });
    await db.bulkDocs([{ _id: id, _rev: '2-c', _revisions: history('a', 'c'), _deleted: true, side: 'gone' }] as never[], { new_edits: false });
  }
  // The winner by CouchDB's rule: the live leaf of the highest generation.
  assert.equal((await db.get('other:whole'))._rev, '3-a2');
  await db.close();

  // Bodies lost from by-sequence (as a damaged table loses them): one document's losing edit, another's deleted branch.
  const raw0 = await RawLevelDb.open(dir);
  const scan0 = await scanRaw(raw0);
  await raw0.close();
  const store = leveldown(dir);
  await new Promise<void>((resolve, reject) => store.open((e) => (e ? reject(e) : resolve())));
  for (const [id, rev] of [['other:lost-edit', '2-b'], ['other:lost-deletion', '2-c']] as const) {
    await new Promise<void>((resolve, reject) => store.del(seqKey(scan0.metadata.get(id)!.rev_map[rev]!), (e) => (e ? reject(e) : resolve())));
  }
  await new Promise<void>((resolve, reject) => store.close((e) => (e ? reject(e) : resolve())));

  const raw = await RawLevelDb.open(dir);
  try {
    const reader = new RawDocReader(raw, await scanRaw(raw));
    const whole = await reader.read('other:whole');
    assert.deepEqual(whole.problems, []);
    assert.equal(whole.doc!.doc._rev, '3-a2');
    assert.deepEqual(whole.doc!.attachments.map((a) => [a.name, Buffer.from(a.data).toString('hex')]).sort(), [['empty', ''], ['pic 1', png.toString('hex')]]);
    assert.deepEqual(whole.doc!.conflicts!.map((c) => c.doc), [
      { _id: 'other:whole', _rev: '2-b', side: 'winner', _revisions: history('a', 'b') },
      { _id: 'other:whole', _rev: '2-c', side: 'gone', _deleted: true, _revisions: history('a', 'c') },
    ]);

    const lostEdit = await reader.read('other:lost-edit');
    assert.deepEqual(lostEdit.problems, [{ item: 'other:lost-edit', reason: 'its conflicting version 2-b could not be read' }]);
    assert.deepEqual(lostEdit.doc!.conflicts!.map((c) => c.doc._rev), ['2-c']);

    const lostDeletion = await reader.read('other:lost-deletion');
    assert.deepEqual(lostDeletion.problems, []);
    assert.deepEqual(lostDeletion.doc!.conflicts!.map((c) => c.doc), [
      { _id: 'other:lost-deletion', _rev: '2-b', side: 'winner', _revisions: history('a', 'b') },
      { _id: 'other:lost-deletion', _rev: '2-c', _deleted: true, _revisions: history('a', 'c') },
    ]);
  } finally {
    await raw.close();
  }
});

test('salvage of a database that lost only a conflicting revision: read below PouchDB, which would drop it silently, and named', { timeout: 120_000 }, async () => {
  using tmp = tempDir();
  const dir = tmp.path('db');
  const db = openDatabase(dir);
  // The losing edit first, so the winner's entry is the document's latest: only the loser's body goes.
  await db.bulkDocs([{ _id: 'note:n', _rev: '2-c', _revisions: history('a', 'c'), title: 'phone', body: '', bookId: 'trash', createdAt: 1, updatedAt: 1 }] as never[], { new_edits: false });
  await db.bulkDocs([{ _id: 'note:n', _rev: '3-b', _revisions: history('a', 'a1', 'b'), title: 'laptop', body: '', bookId: 'trash', createdAt: 1, updatedAt: 2 }] as never[], { new_edits: false });
  await db.close();
  const raw0 = await RawLevelDb.open(dir);
  const scan0 = await scanRaw(raw0);
  await raw0.close();
  const store = leveldown(dir);
  await new Promise<void>((resolve, reject) => store.open((e) => (e ? reject(e) : resolve())));
  await new Promise<void>((resolve, reject) => store.del(seqKey(scan0.metadata.get('note:n')!.rev_map['2-c']!), (e) => (e ? reject(e) : resolve())));
  await new Promise<void>((resolve, reject) => store.close((e) => (e ? reject(e) : resolve())));

  const report = await salvage({ src: dir, dest: tmp.path('out'), tempDir: tmp.dir });
  assert.equal(report.method, 'repaired');
  assert.match(report.notices.join('\n'), /the revision 2-c of note:n is missing/);
  assert.deepEqual(report.unreadable, [{ item: 'note:n', reason: 'its conflicting version 2-c could not be read' }]);
  assert.equal(report.notes, 1);
});
