// Every object some snapshots reach, each read once, in the order the objects
// lie in the packs. Walked tree by tree (verify's attribution walk, prune's
// first version of this), each object was a read of its own somewhere else
// in a pack: 227,000 reads were a quarter of a verify of the bench's store,
// and the same again of a prune (issue 14). Here the objects of a level are
// read 16,384 at a time in pack order, so one read of a pack's window serves
// dozens, and the delta bases just read are still in the pack's cache.
import { isTree, parseCommit, parseTree, type GitObject } from './git-objects';
import { ObjectError } from './pack';
import { READ_IN_PACK_ORDER } from './snapshot-items';
import type { ObjectStore } from './store';

type Kind = 'commit' | 'tree' | 'blob';

export interface ReachableOptions {
  /** Read (and so check) the blobs too; without, a blob is only listed as reached. */
  readBlobs: boolean;
  /** Each object reached, once: what was read (its hash checked), or why it could not be. Blobs not read get neither. */
  visit?: (oid: string, read: GitObject | ObjectError | null) => void;
  /** Objects read at a time in pack order (tests make it small); by default as many as a restore reads a snapshot's documents. */
  batch?: number;
  /**
   * A commit or tree whose bytes are whole but cannot be parsed: reported
   * to `visit` (verify) when true; otherwise thrown (prune, which must not
   * take what lies below it for unneeded).
   */
  reportUnparsable?: boolean;
}

/**
 * Every object the commits `roots` reach (the commits included). An object
 * that cannot be read (missing, damaged) reaches nothing further; `visit` is
 * told why. So does a commit or tree that cannot be parsed, with
 * `reportUnparsable`; without, that is thrown.
 */
export function reachableFrom(store: ObjectStore, roots: Iterable<string>, options: ReachableOptions): Set<string> {
  const reached = new Set<string>();
  let queue: { oid: string; kind: Kind }[] = [];
  const reach = (oid: string, kind: Kind) => {
    if (reached.has(oid)) return;
    reached.add(oid);
    if (kind === 'blob' && !options.readBlobs) options.visit?.(oid, null);
    else queue.push({ oid, kind });
  };
  for (const oid of roots) reach(oid, 'commit');
  const size = options.batch ?? READ_IN_PACK_ORDER;
  while (queue.length > 0) {
    const batch = queue.length > size ? queue.slice(0, size) : queue;
    queue = batch === queue ? [] : queue.slice(size);
    const placed = batch.map((item) => ({ ...item, place: store.placeOf(item.oid) })).sort((a, b) => a.place - b.place);
    for (const { oid, kind, place } of placed) {
      let object: GitObject;
      try {
        object = store.readPlaced(oid, place);
      } catch (error) {
        if (!(error instanceof ObjectError)) throw error;
        options.visit?.(oid, error);
        continue;
      }
      try {
        if (kind === 'commit') reach(parseCommit(object.data).tree, 'tree');
        else if (kind === 'tree') for (const e of parseTree(object.data)) reach(e.oid, isTree(e) ? 'tree' : 'blob');
      } catch (error) {
        if (!options.reportUnparsable) throw error;
        options.visit?.(oid, new ObjectError(oid, `${kind} object cannot be read: ${(error as Error).message}`));
        continue;
      }
      options.visit?.(oid, object);
    }
  }
  return reached;
}
