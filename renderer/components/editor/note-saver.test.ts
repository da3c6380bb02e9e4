import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NoteDoc } from '../../../shared/schema';
import { NoteSaver, type NotePatch, type NoteSaverOptions, type SaveStatus } from './note-saver';

/** A saver with a hand-driven clock and a send() whose answers the test releases. */
function harness(overrides: Partial<NoteSaverOptions> = {}) {
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const sent: Array<{ id: string; patch: NotePatch; settle(error?: Error): void }> = [];
  const statuses: Array<[string, SaveStatus]> = [];
  const saved: Array<[string, NotePatch]> = [];
  const saver = new NoteSaver({
    delayMs: 500,
    send: (id, patch) => new Promise<NoteDoc>((resolve, reject) => {
      sent.push({ id, patch, settle: (error) => (error ? reject(error) : resolve({ _id: id, ...patch } as unknown as NoteDoc)) });
    }),
    onStatus: (id, status) => statuses.push([id, status]),
    onSaved: (id, _doc, patch) => saved.push([id, patch]),
    schedule: (run) => {
      const handle = nextTimer++;
      timers.set(handle, run);
      return handle;
    },
    cancel: (handle) => timers.delete(handle as number),
    ...overrides,
  });
  const fireTimers = () => {
    const due = [...timers.values()];
    timers.clear();
    due.forEach((run) => run());
  };
  const tick = () => new Promise((r) => setImmediate(r));
  return { saver, sent, statuses, saved, timers, fireTimers, tick };
}

test('edits wait for the pause, then go out once with the latest values', async () => {
  const h = harness();
  let body = 'a';
  h.saver.edit('note:1', { body: () => body });
  body = 'ab';
  h.saver.edit('note:1', { body: () => body, title: 'T' });
  assert.equal(h.timers.size, 1, 'each edit restarts the one timer');
  assert.equal(h.saver.status('note:1').state, 'pending');
  assert.equal(h.sent.length, 0);
  body = 'abc';
  h.fireTimers();
  await h.tick();
  assert.deepEqual(h.sent.map((s) => s.patch), [{ body: 'abc', title: 'T' }]);
  assert.equal(h.saver.status('note:1').state, 'saving');
  assert.ok(h.saver.hasUnsaved('note:1'));
  h.sent[0]!.settle();
  await h.tick();
  assert.equal(h.saver.status('note:1').state, 'saved');
  assert.equal(h.saver.hasUnsaved(), false);
  assert.deepEqual(h.saved, [['note:1', { body: 'abc', title: 'T' }]]);
});

test('flush sends at once, and edits made during a save follow in a second request', async () => {
  const h = harness();
  h.saver.edit('note:1', { body: 'one' });
  const first = h.saver.flush('note:1');
  await h.tick();
  assert.equal(h.timers.size, 0, 'flushing cancels the timer');
  h.saver.edit('note:1', { body: 'two' });
  assert.ok(h.saver.isFieldUnsaved('note:1', 'body'));
  const second = h.saver.flush('note:1');
  await h.tick();
  assert.equal(h.sent.length, 1, 'one request per note at a time');
  h.sent[0]!.settle();
  await first;
  await h.tick();
  assert.deepEqual(h.sent.map((s) => s.patch.body), ['one', 'two']);
  h.sent[1]!.settle();
  await second;
  assert.equal(h.saver.status('note:1').state, 'saved');
  assert.equal(h.saver.isFieldUnsaved('note:1', 'body'), false);
});

test('a failed save keeps the text pending, shows the message and retries on the next edit', async () => {
  const h = harness();
  h.saver.edit('note:1', { title: 'Kept', body: 'first' });
  const flushed = h.saver.flush('note:1');
  await h.tick();
  h.sent[0]!.settle(new Error('The connection to Quire was lost before it answered.'));
  await flushed;
  assert.deepEqual(h.saver.status('note:1'), { state: 'error', message: 'The connection to Quire was lost before it answered.' });
  assert.ok(h.saver.hasUnsaved('note:1'));
  h.saver.edit('note:1', { body: 'second' });
  assert.equal(h.saver.status('note:1').state, 'error', 'the message stays while the retry waits');
  h.fireTimers();
  await h.tick();
  assert.deepEqual(h.sent[1]!.patch, { title: 'Kept', body: 'second' });
  h.sent[1]!.settle();
  await h.tick();
  assert.equal(h.saver.status('note:1').state, 'saved');
});

test('check() refuses a patch before it is sent and keeps it pending', async () => {
  const h = harness({ check: (_id, patch) => ((patch.body?.length ?? 0) > 5 ? 'too long' : null) });
  h.saver.edit('note:1', { body: 'far too long' });
  await h.saver.flush('note:1');
  assert.equal(h.sent.length, 0);
  assert.deepEqual(h.saver.status('note:1'), { state: 'error', message: 'too long' });
  h.saver.edit('note:1', { body: 'ok' });
  const done = h.saver.flush('note:1');
  await h.tick();
  h.sent[0]!.settle();
  await done;
  assert.deepEqual(h.sent[0]!.patch, { body: 'ok' });
  assert.equal(h.saver.status('note:1').state, 'saved');
});

test('flushAll sends every note; notes are independent', async () => {
  const h = harness();
  h.saver.edit('note:1', { body: 'a' });
  h.saver.edit('note:2', { body: 'b' });
  const all = h.saver.flushAll();
  await h.tick();
  assert.deepEqual(h.sent.map((s) => s.id).sort(), ['note:1', 'note:2']);
  h.sent.forEach((s) => s.settle());
  await all;
  assert.equal(h.saver.hasUnsaved(), false);
});

test('saveNow reports a refusal without keeping the change for later', async () => {
  const h = harness();
  const result = h.saver.saveNow('note:1', { bookId: 'book:gone' });
  await h.tick();
  h.sent[0]!.settle(new Error('That notebook no longer exists. Pick another notebook.'));
  assert.equal(await result, null);
  assert.equal(h.saver.status('note:1').message, 'That notebook no longer exists. Pick another notebook.');
  assert.equal(h.saver.hasUnsaved('note:1'), false);
  const ok = h.saver.saveNow('note:1', { pinned: true });
  await h.tick();
  h.sent[1]!.settle();
  assert.ok(await ok);
  assert.equal(h.saver.status('note:1').state, 'saved');
});
