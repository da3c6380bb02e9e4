// The reading side of the backup: what changed in the database since a
// sequence, as the documents to mirror (each winning revision with its
// history and attachment bytes; for a deletion, the tombstone and the last
// live revision). Every batch is first read from the LevelDB store directly
// (read-stored.ts), which hands the documents it does not handle to
// loadDocs() here; a batch it turns down, and every database whose store it
// cannot reach, goes through PouchDB's changes feed (readFeedChanges).
import type { Database } from '../db/open-database';
import type { BackupAttachment, BackupDoc } from './mirror';
import { readStoredChanges } from './read-stored';
import type { RevisionHistory } from '../db/revisions';

export interface ChangeBatch {
  docs: BackupDoc[];
  /** The sequence to continue from. */
  lastSeq: number | string;
  /** Changes read (progress), including those that needed no file. */
  count: number;
}

/** A change as PouchDB's feed lists it; `doc` when the feed carried the document. */
export interface ChangeRow {
  id: string;
  deleted?: boolean;
  /** The winning revision first. */
  changes: { rev: string }[];
  doc?: unknown;
  /** Every leaf of the revision tree, when known: more than one means conflicts (or deleted branches) to back up too. */
  leaves?: string[];
}

type PouchAttachment = { content_type: string; digest?: string; data?: Uint8Array; stub?: boolean };
export type PouchDoc = Record<string, unknown> & {
  _id: string;
  _rev: string;
  _deleted?: boolean;
  _revisions?: RevisionHistory;
  _attachments?: Record<string, PouchAttachment>;
};

/** Databases already reported as read through PouchDB because their store read nothing (one line each in the log). */
const warnedStoreLayout = new WeakSet<Database>();

/**
 * Up to `limit` changes after `since`, ready to mirror; null when there are
 * none. `readStored` is the store reader (tests hand it one that finds
 * nothing, as it would if PouchDB's storage layout changed under it).
 */
export async function readChanges(
  db: Database,
  since: number | string,
  limit: number,
  readStored: typeof readStoredChanges = readStoredChanges,
): Promise<ChangeBatch | null> {
  const stored = await readStored(db, since, limit);
  if (stored === undefined) return readFeedChanges(db, since, limit);
  if (stored !== null) return stored;
  // Nothing in the store after `since`: right only if the database has no
  // change after it either. Its update sequence counts committed writes, so a
  // store read after it must see them; if it still reads nothing, the store is
  // not where the reader looks (PouchDB's layout changed?), and reporting "up to
  // date" would leave the folder behind without a word: PouchDB reads instead.
  const updateSeq = Number((await db.info()).update_seq);
  if (!(Number(since) < updateSeq)) return null;
  const again = await readStored(db, since, limit);
  if (again !== null) return again ?? readFeedChanges(db, since, limit);
  if (!warnedStoreLayout.has(db)) {
    warnedStoreLayout.add(db);
    console.warn("backup: the database's store could not be read directly (layout changed?); reading through PouchDB instead");
  }
  return readFeedChanges(db, since, limit);
}

/** The same through PouchDB's changes feed: for any database, and for what the store reader leaves to PouchDB. */
export async function readFeedChanges(db: Database, since: number | string, limit: number): Promise<ChangeBatch | null> {
  // The feed reads every document's body anyway (PouchDB's LevelDB adapter
  // walks the by-sequence store); with include_docs it hands it over instead
  // of loadDocs() reading it a second time.
  // all_docs: every leaf of each document's tree, so conflicts are seen; the winner is the document carried.
  const changes = await db.changes({ since, limit, style: 'all_docs', include_docs: true, attachments: true, binary: true });
  if (changes.results.length === 0) return null;
  const rows: ChangeRow[] = changes.results.map((c) => {
    const leaves = c.changes.map((x) => x.rev);
    const winner = (c.doc as PouchDoc | undefined)?._rev ?? leaves[0]!;
    return { ...c, changes: [{ rev: winner }], leaves };
  });
  return { docs: await loadDocs(db, rows), lastSeq: changes.last_seq, count: changes.results.length };
}

/**
 * The winning revision of each changed document, with its history and
 * attachment bytes. A change may carry its document (from the feed, with
 * attachments); then only the history is missing, and a first revision's
 * history is the revision itself.
 */
