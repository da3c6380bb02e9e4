// The search box's runner with a mocked clock (t.mock.timers) and answers
// the test settles itself: the debounce is checked to the millisecond and
// "which answer arrives first" is decided by the test, never by sleeping.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { SearchRunner, type SearchStatus } from './search';

const TYPING = 10;
const REFRESH = 20;

/** An answer the test resolves or rejects when it chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets the runner's promise callbacks run (setImmediate is not mocked: only setTimeout is). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function harness(t: TestContext) {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const calls: { query: string; includeTrash: boolean }[] = [];
  const answers = new Map<string, ReturnType<typeof deferred<string[]>>>();
  const applied: { query: string; ids: string[] | null }[] = [];
  const statuses: { status: SearchStatus; error: string | null }[] = [];
  const runner = new SearchRunner({
    invoke: (query, includeTrash) => {
      calls.push({ query, includeTrash });
      const answer = deferred<string[]>();
      answers.set(query, answer);
      return answer.promise;
    },
    apply: (query, ids) => applied.push({ query, ids }),
    status: (status, error = null) => statuses.push({ status, error }),
    typingDelayMs: TYPING,
    refreshDelayMs: REFRESH,
  });
  const answer = (query: string) => {
    const pending = answers.get(query);
    assert.ok(pending, `the query "${query}" was sent`);
    return pending;
  };
  return { runner, calls, applied, statuses, answer, tick: (ms: number) => t.mock.timers.tick(ms) };
}

test('typing fast sends only the last query, after the pause', async (t) => {
  const h = harness(t);
  h.runner.request({ query: 'g', includeTrash: false });
  h.tick(TYPING - 1);
  h.runner.request({ query: 'gi', includeTrash: false });
  h.tick(TYPING - 1);
  h.runner.request({ query: 'git', includeTrash: true });
  assert.equal(h.statuses.at(-1)?.status, 'searching');
  h.tick(TYPING - 1);
  assert.equal(h.calls.length, 0, 'nothing is sent while the user is still typing');
  h.tick(1);
  assert.deepEqual(h.calls, [{ query: 'git', includeTrash: true }]);
  assert.deepEqual(h.applied, [], 'nothing shows before the answer');
  h.answer('git').resolve(['note:git']);
  await settle();
  assert.deepEqual(h.applied, [{ query: 'git', ids: ['note:git'] }]);
  assert.equal(h.statuses.at(-1)?.status, 'idle');
});

test('a slow answer to an older query is dropped', async (t) => {
  const h = harness(t);
  h.runner.request({ query: 'slow', includeTrash: false });
  h.tick(TYPING);
  h.runner.request({ query: 'fast', includeTrash: false });
  h.tick(TYPING);
  assert.deepEqual(h.calls.map((c) => c.query), ['slow', 'fast']);
  h.answer('fast').resolve(['fast']);
  await settle();
  h.answer('slow').resolve(['slow']);
  await settle();
  assert.deepEqual(h.applied, [{ query: 'fast', ids: ['fast'] }]);
  assert.equal(h.statuses.at(-1)?.status, 'idle');
});

test('an older answer arriving first is dropped too', async (t) => {
  const h = harness(t);
  h.runner.request({ query: 'first', includeTrash: false });
  h.tick(TYPING);
  h.runner.request({ query: 'second', includeTrash: false });
  h.answer('first').resolve(['first']);
  await settle();
  assert.deepEqual(h.applied, [], 'the answer to a query the user has typed past');
  assert.equal(h.statuses.at(-1)?.status, 'searching');
  h.tick(TYPING);
  h.answer('second').resolve(['second']);
  await settle();
  assert.deepEqual(h.applied, [{ query: 'second', ids: ['second'] }]);
});

test('clearing the box ends the search at once', async (t) => {
  const h = harness(t);
  h.runner.request({ query: 'tar', includeTrash: false });
  h.runner.request({ query: '  ', includeTrash: false });
  assert.deepEqual(h.applied, [{ query: '  ', ids: null }], 'at once, without waiting for the pause');
  assert.equal(h.statuses.at(-1)?.status, 'idle');
  h.tick(REFRESH * 10);
  assert.equal(h.calls.length, 0, 'the pending query was dropped');
  assert.deepEqual(h.applied, [{ query: '  ', ids: null }]);
});

test('a refresh does not show "Searching…" and waits longer than typing', async (t) => {
  const h = harness(t);
  h.runner.request({ query: 'tar', includeTrash: false, refresh: true });
  assert.equal(h.statuses.length, 0);
  h.tick(REFRESH - 1);
  assert.equal(h.calls.length, 0);
  h.tick(1);
  assert.equal(h.calls.length, 1);
  h.answer('tar').resolve(['a']);
  await settle();
  assert.deepEqual(h.applied, [{ query: 'tar', ids: ['a'] }]);
  assert.deepEqual(h.statuses.map((s) => s.status), ['idle']);
});

test('a failed search shows no notes and says why', async (t) => {
  const h = harness(t);
  h.runner.request({ query: 'tar', includeTrash: false });
  h.tick(TYPING);
  h.answer('tar').reject(new Error('The search index could not be built.'));
  await settle();
  assert.deepEqual(h.applied, [{ query: 'tar', ids: [] }]);
  assert.deepEqual(h.statuses.at(-1), { status: 'failed', error: 'The search index could not be built.' });
});

test('cancel drops a pending search, and the answer to one already sent', async (t) => {
  const h = harness(t);
  h.runner.request({ query: 'tar', includeTrash: false });
  h.runner.cancel();
  h.tick(REFRESH * 10);
  assert.equal(h.calls.length, 0);

  h.runner.request({ query: 'zip', includeTrash: false });
  h.tick(TYPING);
  h.runner.cancel();
  h.answer('zip').resolve(['z']);
  await settle();
  assert.equal(h.applied.length, 0);
});
