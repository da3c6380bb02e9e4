// What the database holds for a document, as revision trees: every leaf with
// its path of revisions. One metadata read per document: PouchDB's own
// _getRevisionTree (what its revsDiff uses) where the adapter has it, else
// the public get(open_revs: 'all'), which reads every leaf's body too.
import type { Database } from '../db/open-database';
import { compareRevs, isInHistory, type RevisionHistory } from '../backup/revisions';

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

type RevNode = [hash: string, opts: { deleted?: boolean }, children: RevNode[]];
type RevTree = { pos: number; ids: RevNode }[];
type TreeReader = (id: string, callback: (error: unknown, tree?: RevTree) => void) => void;

function leavesOf(tree: RevTree): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (node: RevNode, pos: number, path: string[]) => {
    const [hash, opts, children] = node;
    const here = [hash, ...path];
    if (children.length === 0) leaves.push({ rev: `${pos}-${hash}`, deleted: opts?.deleted === true, history: { start: pos, ids: here } });
    for (const child of children) visit(child, pos + 1, here);
  };
  for (const root of tree) visit(root.ids, root.pos, []);
  return leaves;
}

function winnerOf(leaves: Leaf[]): Leaf {
  return leaves.reduce((best, leaf) => {
    if (best.deleted !== leaf.deleted) return best.deleted ? leaf : best;
    return compareRevs(leaf.rev, best.rev) > 0 ? leaf : best;
  });
}

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
      ? new Promise((resolve) => reader.call(db, id, (error, tree) => resolve(error || !tree ? [] : leavesOf(tree))))
      : viaOpenRevs(db, id);
  const out = new Map<string, LocalDoc>();
  const all = await Promise.all(ids.map(leavesFor));
  ids.forEach((id, i) => {
    const leaves = all[i]!;
    if (leaves.length > 0) out.set(id, { leaves, winner: winnerOf(leaves) });
  });
  return out;
}
