// PouchDB's revision tree as it stores it in a document's metadata
// (pouchdb-merge): `rev_tree` is a list of roots `{ pos, ids: node }`, a node
// being `[hash, { status, deleted? }, children]`, the root's generation
// being `pos`. Read without PouchDB: by salvage, for a database it can no
// longer open, and by the backup's reader of the stores (read-stored.ts).

import { compareRevs } from './revisions';

export type RevNode = [string, { status?: string; deleted?: boolean }, RevNode[]];
export interface RevTreeRoot {
  pos: number;
  ids: RevNode;
}

export interface Leaf {
  rev: string;
  deleted: boolean;
  /** Root to leaf: generation of the first entry, then every hash in order. */
  path: { start: number; hashes: string[] };
}

export function leaves(tree: readonly RevTreeRoot[]): Leaf[] {
  const out: Leaf[] = [];
  for (const root of tree) {
    // Iterative: a long-edited note may be a thousand revisions deep.
    const stack: { node: RevNode; hashes: string[] }[] = [{ node: root.ids, hashes: [root.ids[0]] }];
    while (stack.length > 0) {
      const { node, hashes } = stack.pop()!;
      const [hash, opts, children] = node;
      if (children.length === 0) {
        out.push({ rev: `${root.pos + hashes.length - 1}-${hash}`, deleted: opts?.deleted === true, path: { start: root.pos, hashes } });
      }
      for (const child of children) stack.push({ node: child, hashes: [...hashes, child[0]] });
    }
  }
  return out;
}

/** CouchDB's deterministic winner among leaves: live over deleted, then the higher generation, then the greater hash (revisions.ts). */
export function pickWinner<T extends { rev: string; deleted: boolean }>(candidates: readonly T[]): T | null {
  let best: T | null = null;
  for (const leaf of candidates) {
    if (!best || (best.deleted && !leaf.deleted) || (best.deleted === leaf.deleted && compareRevs(leaf.rev, best.rev) > 0)) best = leaf;
  }
  return best;
}

/** The winning leaf of a stored tree. */
export const winningLeaf = (tree: readonly RevTreeRoot[]): Leaf | null => pickWinner(leaves(tree));

/** The leaf holding `rev` (as the path's end), or null. */
export function leafOf(tree: readonly RevTreeRoot[], rev: string): Leaf | null {
  return leaves(tree).find((leaf) => leaf.rev === rev) ?? null;
}

/** `_revisions` as CouchDB returns it for this leaf: newest first. */
export function historyOf(leaf: Leaf): { start: number; ids: string[] } {
  return { start: leaf.path.start + leaf.path.hashes.length - 1, ids: [...leaf.path.hashes].reverse() };
}

/** The revisions before the leaf's own, newest first, as `gen-hash`. */
export function ancestorsOf(leaf: Leaf): string[] {
  const history = historyOf(leaf);
  return history.ids.slice(1).map((hash, i) => `${history.start - 1 - i}-${hash}`);
}
