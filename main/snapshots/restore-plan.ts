// Restore to a snapshot (Preferences › Backup › Snapshots › Restore to…): what
// it will do, and doing it.
//
// restoreSnapshot (maintenance.ts) merges like a replication: it brings in
// what this database lacks and keeps both sides of a concurrent edit as a
// conflict, but a note edited, trashed or deleted here since the snapshot
// carries a newer revision, so a merge alone leaves it as it is now. To make
// "n notes changed back" true, each such document gets the snapshot's
// content written as a NEW edit on top of its current revision (a deleted
// one is recreated on top of its tombstone), through DocumentStore like any
// edit: it syncs, is backed up, and the version it replaced stays in the
// note's history. Notebooks and tags the notes need are changed back and
// brought back the same way (not counted: the dialog counts notes).
import { getOrNull } from '../db/get-or-null';
import type { Database } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { NotesService } from '../notes/notes-service';
import { TRASH_BOOK_ID } from '../../shared/schema';
import { conflictRevs } from '../backup-format/index';
import type { SnapshotRestoreOutcome, SnapshotRestorePlan } from '../../shared/contract/snapshot-requests';
import { ObjectError } from './pack';
import type { ObjectStore } from './store';
import { DATA_TREE, docKey, findInSection, readEntry, treeCache, walkEntries, type Section, type SnapshotDoc, type SnapshotInfo } from './snapshots';
import type { TreeEntry } from './git-objects';
import { restoreSnapshot } from './restore-tree';

const EXAMPLES = 20;
const CHUNK = 500;
const WRITE_BATCH = 250;
/** Fields compared to decide a document differs from the snapshot's (what the user sees of it). */
const COMPARED: Record<string, string[]> = {
  note: ['title', 'body', 'bookId', 'tags', 'status', 'pinned'],
  book: ['name', 'parentBookId'],
  tag: ['name', 'color'],
  file: [],
};

type Kind = 'changedBack' | 'broughtBack';
interface Planned {
  id: string;
  kind: Kind;
  doc: SnapshotDoc;
}

export interface RestorePlanDetail {
  counts: Omit<SnapshotRestorePlan, 'snapshot'>;
  changes: Planned[];
  createdSince: string[];
  unreadable: { id: string; reason: string }[];
  /** Revisions in the snapshot this database does not have (0: a merge would change nothing). */
  missingRevisions: number;
}

type Current = Record<string, unknown> & { _id: string; _rev: string };

const typeOf = (id: string) => id.slice(0, id.indexOf(':'));
const titleOf = (doc: Record<string, unknown>) => (typeof doc.title === 'string' && doc.title.trim() ? doc.title.trim() : 'Untitled');

/** The current documents of these ids: the live ones; null for deleted or missing. */
async function currentDocs(db: Database, ids: string[]): Promise<Map<string, Current | null>> {
  const out = new Map<string, Current | null>();
  if (ids.length === 0) return out;
  const rows = (await db.allDocs({ keys: ids, include_docs: true })).rows as { key: string; doc?: Current | null }[];
  for (const row of rows) out.set(row.key, row.doc ?? null);
  return out;
}

function differs(type: string, now: Current, then: Record<string, unknown>): boolean {
  return (COMPARED[type] ?? []).some((field) => JSON.stringify(now[field] ?? null) !== JSON.stringify(then[field] ?? null));
}

/**
 * The snapshot's live documents to compare. For this installation's own
 * snapshot only those changed since its sequence can differ now (it was this
 * database as of that sequence), so only they are read: a restore to a
 * recent snapshot of a large database reads a few documents, not all.
 */
