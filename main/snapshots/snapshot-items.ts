// A snapshot's documents as restore reads a backup folder's (ReadItem): each
// document file of the data tree parsed and checked as restore parses a
// folder's file, its attachments taken from the files beside it in the tree;
// a document whose objects are damaged, or whose file restore would refuse,
// is a skip (`<snapshot>:data/<entry>`). Read in restore's reader thread
// (restore-reader.worker.ts) or, where no thread can start, on the caller's.
import { SkipError } from '../backup-format/index';
import { parseDocFile, type ParsedRevision } from '../restore/parse-doc';
import type { ReadItem } from '../restore/read-docs';
import { isTree, type TreeEntry } from './git-objects';
import { ObjectError } from './pack';
import type { ObjectStore } from './store';
import { DATA_TREE, DELETED_TREE, DOC_FILE, treeOf, walkEntries, type DamagedTree } from './snapshots';

/** A document entry of the data tree: its file's bytes and the files beside it. */
function readDocEntry(store: ObjectStore, entry: TreeEntry, place: number): { json: Buffer; files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  if (!isTree(entry)) return { json: store.readPlaced(entry.oid, place).data, files };
  const entries = treeOf(entry.oid, store.readPlaced(entry.oid, place));
  const doc = entries.find((e) => e.name === DOC_FILE);
  if (!doc) throw new ObjectError(entry.oid, `document tree without ${DOC_FILE}`);
  for (const e of entries) if (e !== doc) files.set(e.name, store.read(e.oid).data);
  return { json: store.read(doc.oid).data, files };
}

/** Each attachment a revision names as a file beside it gets that file's bytes from the tree. */
function attachFiles(revision: ParsedRevision, files: Map<string, Buffer>): number {
  let bytes = 0;
  for (const ref of revision.attachments) {
    if (ref.path === undefined) continue;
    const data = files.get(ref.path);
    if (!data) throw new SkipError(`attachment ${JSON.stringify(ref.name)}: its file ${ref.path} is not in the snapshot`);
    ref.bytes = data;
    bytes += data.length;
  }
  return bytes;
}

/**
 * Documents read at a time in the order they lie in the store's packs (the
 * trees list them by a hash of their ids): read in tree order, a restore of
 * the corpus's snapshot made 63,000 reads of a kilobyte or so, each somewhere
 * else in the pack (issue 14). 16,384 at a time, a document every kilobyte
 * or two of a pack, so that one 64 KB read serves dozens (4,096 at a time
 * left them far enough apart that most reads served one). Bounded, so the
 * list held stays small (about 2 MB) at any size of database.
 */
export const READ_IN_PACK_ORDER = 16384;

export function* snapshotItems(store: ObjectStore, snapshot: { id: string; tree: string }): Generator<ReadItem> {
  let batch: { entry: TreeEntry; place: number }[] = [];
  function* readBatch(): Generator<ReadItem> {
    batch.sort((a, b) => a.place - b.place);
    for (const { entry, place } of batch) yield readItem(store, snapshot.id, entry, place);
    batch = [];
  }
  // A fan-out tree that cannot be read: the documents under it are skipped (named by their hashes' prefix), the others restored.
  const damaged: DamagedTree[] = [];
  for (const { section, entry } of walkEntries(store, snapshot.tree, (d) => damaged.push(d))) {
    for (const d of damaged.splice(0)) yield damagedTreeSkip(snapshot.id, d);
    if (section === DELETED_TREE) {
      yield { kind: 'deleted', inSnapshot: true };
      continue;
    }
    batch.push({ entry, place: store.placeOf(entry.oid) });
    if (batch.length >= READ_IN_PACK_ORDER) yield* readBatch();
  }
  yield* readBatch();
  for (const d of damaged) yield damagedTreeSkip(snapshot.id, d);
}

function damagedTreeSkip(snapshotId: string, d: DamagedTree): ReadItem {
  return { kind: 'skip', path: `${snapshotId}:${d.section}/${d.prefix}*`, reason: `the documents under this part of the snapshot cannot be read: ${d.reason}` };
}


function readItem(store: ObjectStore, snapshotId: string, entry: TreeEntry, place: number): ReadItem {
  const rel = `${snapshotId}:${DATA_TREE}/${entry.name}`;
  try {
    const { json, files } = readDocEntry(store, entry, place);
    const doc = parseDocFile(json, null);
    if (doc.deleted) return { kind: 'deleted' };
    let bytes = json.length + attachFiles(doc, files);
    for (const c of doc.conflicts) bytes += attachFiles(c, files);
    return { kind: 'doc', rel, doc, bytes };
  } catch (error) {
    if (error instanceof ObjectError || error instanceof SkipError) return { kind: 'skip', path: rel, reason: error instanceof SkipError ? error.reason : error.message };
    throw error;
  }
}
