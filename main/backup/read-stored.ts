// The backup's fast path for reading changes: straight from the LevelDB
// store under PouchDB (main/db/pouchdb-layout.ts), a batch of sequence
// entries in one iterator trip and their metadata and attachment bytes in
// one getMany each, instead of PouchDB's stream of single reads. The first
// copy of a large database spent most of its time waiting for those reads
// behind its own fsyncs in Node's thread pool (docs/benchmarks.md).
//
// Only the common case is read here: a live document whose latest stored
// body is its winning revision. The rest (deletions, a conflict whose losing
// branch was written last, attachment bytes not found) is read through
// PouchDB's own get (loadDocs), and a batch holding anything unexpected (an
// entry that is not JSON, a store closed meanwhile) through its changes feed,
// so what PouchDB would return is what the backup writes; read-stored.test.ts
// compares the two on a database with all of these.
import type { Database } from '../db/open-database';
import { levelStoreAt, type LevelStore } from '../db/level-store';
import { AFTER_LAST_SEQ, BINARY_STORE, BY_SEQ, DOC_STORE, seqKey, type StoredMetadata } from '../db/pouchdb-layout';
import { historyOf, leafOf, leaves, winningLeaf } from '../db/rev-tree';
import type { BackupDoc } from './mirror';
import { loadDocs, toBackupDoc, type ChangeBatch, type ChangeRow, type PouchDoc } from './read-changes';

/**
 * Attachment bytes per batch of documents read here: a batch ends early
 * rather than hold more (a hundred 10 MiB images would be a gigabyte in
 * memory here and in the worker). A single document larger than this still
 * makes a batch of its own. What PouchDB reads (above) is not counted.
 */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

type StoredDoc = PouchDoc & { _attachments?: Record<string, { content_type: string; digest?: string; length?: number; stub?: boolean; data?: Uint8Array }> };

interface StoredBatch {
  docs: BackupDoc[];
  /** Changes PouchDB must read. */
  viaPouch: ChangeRow[];
  lastSeq: number;
  count: number;
}

/**
 * A document's by-sequence entry without its metadata in document-store.
 * PouchDB's changes feed throws out of a callback on it, taking the process
 * down; here it stops the pass with a reason instead (the backup's status
 * shows it and retries; Help › Salvage reads such a database).
 */
export class DamagedDatabaseError extends Error {
  override name = 'DamagedDatabaseError';
}

/**
 * Up to `limit` changes after `since` (null when there are none), or
 * undefined when this database's store cannot be read directly: then the
 * caller asks PouchDB.
 */
export async function readStoredChanges(
  db: Database,
  since: number | string,
  limit: number,
  maxBytes = MAX_BATCH_BYTES,
): Promise<ChangeBatch | null | undefined> {
  const store = levelStoreAt(db.name);
  const from = Number(since);
  // PouchDB reads "no limit" into 0 or Infinity; LevelDB would read nothing.
  if (!store || !Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(limit) || limit < 1) return undefined;
  let batch: StoredBatch | null | undefined;
  try {
    batch = await readBatch(store, from, limit, maxBytes);
  } catch (error) {
    if (error instanceof DamagedDatabaseError) throw error;
    // A store closed meanwhile, an entry that is not JSON: PouchDB reads this batch, and reports what is wrong.
    return undefined;
  }
  if (!batch) return batch;
  const { docs, viaPouch, lastSeq, count } = batch;
  if (viaPouch.length > 0) docs.push(...(await loadDocs(db, viaPouch)));
  return { docs, lastSeq, count };
}

/** One batch from the store: null at the end, undefined when it holds something only PouchDB should judge. */
async function readBatch(store: LevelStore, from: number, limit: number, maxBytes: number): Promise<StoredBatch | null | undefined> {
  const entries = await store.range(seqKey(from), AFTER_LAST_SEQ, limit);
  if (entries.length === 0) return null;
  const bodies = entries.map((e) => ({ seq: Number(e.key.slice(BY_SEQ.length)), body: JSON.parse(e.value) as StoredDoc }));
  if (bodies.some((b) => typeof b.body._id !== 'string' || typeof b.body._rev !== 'string')) return undefined;
  const ids = [...new Set(bodies.map((b) => b.body._id))];
  const metadata = new Map<string, StoredMetadata>();
  (await store.getMany(ids.map((id) => `${DOC_STORE}${id}`))).forEach((value, i) => {
    if (value !== undefined) metadata.set(ids[i]!, JSON.parse(value) as StoredMetadata);
  });

  const ready: StoredDoc[] = [];
  const viaPouch: ChangeRow[] = [];
  let bytes = 0;
  let end = bodies.length;
  for (const [index, { seq, body }] of bodies.entries()) {
    const meta = metadata.get(body._id);
    if (!meta) throw new DamagedDatabaseError(`the database is damaged: ${JSON.stringify(body._id)} has revisions but no entry in its index (Help › Salvage Data from Local Database… gets the notes out)`);
    if (typeof meta.seq !== 'number' || !Array.isArray(meta.rev_tree)) return undefined;
    // The document changed again later: its later entry stands for it, as in PouchDB's feed.
    if (meta.seq !== seq || body._id.startsWith('_design/')) continue;
    const winner = meta.winningRev ?? winningLeaf(meta.rev_tree)?.rev;
    if (!winner) return undefined;
    const winnerLeaf = leafOf(meta.rev_tree, winner);
    // As PouchDB's isDeleted(): metadata written by older versions has no flag, the tree says.
    const deleted = typeof meta.deleted === 'boolean' ? meta.deleted : winnerLeaf?.deleted === true;
    const allLeaves = leaves(meta.rev_tree).map((l) => l.rev);
    // A document with conflicts (or deleted branches) is read by PouchDB, every leaf.
    const leaf = winner === body._rev && !deleted && body._deleted !== true && allLeaves.length === 1 ? winnerLeaf : null;
    if (!leaf) {
      viaPouch.push({ id: body._id, deleted, changes: [{ rev: winner }], leaves: allLeaves });
      continue;
    }
    const size = Object.values(body._attachments ?? {}).reduce((sum, a) => sum + (a.length ?? 0), 0);
    if (ready.length > 0 && bytes + size > maxBytes) {
      end = index;
      break;
    }
    bytes += size;
    body._revisions = historyOf(leaf);
    ready.push(body);
  }

  const digests = [...new Set(ready.flatMap((doc) => Object.values(doc._attachments ?? {}).map((a) => a.digest ?? '')))];
  const stored = new Map<string, Buffer | undefined>();
  if (digests.length > 0) {
    (await store.getManyBytes(digests.map((d) => `${BINARY_STORE}${d}`))).forEach((value, i) => stored.set(digests[i]!, value));
  }
  const docs: BackupDoc[] = [];
  for (const doc of ready) {
    const attachments = Object.values(doc._attachments ?? {});
    // An empty attachment has no bytes stored; any other without them is PouchDB's to explain.
    if (attachments.some((a) => !a.digest || (stored.get(a.digest) === undefined && a.length !== 0))) {
      viaPouch.push({ id: doc._id, changes: [{ rev: doc._rev }], leaves: [doc._rev] });
      continue;
    }
    for (const a of attachments) a.data = stored.get(a.digest!) ?? new Uint8Array(0);
    docs.push(toBackupDoc(doc));
  }
  return { docs, viaPouch, lastSeq: bodies[end - 1]!.seq, count: end };
}