function* toCompare(store: ObjectStore, snapshot: SnapshotInfo, changedSince: string[] | null, onDamaged: (prefix: string, reason: string) => void): Generator<{ section: Section; entry: TreeEntry }> {
  if (changedSince === null) {
    yield* walkEntries(store, snapshot.tree, (d) => {
      if (d.section === DATA_TREE) onDamaged(d.prefix, d.reason);
    });
    return;
  }
  // Trees parsed once: thousands of ids share the root, the section and the fan-out trees.
  const tree = treeCache(store);
  const data = tree(snapshot.tree).find((e) => e.name === DATA_TREE);
  if (!data) return;
  for (const id of changedSince) {
    const { hash } = docKey(id);
    let entry: TreeEntry | null;
    try {
      entry = findInSection(tree, data.oid, hash);
    } catch (error) {
      if (!(error instanceof ObjectError)) throw error;
      onDamaged(hash, error.message);
      continue;
    }
    if (entry) yield { section: DATA_TREE, entry };
  }
}

/** Compares the snapshot's documents with the database's: what a restore to it changes back, brings back, and finds created since. */
export async function planSnapshotRestore(db: Database, store: ObjectStore, snapshot: SnapshotInfo, options: { own?: boolean } = {}): Promise<RestorePlanDetail> {
  let changedSince: string[] | null = null;
  if (options.own) {
    const feed = await db.changes({ since: snapshot.seq, style: 'main_only' });
    changedSince = feed.results.map((r) => r.id).filter((id) => typeOf(id) in COMPARED);
  }
  const changes: Planned[] = [];
  const unreadable: { id: string; reason: string }[] = [];
  const inSnapshot = new Set<string>();
  let chunk: SnapshotDoc[] = [];
  let missingRevisions = 0;
  const settle = async () => {
    const current = await currentDocs(db, chunk.map((d) => d.json._id));
    // Revisions of the snapshot this database lacks: only they give restoreSnapshot's merge anything to do.
    const asked: Record<string, string[]> = {};
    for (const doc of chunk) asked[doc.json._id] = [doc.json._rev, ...conflictRevs(doc.json)].filter((r) => typeof r === 'string');
    if (chunk.length > 0) {
      const missing = (await db.revsDiff(asked)) as Record<string, { missing?: string[] }>;
      for (const m of Object.values(missing)) missingRevisions += m.missing?.length ?? 0;
    }
    for (const doc of chunk) {
      const id = doc.json._id;
      const type = typeOf(id);
      const now = current.get(id) ?? null;
      const wasTrashed = type === 'note' && doc.json.bookId === TRASH_BOOK_ID;
      if (!now) changes.push({ id, kind: 'broughtBack', doc });
      else if (type === 'note' && now.bookId === TRASH_BOOK_ID && !wasTrashed) changes.push({ id, kind: 'broughtBack', doc });
      else if (differs(type, now, doc.json)) changes.push({ id, kind: 'changedBack', doc });
    }
    chunk = [];
  };
  // The hashes (or their prefixes, for a fan-out tree) of documents the snapshot holds but that cannot be read:
  // a note here with such an id is not "created since" (moved to the Trash by a restore), only unknown.
  const unknownHashes: string[] = [];
  const onDamaged = (prefix: string, reason: string) => {
    unknownHashes.push(prefix);
    unreadable.push({ id: `${DATA_TREE}/${prefix}*`, reason });
  };
  for (const { section, entry } of toCompare(store, snapshot, changedSince, onDamaged)) {
    if (section !== DATA_TREE) continue;
    let doc: SnapshotDoc;
    try {
      doc = readEntry(store, section, entry);
    } catch (error) {
      if (!(error instanceof ObjectError)) throw error;
      unreadable.push({ id: `${DATA_TREE}/${entry.name}`, reason: error.message });
      unknownHashes.push(entry.name.replace(/\.json$/, ''));
      continue;
    }
    const id = doc.json._id;
    if (typeof id !== 'string' || !(typeOf(id) in COMPARED)) continue;
    inSnapshot.add(id);
    // Attachments are compared by the file document's revision alone: only a file gone since is brought back.
    chunk.push(doc);
    if (chunk.length >= CHUNK) await settle();
  }
  await settle();
  const createdSince: string[] = [];
  const createdTitles: string[] = [];
  const changedNotes = changedSince?.filter((id) => typeOf(id) === 'note') ?? [];
  const notes = !changedSince
    ? await db.allDocs({ include_docs: true, startkey: 'note:', endkey: 'note;', inclusive_end: false })
    : changedNotes.length > 0 ? await db.allDocs({ include_docs: true, keys: changedNotes }) : { rows: [] };
  for (const row of notes.rows) {
    const doc = row.doc as Current | undefined;
    if (!doc || inSnapshot.has(row.id) || doc.bookId === TRASH_BOOK_ID) continue;
    if (unknownHashes.length > 0 && unknownHashes.some((h) => docKey(row.id).hash.startsWith(h))) continue;
    createdSince.push(row.id);
    if (createdTitles.length < EXAMPLES) createdTitles.push(titleOf(doc));
  }
  const notesOf = (kind: Kind) => changes.filter((c) => c.kind === kind && typeOf(c.id) === 'note');
  return {
    counts: {
      changedBack: notesOf('changedBack').length,
      broughtBack: notesOf('broughtBack').length,
      createdSince: createdSince.length,
      examples: {
        changedBack: notesOf('changedBack').slice(0, EXAMPLES).map((c) => titleOf(c.doc.json)),
        broughtBack: notesOf('broughtBack').slice(0, EXAMPLES).map((c) => titleOf(c.doc.json)),
        createdSince: createdTitles,
      },
    },
    changes,
    createdSince,
    unreadable,
    missingRevisions,
  };
}

