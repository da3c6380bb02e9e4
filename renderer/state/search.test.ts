import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SearchRunner, type SearchStatus } from './search';

function harness(answer: (query: string, includeTrash: boolean) => Promise<string[]>) {
  const calls: { query: string; includeTrash: boolean }[] = [];
  const applied: { query: string; ids: string[] | null }[] = [];
  const statuses: { status: SearchStatus; error: string | null }[] = [];
  const runner = new SearchRunner({
    invoke: (query, includeTrash) => {
      calls.push({ query, includeTrash });
      return answer(query, includeTrash);
    },
    apply: (query, ids) => applied.push({ query, ids }),
    status: (status, error = null) => statuses.push({ status, error }),
    typingDelayMs: 10,
    refreshDelayMs: 20,
  });
  return { runner, calls, applied, statuses };
}

test('typing fast sends only the last query, after the pause', async () => {
  const h = harness(async (q) => [`note:${q}`]);
  h.runner.request({ query: 'g', includeTrash: false });
  h.runner.request({ query: 'gi', includeTrash: false });
  h.runner.request({ query: 'git', includeTrash: true });
  assert.equal(h.calls.length, 0);
  assert.equal(h.statuses.at(-1)?.status, 'searching');
  await sleep(40);
  assert.deepEqual(h.calls, [{ query: 'git', includeTrash: true }]);
  assert.deepEqual(h.applied, [{ query: 'git', ids: ['note:git'] }]);
  assert.equal(h.statuses.at(-1)?.status, 'idle');
});

test('a slow answer to an older query is dropped', async () => {
  const h = harness((q) => sleep(q === 'slow' ? 60 : 1).then(() => [q]));
  h.runner.request({ query: 'slow', includeTrash: false });
  await sleep(20); // sent, not answered yet
  h.runner.request({ query: 'fast', includeTrash: false });
  await sleep(100);
  assert.deepEqual(h.applied, [{ query: 'fast', ids: ['fast'] }]);
});

test('clearing the box ends the search at once', async () => {
  const h = harness(async () => ['x']);
  h.runner.request({ query: 'tar', includeTrash: false });
  h.runner.request({ query: '  ', includeTrash: false });
  await sleep(30);
  assert.equal(h.calls.length, 0);
  assert.deepEqual(h.applied, [{ query: '  ', ids: null }]);
  assert.equal(h.statuses.at(-1)?.status, 'idle');
});

test('a refresh does not show "Searching…"', async () => {
  const h = harness(async () => ['a']);
  h.runner.request({ query: 'tar', includeTrash: false, refresh: true });
  assert.equal(h.statuses.length, 0);
  await sleep(40);
  assert.deepEqual(h.applied, [{ query: 'tar', ids: ['a'] }]);
});

test('a failed search shows no notes and says why', async () => {
  const h = harness(async () => {
    throw new Error('The search index could not be built.');
  });
  h.runner.request({ query: 'tar', includeTrash: false });
  await sleep(30);
  assert.deepEqual(h.applied, [{ query: 'tar', ids: [] }]);
  assert.deepEqual(h.statuses.at(-1), { status: 'failed', error: 'The search index could not be built.' });
});

test('cancel drops a pending search', async () => {
  const h = harness(async () => ['a']);
  h.runner.request({ query: 'tar', includeTrash: false });
  h.runner.cancel();
  await sleep(30);
  assert.equal(h.calls.length, 0);
  assert.equal(h.applied.length, 0);
});
