// What the database holds for a document, as revision trees: every leaf with
// its path of revisions. One metadata read per document: PouchDB's own
// _getRevisionTree (what its revsDiff uses) where the adapter has it, else
// the public get(open_revs: 'all'), which reads every leaf's body too.
import type { Database } from '../db/open-database';
import { isInHistory, type RevisionHistory } from '../db/revisions';
import { historyOf, leaves, pickWinner, type RevTreeRoot } from '../db/rev-tree';

export interface Leaf {
  rev: string;
  deleted: boolean;
  /** The leaf's revision and its ancestors, newest first. */
  history: RevisionHistory;
}

export interface LocalDoc {
  leaves: Leaf[];
  /** CouchDB's winner: a live leaf over a deleted one, then the higher generation, then the greater hash. */
  winner: Leaf;
}

function asLocal(tree: readonly RevTreeRoot[]): Leaf[] {
  return leaves(tree).map((leaf) => ({ rev: leaf.rev, deleted: leaf.deleted, history: historyOf(leaf) }));
}

type TreeReader = (id: string, callback: (error: unknown, tree?: RevTreeRoot[]) => void) => void;

/** Whether the database has this revision (as a leaf or as an ancestor of one). */
export const hasRevision = (local: LocalDoc, rev: string) => local.leaves.some((leaf) => isInHistory(rev, leaf.history));

async function viaOpenRevs(db: Database, id: string): Promise<Leaf[]> {
  try {
    const results = (await db.get(id, { open_revs: 'all', revs: true } as never)) as unknown as { ok?: { _rev: string; _deleted?: boolean; _revisions: RevisionHistory } }[];
    return results.flatMap((r) => (r.ok ? [{ rev: r.ok._rev, deleted: r.ok._deleted === true, history: r.ok._revisions }] : []));
  } catch (error) {
    if ((error as { status?: number }).status === 404) return [];
    throw error;
  }
}

/** The local state of each id (absent ids are not in the map). */
export async function readLocalDocs(db: Database, ids: readonly string[]): Promise<Map<string, LocalDoc>> {
  const reader = (db as unknown as { _getRevisionTree?: TreeReader })._getRevisionTree;
  const leavesFor = (id: string): Promise<Leaf[]> =>
    typeof reader === 'function'
      ? new Promise((resolve) => reader.call(db, id, (error, tree) => resolve(error || !tree ? [] : asLocal(tree))))
      : viaOpenRevs(db, id);
  const out = new Map<string, LocalDoc>();
  const all = await Promise.all(ids.map(leavesFor));
  ids.forEach((id, i) => {
    const found = all[i]!;
    if (found.length > 0) out.set(id, { leaves: found, winner: pickWinner(found)! });
  });
  return out;
}