/** The revision a new edit goes on top of: the winner, or the deleted leaf a deleted document ends in; null if unknown here. */
export async function headRevision(db: Database, id: string): Promise<{ rev: string; deleted: boolean } | null> {
  const doc = await getOrNull<{ _rev: string }>(db, id);
  if (doc) return { rev: doc._rev, deleted: false };
  const leaves = (await db.get(id, { open_revs: 'all' }).catch(() => [])) as unknown as { ok?: { _rev: string; _deleted?: boolean } }[];
  const revs = leaves.flatMap((l) => (l.ok ? [l.ok._rev] : []));
  revs.sort((a, b) => Number(b.split('-')[0]) - Number(a.split('-')[0]) || (a < b ? 1 : -1));
  return revs[0] ? { rev: revs[0], deleted: true } : null;
}

/** A snapshot's document as a document to write: its fields (no revision bookkeeping) and its attachments' bytes. */
export function writableDoc(doc: SnapshotDoc): Record<string, unknown> & { _id: string } {
  const out: Record<string, unknown> & { _id: string } = { _id: doc.json._id };
  for (const [key, value] of Object.entries(doc.json)) if (!key.startsWith('_')) out[key] = value;
  const stubs = doc.json._attachments as Record<string, { content_type?: string; path?: string }> | undefined;
  if (stubs && Object.keys(stubs).length > 0) {
    const attachments: Record<string, { content_type: string; data: Buffer }> = {};
    for (const [name, stub] of Object.entries(stubs)) {
      const data = typeof stub.path === 'string' ? doc.files.get(stub.path) : undefined;
      if (!data) throw new ObjectError(doc.json._id, `attachment ${name} is missing from the snapshot`);
      attachments[name] = { content_type: stub.content_type ?? 'application/octet-stream', data };
    }
    out._attachments = attachments;
  }
  return out;
}

/** Writes `fields` as a new edit on top of the document's current revision (recreating it if deleted). Retries once on a concurrent edit. */
export async function writeOnTop(docs: DocumentStore, fields: Record<string, unknown> & { _id: string }): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const head = await headRevision(docs.db, fields._id);
    try {
      await docs.put(head ? { ...fields, _rev: head.rev } : fields);
      return;
    } catch (error) {
      if (attempt >= 2 || !/conflict/i.test((error as Error).message)) throw error;
    }
  }
}

