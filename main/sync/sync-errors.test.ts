// Sync's errors in words, from the shapes the libraries really throw: a
// server that goes away in the middle of an answer must read as a cut
// connection, not as node-fetch's own sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSyncError } from './sync-errors';

test('a connection cut in the middle of an answer, as node-fetch and Node\'s fetch report it, is said in words', () => {
  // What node-fetch 2 (PouchDB's fetch) rejects with: a FetchError of type 'system' that takes its code from the stream's error.
  const midAnswer = Object.assign(new Error('Invalid response body while trying to fetch http://127.0.0.1:5984/db/_revs_diff: Premature close'), {
    name: 'FetchError', type: 'system', code: 'ERR_STREAM_PREMATURE_CLOSE', errno: 'ERR_STREAM_PREMATURE_CLOSE',
  });
  assert.equal(describeSyncError(midAnswer, '127.0.0.1:5984'), 'The connection to 127.0.0.1:5984 was cut.');
  const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
  assert.equal(describeSyncError(reset, '127.0.0.1:5984'), 'The connection to 127.0.0.1:5984 was cut.');
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
  assert.match(describeSyncError(refused, '127.0.0.1:5984'), /^Nothing answers at 127\.0\.0\.1:5984/);
});
