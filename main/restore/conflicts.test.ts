// Conflicting revisions travel through the backup: a document with two
// branches is written with its losing leaf under _conflicts, and a restore
// gives back both leaves and counts the document as a conflict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { locateDoc } from '../backup-format/index';
import type { Database } from '../db/open-database';
import { restoreBackup } from './index';
import { backUp, tempFolder } from './restore-testing';

const body = (title: string) => ({ title, body: title, bookId: 'book:b', createdAt: 1, updatedAt: 1, tags: [], status: 'none', share: 'private', pinned: false, numOfTasks: 0, numOfCheckedTasks: 0, doctype: 'markdown' });

async function branched(db: Database) {
  await db.bulkDocs(
    [
      { _id: 'book:b', _rev: '1-b0', name: 'B', createdAt: 1, updatedAt: 1, _revisions: { start: 1, ids: ['b0'] } },
      { _id: 'note:n', _rev: '2-aaaa', ...body('laptop'), _revisions: { start: 2, ids: ['aaaa', '1111'] } },
      { _id: 'note:n', _rev: '2-bbbb', ...body('phone'), _revisions: { start: 2, ids: ['bbbb', '1111'] } },
      { _id: 'note:n', _rev: '3-cccc', _deleted: true, _revisions: { start: 3, ids: ['cccc', 'dddd', '1111'] } },
    ] as never[],
    { new_edits: false },
  );
}

async function leavesOf(db: Database, id: string) {
  const leaves = await db.get(id, { open_revs: 'all', revs: true });
  return leaves.flatMap((l) => ('ok' in l ? [l.ok] : [])).sort((a, b) => (String(a._rev) < String(b._rev) ? -1 : 1));
}

test('backup → restore gives back every leaf of a document in conflict, and counts it as a conflict', async () => {
  await using t = tempFolder();
  const source = t.open('source');
  await branched(source);
  const folder = t.path('backup');
  await backUp(source, folder);
  const file = JSON.parse(fs.readFileSync(path.join(folder, 'data', 'note', `${locateDoc('note:n').stem}.json`), 'utf8')) as { _rev: string; _conflicts: { _rev: string; _deleted?: boolean }[] };
  assert.equal(file._rev, '2-bbbb');
  assert.deepEqual(file._conflicts.map((c) => [c._rev, c._deleted === true]).sort(), [['2-aaaa', false], ['3-cccc', true]]);

  const target = t.open('target');
  const first = await restoreBackup(target, folder);
  assert.deepEqual([first.restored, first.conflicts, first.upToDate, first.skippedCount], [1, 1, 0, 0]);
  assert.deepEqual(await leavesOf(target, 'note:n'), await leavesOf(source, 'note:n'));
  const again = await restoreBackup(target, folder);
  assert.deepEqual([again.restored, again.conflicts, again.upToDate], [0, 0, 2], 'restoring twice changes nothing');

  // A database that has the winner but not the losing branch gets the branch.
  const winnerOnly = t.open('winner-only');
  await winnerOnly.bulkDocs([{ _id: 'note:n', _rev: '2-bbbb', ...body('phone'), _revisions: { start: 2, ids: ['bbbb', '1111'] } }] as never[], { new_edits: false });
  const third = await restoreBackup(winnerOnly, folder);
  assert.equal(third.conflicts, 1);
  assert.deepEqual(await leavesOf(winnerOnly, 'note:n'), await leavesOf(source, 'note:n'));
});