const ORDER = ['book', 'tag', 'file', 'note'];

/**
 * Restores the database to `snapshot`: merged by restoreSnapshot (conflicts
 * kept), then every note, notebook, tag and file that differs from the
 * snapshot or is gone is written back as a new edit; notes created since go
 * to the Trash if asked. The caller takes the undo snapshot first.
 */
export async function restoreToSnapshot(
  db: Database,
  store: ObjectStore,
  snapshot: SnapshotInfo,
  options: { createdSince: 'keep' | 'trash'; now?: () => number; own?: boolean },
): Promise<Omit<SnapshotRestoreOutcome, 'undoSnapshot'> & { skipped: { id: string; reason: string }[] }> {
  const plan = await planSnapshotRestore(db, store, snapshot, { own: options.own === true });
  // The merge lays the whole snapshot out as a backup folder and reads it back (seconds on a large
  // database); when this database already has every revision the snapshot holds, it would change nothing.
  const merged = plan.missingRevisions > 0 ? await restoreSnapshot(db, store, snapshot) : { conflicts: 0, skipped: [] };
  const docs = new DocumentStore(db);
  const now = options.now ?? Date.now;
  const skipped = [...plan.unreadable];
  const done = { changedBack: 0, broughtBack: 0 };
  const ordered = [...plan.changes].sort((a, b) => ORDER.indexOf(typeOf(a.id)) - ORDER.indexOf(typeOf(b.id)));
  // In batches: one allDocs for the current revisions (a deleted document's row names its tombstone) and one
  // validated putMany; a batch refused as a whole (a concurrent edit, an invalid document) is written one by one.
  for (let i = 0; i < ordered.length; i += WRITE_BATCH) {
    const batch = ordered.slice(i, i + WRITE_BATCH);
    const rows = (await db.allDocs({ keys: batch.map((c) => c.id), include_docs: true })).rows as {
      key: string; value?: { rev: string }; doc?: Current | null; error?: string;
    }[];
    const writes: { change: Planned; fields: Record<string, unknown> & { _id: string } }[] = [];
    const counted: Planned[] = [];
    for (const [j, change] of batch.entries()) {
      let fields: Record<string, unknown> & { _id: string };
      try {
        fields = writableDoc(change.doc);
      } catch (error) {
        skipped.push({ id: change.id, reason: (error as Error).message });
        continue;
      }
      const row = rows[j]!;
      const current = row.doc ?? null;
      // The merge may already have brought it back as it was (a document new to this database).
      const same = current && !differs(typeOf(change.id), current, fields) && !(current.bookId === TRASH_BOOK_ID && fields.bookId !== TRASH_BOOK_ID);
      if (same) {
        counted.push(change);
        continue;
      }
      if (typeOf(change.id) === 'note') fields.updatedAt = now();
      writes.push({ change, fields: row.value?.rev ? { ...fields, _rev: row.value.rev } : fields });
    }
    try {
      await docs.putMany(writes.map((w) => w.fields));
      counted.push(...writes.map((w) => w.change));
    } catch {
      for (const { change, fields } of writes) {
        try {
          const { _rev: _ignored, ...rest } = fields;
          void _ignored;
          await writeOnTop(docs, rest as typeof fields);
          counted.push(change);
        } catch (error) {
          skipped.push({ id: change.id, reason: (error as Error).message });
        }
      }
    }
    for (const change of counted) if (typeOf(change.id) === 'note') done[change.kind]++;
  }
  let createdSinceTrashed = 0;
  if (options.createdSince === 'trash' && plan.createdSince.length > 0) {
    createdSinceTrashed = await new NotesService(docs, now).moveToTrash(plan.createdSince);
  }
  return { ...done, createdSinceTrashed, conflicts: merged.conflicts, skipped: [...skipped, ...merged.skipped.map((s) => ({ id: s.path, reason: s.reason }))] };
}
