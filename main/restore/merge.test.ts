// The merge's shortcut for new databases (ids listed once instead of looked
// up per batch) and its safety net, driven directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Merger, type Pending } from './merge';
import { SkipList } from './skip-list';
import { tempFolder } from './restore-testing';
import { noCounts } from './types';

const pending = (id: string, rev: string): Pending => ({
  rel: `data/note/${id}.json`,
  doc: {
    id, rev, type: 'note', deleted: false, attachments: [], conflicts: [],
    history: { start: Number(rev.split('-')[0]), ids: [rev.split('-')[1]!] },
    fields: { _id: id, _rev: rev, title: id, body: '', bookId: 'book:b', createdAt: 1, updatedAt: 1 },
  },
});

test('documents taken to be new but already written by the same restore are counted as up to date', async () => {
  await using t = tempFolder();
  const db = t.open();
  await db.put({ _id: 'note:there', title: 'x', body: '', bookId: 'book:b', createdAt: 1, updatedAt: 1 });
  const counts = noCounts();
  const merger = new Merger(db, t.dir, false, true, new SkipList(), counts);
  await merger.merge([pending('note:a', '1-aa'), pending('note:b', '1-bb')]);
  assert.deepEqual(counts, { restored: 2, upToDate: 0, stillDeleted: 0, conflicts: 0 });
  // The same documents again, as if the folder had listed them twice: the sequence check notices.
  await merger.merge([pending('note:a', '1-aa'), pending('note:c', '1-cc'), pending('note:b', '1-bb')]);
  assert.deepEqual(counts, { restored: 3, upToDate: 2, stillDeleted: 0, conflicts: 0 });
  // An id the database had before the restore is still looked up: a concurrent revision is a conflict.
  await merger.merge([pending('note:there', '1-ffffffffffffffffffffffffffffffff')]);
  assert.deepEqual(counts, { restored: 3, upToDate: 2, stillDeleted: 0, conflicts: 1 });
  assert.equal(((await db.get('note:there', { conflicts: true }))._conflicts as string[]).length, 1);
});
