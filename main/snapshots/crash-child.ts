// The process crash.test.ts kills: it edits a database and takes snapshots
// (and every third time prunes the store) in a loop until it is SIGKILLed.
// Usage: node --import tsx crash-child.ts <db> <folder> <seed>
// Prints "ready" once the database is open. Its clock jumps back an hour now
// and then, as a computer's may.
import { openDatabase } from '../db/open-database';
import { ObjectStore, SnapshotStoreError, pruneStore, takeSnapshot } from './index';
import { mulberry32 } from '../testing/seeded-random';

const [dbPath, folder, seedText] = process.argv.slice(2) as [string, string, string];
/** Deterministic: a failing run can be repeated from its seed. */
const random = mulberry32(Number(seedText) || 1);
const pick = (n: number) => Math.floor(random() * n);
const DAY = 24 * 3600_000;

const db = openDatabase(dbPath);
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const ids = Array.from({ length: 4 }, () => `note:n${pick(60)}`);
  for (const id of new Set(ids)) {
    const doc = (await db.get(id).catch(() => null)) as (Record<string, unknown> & { _id: string; _rev: string; body?: string }) | null;
    if (!doc) continue;
    const roll = random();
    if (roll < 0.1) await db.remove(doc._id, doc._rev);
    else await db.put({ ...doc, body: `${(doc.body ?? '').slice(0, 3000)}\nedit ${i} ${roll}`, updatedAt: Date.now() });
  }
  const gone = await db.get(`note:n${pick(60)}`).then(() => null, (e: { status?: number }) => e);
  if (gone?.status === 404 && random() < 0.5) {
    // A deleted note comes back (PouchDB makes a new revision on the tombstone).
    await db.put({ _id: `note:r${seedText}-${i}`, title: 'back', body: 'again', bookId: 'book:b1', tags: [], createdAt: 1, updatedAt: 1 });
  }
  if (random() < 0.2) {
    const file = (await db.get('file:f0')) as Record<string, unknown> & { _id: string };
    const bytes = Buffer.alloc(3000 + pick(2000), i % 251);
    await db.put({ ...file, contentLength: bytes.length, _attachments: { index: { content_type: 'image/png', data: bytes.toString('base64') } } });
  }
  const jump = random() < 0.15 ? -3600_000 : 0;
  try {
    await takeSnapshot(db, folder, { now: new Date(Date.now() + jump) });
  } catch (error) {
    // Another process pruned an object this snapshot was reusing: it is refused whole, and the next one is taken.
    if (!(error instanceof SnapshotStoreError)) throw error;
  }
  if (process.env.CRASH_CHILD_LOG) process.stdout.write(`snapshot ${i}\n`);
  if (i % 3 === 2) {
    const store = ObjectStore.open(folder, { create: false })!;
    try {
      // Three days on, with a 2-second grace period: snapshots thinned to one an hour, packs marked and swept within the run.
      pruneStore(store, { now: new Date(Date.now() + 3 * DAY), graceMs: 2000 });
    } finally {
      store.close();
    }
  }
}
