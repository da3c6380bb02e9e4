// The reader thread's hand-off, on real message ports and real worker
// threads: a chunk structured clone refuses while sending, or that the main
// thread cannot read (its stack is smaller than a worker's, so a deeply
// nested value a worker can send overflows it: the message is dropped and
// only a 'messageerror' event tells), loses no item: each is received, or
// listed as skipped with the reason. The wait for the reader ends on its
// exit, its closed channel and on the abort signal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { ItemSender, receiveItems } from './hand-off';
import type { ReadItem } from './read-docs';
import type { ParsedDoc } from './parse-doc';

const here = path.dirname(fileURLToPath(import.meta.url));
const TIMEOUT = { timeout: 30_000 };

const docItem = (n: number, extra: Record<string, unknown> = {}): ReadItem => ({
  kind: 'doc',
  rel: `data/note/n${n}.json`,
  bytes: 100,
  doc: { id: `note:n${n}`, type: 'note', rev: '1-a', history: { start: 1, ids: ['a'] }, fields: { _id: `note:n${n}`, title: `n${n}`, ...extra }, attachments: [], deleted: false, conflicts: [] } as ParsedDoc,
});
const nested = (depth: number) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown;

async function collect(items: AsyncIterable<ReadItem>): Promise<ReadItem[]> {
  const out: ReadItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const summary = (items: ReadItem[]) =>
  items.map((i) => (i.kind === 'doc' ? i.rel : i.kind === 'skip' ? `skip ${i.path}` : 'deleted')).sort();

/** What happens to `value` sent over a fresh channel in this thread: sent, refused while sending, or lost while receiving. */
function probe(value: unknown): Promise<'message' | 'messageerror' | 'threw'> {
  const { port1, port2 } = new MessageChannel();
  return new Promise<'message' | 'messageerror' | 'threw'>((resolve) => {
    port2.once('message', () => resolve('message'));
    port2.once('messageerror', () => resolve('messageerror'));
    try {
      port1.postMessage(value);
    } catch {
      resolve('threw');
    }
  }).finally(() => {
    port1.close();
    port2.close();
  });
}

test('a chunk structured clone refuses is sent item by item; the item that cannot be sent is listed with the reason', TIMEOUT, async () => {
  const { port1, port2 } = new MessageChannel();
  try {
    const sender = new ItemSender(port1, 4);
    const received = collect(receiveItems(port2));
    // A function cannot be cloned: postMessage throws DataCloneError for the whole chunk.
    await sender.send([docItem(1), docItem(2, { bad: () => 1 }), docItem(3)], 300);
    await sender.send([docItem(4)], 100);
    await sender.finish(0);
    const items = await received;
    assert.deepEqual(summary(items), ['data/note/n1.json', 'data/note/n3.json', 'data/note/n4.json', 'skip data/note/n2.json']);
    const skipped = items.find((i) => i.kind === 'skip');
    assert.match(skipped!.kind === 'skip' ? skipped!.reason : '', /could not be handed over from the reader thread \(DataCloneError: .*could not be cloned/);
  } finally {
    port1.close();
    port2.close();
  }
});

test('a message the receiving side cannot read (messageerror) is sent again item by item; what is lost again is listed', TIMEOUT, async () => {
  // Find a nesting this thread can send but not receive (the receiving end uses more stack).
  let depth = 0;
  for (let d = 1000; d <= 20_000 && depth === 0; d += 250) {
    const outcome = await probe(nested(d));
    if (outcome === 'messageerror') depth = d;
    else if (outcome === 'threw') break;
  }
  if (depth === 0) return assert.fail('no nesting depth makes a message unreadable here: the messageerror path cannot be tested');
  const { port1, port2 } = new MessageChannel();
  try {
    const sender = new ItemSender(port1, 2);
    const received = collect(receiveItems(port2));
    const chunks: ReadItem[][] = [];
    for (let c = 0; c < 6; c++) chunks.push(Array.from({ length: 10 }, (_, i) => docItem(c * 10 + i, i === 3 ? { deep: nested(depth) } : {})));
    for (const chunk of chunks) await sender.send(chunk, 1000);
    await sender.finish(0);
    const items = await received;
    const expected = chunks.flat().map((i) => (i.kind === 'doc' && 'deep' in i.doc.fields ? `skip ${i.rel}` : (i as { rel: string }).rel)).sort();
    assert.deepEqual(summary(items), expected);
    for (const item of items) if (item.kind === 'skip') assert.match(item.reason, /could not be handed over from the reader thread \(RangeError: Maximum call stack size exceeded\)/);
  } finally {
    port1.close();
    port2.close();
  }
});

/** A real worker thread running the real ItemSender (bundled, as start-worker.ts does for the reader), sending `script`'s items. */
function senderWorker(script: string): Worker {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const built = esbuild.buildSync({
    stdin: {
      contents: `import { parentPort } from 'node:worker_threads';\nimport { ItemSender } from './hand-off';\n${script}`,
      resolveDir: here,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
  });
  return new Worker(built.outputFiles[0]!.text, { eval: true });
}

test('across threads: a document nested thousands of levels deep costs only itself; the restore neither loses its chunk nor waits forever', TIMEOUT, async () => {
  // The bug this fixes: the reader thread (4 MB of stack) could send a chunk the main thread could not
  // read; the chunk was dropped without a word, and once `window` chunks were lost the reader waited for
  // credit forever. 700 documents, 20 of them nested 3,000 deep, a window of 4 chunks of 35.
  const worker = senderWorker(`
    const sender = new ItemSender(parentPort, 4);
    const deep = (d) => JSON.parse('{"a":'.repeat(d) + '1' + '}'.repeat(d));
    const doc = (n) => ({ kind: 'doc', rel: 'data/note/n' + n + '.json', bytes: 10, doc: { id: 'note:n' + n, fields: n % 35 === 7 ? { deep: deep(3000) } : { title: 'n' + n } } });
    (async () => {
      for (let c = 0; c < 20; c++) await sender.send(Array.from({ length: 35 }, (_, i) => doc(c * 35 + i)), 350);
      await sender.finish(1);
    })().catch((error) => sender.fail(error));
  `);
  try {
    let peak = 0;
    const items = await collect(receiveItems(worker, { onDone: (p) => (peak = p) }));
    assert.equal(peak, 1, 'the end was reported');
    const skipped = items.filter((i) => i.kind === 'skip');
    assert.equal(items.length, 700);
    assert.deepEqual(skipped.map((s) => (s.kind === 'skip' ? s.path : '')).sort(), Array.from({ length: 20 }, (_, c) => `data/note/n${c * 35 + 7}.json`).sort());
    for (const s of skipped) assert.match(s.kind === 'skip' ? s.reason : '', /could not be handed over from the reader thread \(RangeError: Maximum call stack size exceeded\)/);
    assert.equal(new Set(items.map((i) => (i.kind === 'doc' ? i.rel : i.kind === 'skip' ? i.path : ''))).size, 700, 'each item once');
  } finally {
    await worker.terminate();
  }
});

test('across threads: a value the reader cannot even send is listed, the rest of its chunk arrives', TIMEOUT, async () => {
  const worker = senderWorker(`
    const sender = new ItemSender(parentPort, 4);
    const doc = (n, fields) => ({ kind: 'doc', rel: 'data/note/n' + n + '.json', bytes: 10, doc: { id: 'note:n' + n, fields } });
    (async () => {
      await sender.send([doc(1, { title: 'a' }), doc(2, { title: 'b', f: Symbol('x') }), doc(3, { title: 'c' })], 30);
      await sender.finish(0);
    })().catch((error) => sender.fail(error));
  `);
  try {
    const items = await collect(receiveItems(worker));
    assert.deepEqual(summary(items), ['data/note/n1.json', 'data/note/n3.json', 'skip data/note/n2.json']);
    const skipped = items.find((i) => i.kind === 'skip') as { reason: string };
    assert.match(skipped.reason, /could not be handed over from the reader thread \(DataCloneError: /);
  } finally {
    await worker.terminate();
  }
});

test('a reader thread that exits or fails before its end ends the restore with an error, never a wait', TIMEOUT, async () => {
  const exits = new Worker(`require('node:worker_threads').parentPort.postMessage({ type: 'items', seq: 0, items: [] }); process.exit(3);`, { eval: true });
  await assert.rejects(collect(receiveItems(exits)), /reader thread stopped before its end \(exit code 3\)/);
  await exits.terminate();
  const throws = new Worker(`throw new Error('the disk is on fire')`, { eval: true });
  await assert.rejects(collect(receiveItems(throws)), /the disk is on fire/);
  await throws.terminate();
  const reports = senderWorker(`new ItemSender(parentPort, 4).fail(new Error('cannot read data/'));`);
  await assert.rejects(collect(receiveItems(reports)), /reading the backup folder failed: Error: cannot read data\//);
  await reports.terminate();
  // The other end of a channel closed: the same.
  const { port1, port2 } = new MessageChannel();
  const closed = assert.rejects(collect(receiveItems(port2)), /closed its channel before its end/);
  port1.close();
  await closed;
});

test('aborting ends the wait for a reader that sends nothing', TIMEOUT, async () => {
  const { port1, port2 } = new MessageChannel();
  try {
    const controller = new AbortController();
    const items = receiveItems(port2, { signal: controller.signal });
    const next = items.next();
    await new Promise((resolve) => setImmediate(resolve)); // the receiver is now waiting for a message that will not come
    controller.abort();
    assert.deepEqual(await next, { done: true, value: undefined });
  } finally {
    port1.close();
    port2.close();
  }
});
