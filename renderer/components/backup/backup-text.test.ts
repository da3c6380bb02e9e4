import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBackup, formatRetry, formatWriteTime, shortBackupText } from './backup-text';

const now = Date.parse('2026-03-03T14:00:00Z');

test('each state in words, with what Quire does about a problem', () => {
  const off = describeBackup({ state: 'off' }, now, 'en');
  assert.equal(off.headline, 'Not backed up');
  assert.match(off.detail!, /^Nothing is being backed up yet\./);

  const copying = describeBackup({ state: 'backing-up', location: '/b', done: 1200, total: 38412, firstCopy: true }, now, 'en');
  assert.equal(copying.headline, 'Backing up 1,200 of 38,412');
  assert.deepEqual(copying.progress, { done: 1200, total: 38412 });
  assert.match(copying.detail!, /first time/);

  const done = describeBackup({ state: 'up-to-date', location: '/b', lastWriteAt: new Date(now - 5000).toISOString(), docs: 1 }, now, 'en');
  assert.equal(done.headline, 'Up to date');
  assert.match(done.detail!, /^Last write today at .* · 1 document in the backup$/);

  const paused = describeBackup({
    state: 'error', location: '/b', reason: 'The backup folder /b is not there (drive unplugged or network share gone?).',
    retryAt: now + 30_000, lastWriteAt: null,
  }, now, 'en');
  assert.equal(paused.tone, 'error');
  assert.equal(paused.detail,
    'The backup folder /b is not there (drive unplugged or network share gone?). Your notes are safe in Quire. ' +
    'Quire tries again in 30 s and catches up by itself once the folder can be written.');
  assert.equal(shortBackupText({ state: 'error', location: '/b', reason: 'x', retryAt: null, lastWriteAt: null }), 'Backup paused');
  assert.equal(shortBackupText({ state: 'backing-up', location: '/b', done: 3, total: 10, firstCopy: true }, 'en'), 'Backing up 3 / 10');
});

test('retry countdown and write times', () => {
  assert.equal(formatRetry(now + 29_001, now), 'in 30 s');
  assert.equal(formatRetry(now + 120_000, now), 'in 2 min');
  assert.equal(formatRetry(now - 1, now), 'now');
  assert.match(formatWriteTime('2026-01-10T09:05:00Z', now, 'en'), /Jan 10/);
  assert.match(formatWriteTime('2024-01-10T09:05:00Z', now, 'en'), /2024/);
});