export async function loadDocs(db: Database, changes: ChangeRow[]): Promise<BackupDoc[]> {
  // Documents that may have more than one leaf are read whole, every leaf (withConflicts below).
  const branched = changes.filter((c) => !c.deleted && !c.id.startsWith('_design/') && (c.leaves === undefined || c.leaves.length > 1));
  const live = changes.filter((c) => !c.deleted && !c.id.startsWith('_design/') && !branched.includes(c));
  const deleted = changes.filter((c) => c.deleted && !c.id.startsWith('_design/'));
  const docs: BackupDoc[] = [];
  const carried = new Map<string, PouchDoc>();
  for (const c of live) {
    const doc = c.doc as PouchDoc | undefined;
    if (doc?._rev !== c.changes[0]!.rev) continue;
    const first = /^1-([^-]+)$/.exec(doc._rev);
    if (first) doc._revisions = { start: 1, ids: [first[1]!] };
    carried.set(c.id, doc);
  }
  // Histories of later revisions, without the bodies and attachments the feed gave.
  const needHistory = live.filter((c) => carried.get(c.id)?._revisions === undefined);
  const got = new Map<string, PouchDoc>();
  if (needHistory.length > 0) {
    const full = needHistory.filter((c) => !carried.has(c.id));
    const result = await db.bulkGet({
      docs: needHistory.map((c) => ({ id: c.id, rev: c.changes[0]!.rev })),
      revs: true,
      // Bytes only for documents the feed did not carry (refreshes).
      attachments: full.length > 0,
      binary: true,
    });
    for (const entry of result.results) {
      const ok = entry.docs.find((d): d is { ok: PouchDoc } => 'ok' in d);
      if (ok) got.set(entry.id, ok.ok);
    }
  }
  for (const c of live) {
    const fetched = got.get(c.id);
    const doc = carried.get(c.id);
    if (doc) {
      if (fetched) doc._revisions = fetched._revisions;
      if (doc._revisions) docs.push(toBackupDoc(doc));
    } else if (fetched) {
      docs.push(toBackupDoc(fetched));
    }
  }
  for (const change of branched) {
    const doc = await withConflicts(db, change.id, change.changes[0]!.rev);
    if (doc) docs.push(doc);
  }
  for (const change of deleted) {
    const tombstone = (await db.get(change.id, { rev: change.changes[0]!.rev, revs: true })) as unknown as PouchDoc;
    const item = toBackupDoc(tombstone);
    const history = tombstone._revisions;
    if (history && history.ids.length > 1) {
      try {
        const previous = await db.get(change.id, { rev: `${history.start - 1}-${history.ids[1]}`, revs: true, attachments: true, binary: true });
        item.previous = toBackupDoc(previous as unknown as PouchDoc);
      } catch {
        // Compacted away: the tombstone itself stands in for the last revision.
      }
    }
    docs.push(item);
  }
  return docs;
}

/**
 * A document with every leaf of its revision tree: the winner, and the other
 * leaves (conflicting edits, deleted branches) as its conflicts, each with its
 * history and attachment bytes. Null when it changed meanwhile so that the
 * winner is gone (the next change lists it again).
 */
async function withConflicts(db: Database, id: string, winnerRev: string): Promise<BackupDoc | null> {
  const leaves = await db.get(id, { open_revs: 'all', revs: true, attachments: true, binary: true });
  const docs = leaves.flatMap((leaf) => ('ok' in leaf ? [leaf.ok as unknown as PouchDoc] : []));
  const winner = docs.find((d) => d._rev === winnerRev) ?? null;
  if (!winner || winner._deleted) return null;
  const item = toBackupDoc(winner);
  const others = docs.filter((d) => d !== winner).sort((a, b) => (a._rev < b._rev ? -1 : 1));
  if (others.length > 0) item.conflicts = others.map(toBackupDoc);
  return item;
}

/** A document as PouchDB returns it, split into its JSON and its attachments' bytes. */
export function toBackupDoc(doc: PouchDoc): BackupDoc {
  const { _attachments, ...rest } = doc;
  const attachments: BackupAttachment[] = [];
  for (const [name, a] of Object.entries(_attachments ?? {})) {
    if (!a.data) continue;
    // A copy in a fresh buffer: PouchDB's Buffers may share a pool that must not be transferred to a worker.
    attachments.push({ name, contentType: a.content_type, digest: a.digest, data: new Uint8Array(a.data) });
  }
  return { doc: rest as BackupDoc['doc'], attachments };
}
