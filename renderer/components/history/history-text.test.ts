import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEntry } from '../../../shared/contract/snapshot-requests';
import { describeChange, describeSource, emptyHistoryText, firstEarlier, formatVersionTime, timeLabels } from './history-text';
import { describePlan, describeSnapshot, formatBytes, intervalChoices, intervalLabel, restoredText, statsText } from '../backup/snapshot-text';

const entry = (over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  key: 'rev:2-ab', time: '2026-03-03T14:32:00', source: 'local', saves: 1, wordsAdded: 0, wordsRemoved: 0,
  deleted: false, title: 'Groceries', current: false, ...over,
});
const now = Date.parse('2026-03-03T18:00:00');

test('a version’s time reads as today, yesterday, a day this year or a date', () => {
  assert.equal(formatVersionTime('2026-03-03T14:32:00', now, 'en-GB'), 'Today, 14:32');
  assert.match(formatVersionTime('2026-03-02T09:05:00', now, 'en-GB'), /^Yesterday, 0?9:05$/);
  assert.match(formatVersionTime('2026-01-20T09:05:00', now, 'en-GB'), /^Tue 20 Jan, 0?9:05$/);
  assert.match(formatVersionTime('2025-01-20T09:05:00', now, 'en-GB'), /^20 Jan 2025, 0?9:05$/);
  assert.equal(formatVersionTime('not a time', now), 'An unknown time');
  // Two in the same minute are told apart by their seconds.
  assert.deepEqual(timeLabels(['2026-03-03T14:32:05', '2026-03-03T14:32:50', '2026-03-03T10:00:00'], now, 'en-GB'),
    ['Today, 14:32:05', 'Today, 14:32:50', 'Today, 10:00']);
});

test('what changed in a version, and where it comes from', () => {
  assert.equal(describeChange(entry({ wordsAdded: 12, wordsRemoved: 3 }), false, 'en'), '+12 words \u22123 words');
  assert.equal(describeChange(entry({ wordsAdded: 1 }), false, 'en'), '+1 word');
  assert.equal(describeChange(entry(), false), 'No words changed');
  assert.equal(describeChange(entry(), true), 'The oldest version kept');
  assert.equal(describeChange(entry({ deleted: true }), false), 'Deleted forever');
  assert.equal(describeChange(entry({ moved: 'toTrash' }), false), 'Moved to the Trash');
  assert.equal(describeChange(entry({ moved: 'fromTrash', wordsAdded: 2 }), false, 'en'), 'Restored from the Trash · +2 words');
  assert.equal(describeSource(entry({ saves: 5 }), 'en'), '5 saves');
  assert.equal(describeSource(entry()), 'Saved');
  assert.equal(describeSource(entry({ deleted: true })), '', 'a deletion is not a save');
  assert.equal(describeSource(entry({ source: 'snapshot' })), 'Snapshot');
  assert.equal(describeSource(entry({ source: 'snapshot', saves: 3 })), 'Snapshot · 3 saves');
});

test('the version chosen first is the newest earlier one with text; an empty history says why', () => {
  const history = { noteId: 'n', state: 'live' as const, problems: [], entries: [
    entry({ key: 'rev:3-c', current: true }), entry({ key: 'snap:'.padEnd(45, 'a'), deleted: true }), entry({ key: 'rev:1-a' }),
  ] };
  assert.equal(firstEarlier(history)?.key, 'rev:1-a');
  assert.equal(firstEarlier({ ...history, entries: [history.entries[0]!] }), null);
  assert.match(emptyHistoryText(false), /^No earlier versions yet: .*backup folder/);
  assert.match(emptyHistoryText(true), /^No earlier versions yet: .*snapshot/);
});

test('the snapshots’ words: how often, their size, what each changed, what a restore does', () => {
  assert.deepEqual([intervalLabel(5, 'en'), intervalLabel(60, 'en'), intervalLabel(120, 'en')], ['5 minutes', '1 hour', '2 hours']);
  assert.deepEqual(intervalChoices(15), [5, 15, 30, 60]);
  assert.deepEqual(intervalChoices(45), [5, 15, 30, 45, 60]);
  assert.deepEqual([formatBytes(512, 'en'), formatBytes(11_100, 'en'), formatBytes(1_400_000, 'en')], ['512 bytes', '11.1 KB', '1.4 MB']);
  const overview = {
    settings: { enabled: true, intervalMinutes: 15, keep: 'standard' as const }, retention: 'every snapshot for 2 days', folder: '/b',
    count: 2, bytes: 11_100, lastSnapshotAt: '2026-03-03T14:32:00', busy: null, problem: null,
  };
  assert.equal(statsText(overview, now, 'en-GB'), '2 snapshots using 11.1 KB; the last one today, 14:32.');
  assert.equal(statsText({ ...overview, count: 0 }, now), 'No snapshots yet.');
  const snapshot = { id: 'abcd', time: '2026-03-03T14:32:00', client: 'laptop', own: false, seq: 9, docs: 20, changed: 1, reason: null, first: false };
  assert.equal(describeSnapshot(snapshot, 'en'), '1 change since the one before · taken by laptop');
  assert.equal(describeSnapshot({ ...snapshot, own: true, first: true, changed: 20 }, 'en'), 'The first snapshot · 20 documents');
  assert.equal(describeSnapshot({ ...snapshot, own: true, reason: 'before-restore-to 2026-03-03T10:05:00' }, 'en-GB', now), 'Taken just before the restore to today, 10:05');
  assert.equal(describeSnapshot({ ...snapshot, own: true, reason: 'before-restore-from-folder' }, 'en'), 'Taken just before a restore from a backup folder');
  assert.equal(describeSnapshot({ ...snapshot, own: true, reason: 'before-restore-to <script>' }, 'en'), 'Taken just before a restore to a snapshot');
  const plan = { snapshot, changedBack: 1, broughtBack: 3, createdSince: 0, examples: { changedBack: [], broughtBack: [], createdSince: [] } };
  assert.equal(describePlan(plan, 'en'), '1 note changed back, 3 brought back, 0 created since');
  const done = restoredText(snapshot, { changedBack: 0, broughtBack: 3, createdSinceTrashed: 1, conflicts: 0, undoSnapshot: 'ef01' }, now, 'en-GB');
  assert.equal(done.title, 'Restored to today, 14:32');
  assert.equal(done.body, '0 notes changed back, 3 brought back, 1 newer note moved to the Trash. A snapshot was taken just before: Undo restores to it.');
});
