import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RestorePlanInfo, RestoreResultInfo } from '../../../shared/contract/restore-requests';
import { describeLayouts, describeRestoreProgress, doneLead, doneRows, doneTitle, folderName, planRows, unlisted } from './restore-text';

const plan: RestorePlanInfo = {
  folder: '/home/ann/Backups/Inkdrop', layouts: ['inkdrop-flat'],
  counts: { notes: 2, books: 1, tags: 1, files: 0, other: 1, attachments: 0 },
  documents: 5, deleted: 0, skipped: [], skippedCount: 0, files: 5,
};
const result: RestoreResultInfo = {
  folder: plan.folder, layouts: plan.layouts, restored: 0, upToDate: 5, stillDeleted: 0, conflicts: 0, skipped: [], skippedCount: 0, deleted: 0, cancelled: false,
};

test('the plan lists what the folder holds, in words', () => {
  assert.equal(folderName('/home/ann/Backups/Inkdrop/'), 'Inkdrop');
  assert.equal(folderName('C:\\Backups\\Quire'), 'Quire');
  assert.equal(describeLayouts(['inkdrop-flat']), 'An Inkdrop backup');
  assert.equal(describeLayouts(['quire']), 'A Quire backup');
  assert.deepEqual(planRows(plan).map((r) => `${r.label} ${r.count}`),
    ['Notes 2', 'Notebooks 1', 'Tags 1', 'Attachments 0', 'Other documents 1', 'Deleted documents 0', 'Files that cannot be used 0']);
});

test('the completion says when nothing needed to change, and what conflicts mean', () => {
  assert.equal(doneTitle(result), 'Restore completed');
  assert.match(doneLead(result), /already up to date/);
  const conflicted = { ...result, upToDate: 4, conflicts: 1 };
  assert.match(doneRows(conflicted).find((r) => r.id === 'conflicts')!.hint!, /open the note to choose/);
  assert.equal(doneTitle({ ...result, cancelled: true }), 'Restore stopped');
  // Notes deleted here after the backup was made: said, with where to get them back.
  const deletedHere = { ...result, upToDate: 4, stillDeleted: 1 };
  assert.match(doneLead(deletedHere), /^Nothing needed to change\. 1 document was deleted here after this backup was made and stays deleted: a restore does not undo a deletion\. To get a note back as it was, use Restore to… under Snapshots, or Note › History…\.$/);
  assert.equal(doneRows(deletedHere).find((r) => r.id === 'still-deleted')?.count, 1);
  assert.equal(doneRows(result).find((r) => r.id === 'still-deleted'), undefined);
  assert.match(doneLead({ ...deletedHere, restored: 2 }), /^The restored notes are in the list now\. 1 document was deleted/);
  assert.equal(unlisted(200, 250), '…and 50 more not listed');
  assert.equal(unlisted(3, 3), null);
});

test('progress in Preferences › Backup', () => {
  assert.equal(describeRestoreProgress({ state: 'idle' }), null);
  assert.equal(describeRestoreProgress({ state: 'scanning', folder: '/a/Quire', files: 1 }), 'Reading Quire… 1 file so far');
  assert.equal(describeRestoreProgress({ state: 'restoring', folder: '/a', done: 3, total: 10, restored: 3, upToDate: 0, conflicts: 0, skippedCount: 0 }),
    'Restoring… 3 of 10 files');
});
