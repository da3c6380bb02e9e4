// Merging packs (docs/snapshot-format.md, "Deltas"). Each snapshot writes its
// new objects whole into a pack of its own; as such packs accumulate they are
// merged (a geometric progression, as `git repack --geometric=2` keeps), and
// in the merged pack each changed document file and tree is stored as an
// OFS_DELTA against its previous version when that version is in the same
// pack. Deltas never point into another pack: git reads no such thin pack.
import { isTree, parseCommit, parseTree, trailers, type GitObject } from './git-objects';
import { encodeDelta } from './delta';
import { ObjectError } from './pack-errors';
import type { ObjectStore, PackFile } from './store';

/** What pairing versions needs of a snapshot (SnapshotInfo has it). */
export interface SnapshotTree {
  client: string;
  counter: number;
  tree: string;
}

/** Every readable snapshot's installation, counter and tree, read from the commits the refs name. */
export function snapshotTrees(store: ObjectStore): SnapshotTree[] {
  const out: SnapshotTree[] = [];
  for (const { oid } of store.refs()) {
    try {
      const commit = parseCommit(store.read(oid).data);
      const t = trailers(commit.message);
      out.push({ client: t.get('Quire-Client') ?? '', counter: Number(t.get('Quire-Counter')) || 0, tree: commit.tree });
    } catch {
      // An unreadable snapshot: the objects only it names are stored whole.
    }
  }
  return out;
}

/** Longest delta chain written (git's own default): reading an object applies at most this many deltas. */
export const MAX_DEPTH = 50;
/** Packs larger than this are left alone by the merge after each snapshot (a first snapshot's packs): merging them would make one snapshot slow. */
export const AUTO_MERGE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * For objects in `set`: the previous version of the same path (a document
 * file, attachment or tree), found by comparing each snapshot's tree with its
 * installation's previous snapshot's, descending only where they differ.
 */
export function previousVersions(store: ObjectStore, snapshots: SnapshotTree[], set: Set<string>): Map<string, string> {
  const links = new Map<string, string>();
  const diff = (before: string, after: string) => {
    if (before === after) return;
    const old = new Map(parseTree(store.read(before).data).map((e) => [e.name, e]));
    for (const e of parseTree(store.read(after).data)) {
      const o = old.get(e.name);
      if (!o || o.oid === e.oid || o.mode !== e.mode) continue;
      if (set.has(e.oid) && set.has(o.oid) && !links.has(e.oid)) links.set(e.oid, o.oid);
      if (isTree(e)) diff(o.oid, e.oid);
    }
  };
  const lastTree = new Map<string, string>();
  for (const s of [...snapshots].sort((a, b) => a.counter - b.counter)) {
    const before = lastTree.get(s.client);
    lastTree.set(s.client, s.tree);
    if (!before || !set.has(s.tree)) continue;
    try {
      if (set.has(before) && !links.has(s.tree)) links.set(s.tree, before);
      diff(before, s.tree);
    } catch (error) {
      if (!(error instanceof ObjectError)) throw error; // a damaged tree: its objects are stored whole
    }
  }
  return links;
}

export interface MergeResult {
  /** The new pack, or null when nothing was written. */
  pack: string | null;
  objects: number;
  deltas: number;
  bytes: number;
  /** Source packs every object of which (that was wanted) is in the new pack or elsewhere: safe to remove. */
  complete: string[];
}

/** An object that could not be read while its pack was being written: that pack is written again without it. */
class Unreadable extends Error {
  constructor(readonly oid: string) {
    super(`object ${oid} cannot be read`);
  }
}

/**
 * Writes the objects of `packs` (those `keep` accepts) into one new pack,
 * with deltas between versions. An object that cannot be read is left out,
 * and its pack is not reported complete, so it is never removed.
 *
 * Streamed, so memory holds a chain of versions, not the packs: the objects
 * are ordered as chains (each after the version it is a delta of, depth-first),
 * read from the store as they are written, and each delta encoded against
 * the version just written before it on its chain. `links` (previousVersions
 * of a superset of these objects) may be given when several calls share them.
 */
export function mergePacks(
  store: ObjectStore,
  packs: PackFile[],
  snapshots: SnapshotTree[],
  keep: (oid: string) => boolean = () => true,
  links?: Map<string, string>,
): MergeResult {
  const holder = new Map<string, string>();
  for (const p of packs) for (const oid of p.oids) if (!holder.has(oid) && keep(oid)) holder.set(oid, p.pack);
  const incomplete = new Set<string>();
  for (;;) {
    const complete = packs.map((p) => p.pack).filter((p) => !incomplete.has(p));
    if (holder.size === 0) return { pack: null, objects: 0, deltas: 0, bytes: 0, complete };
    try {
      return { ...writeChains(store, new Set(holder.keys()), links ?? previousVersions(store, snapshots, new Set(holder.keys()))), complete };
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      incomplete.add(holder.get(error.oid)!);
      holder.delete(error.oid);
    }
  }
}

function writeChains(store: ObjectStore, set: Set<string>, links: Map<string, string>): Omit<MergeResult, 'complete'> {
  // Each object's base (its previous version, when in the set), its chain no longer than MAX_DEPTH, no cycles:
  // a document reverted to an earlier text links back into its own chain, and one of them is stored whole.
  const base = new Map<string, string>();
  const depth = new Map<string, number>();
  const resolve = (oid: string, visiting: Set<string>): number => {
    const known = depth.get(oid);
    if (known !== undefined) return known;
    let d = 0;
    const b = links.get(oid);
    if (b && set.has(b) && !visiting.has(b)) {
      visiting.add(oid);
      const baseDepth = resolve(b, visiting);
      visiting.delete(oid);
      if (baseDepth < MAX_DEPTH) {
        base.set(oid, b);
        d = baseDepth + 1;
      }
    }
    depth.set(oid, d);
    return d;
  };
  for (const oid of set) resolve(oid, new Set());
  const children = new Map<string, string[]>();
  for (const [oid, b] of base) {
    const list = children.get(b);
    if (list) list.push(oid);
    else children.set(b, [oid]);
  }
  let deltas = 0;
  const written = store.writePack(set.size, (writer) => {
    // Depth-first from each chain's start: a delta is written right after the version it is made against.
    const stack: { oid: string; source: GitObject | null }[] = [];
    for (const oid of set) {
      if (base.has(oid)) continue;
      stack.push({ oid, source: null });
      while (stack.length > 0) {
        const { oid: next, source } = stack.pop()!;
        const kids = children.get(next);
        // The start of a chain stored whole where it is: copied as it is (its CRC checked), not decompressed
        // and compressed again, and read only if a delta is to be made against it.
        const stored = source ? null : store.compressedEntry(next);
        if (stored && !kids) {
          writer.addCompressed(next, stored.type, stored.size, stored.body);
          continue;
        }
        let object: GitObject;
        try {
          object = store.read(next);
        } catch (error) {
          if (error instanceof ObjectError) throw new Unreadable(next);
          throw error;
        }
        const delta = source && source.type === object.type ? encodeDelta(source.data, object.data) : null;
        if (delta) {
          writer.addDelta(next, base.get(next)!, delta);
          deltas++;
        } else if (stored && stored.type === object.type && stored.size === object.data.length) writer.addCompressed(next, stored.type, stored.size, stored.body);
        else writer.add(next, object);
        for (const child of kids ?? []) stack.push({ oid: child, source: object });
      }
    }
  });
  return { pack: written.pack, objects: set.size, deltas, bytes: written.bytes };
}

/**
 * Which packs to merge so the rest keep growing geometrically (each at least
 * twice the one below it, by size), as git's `repack --geometric=2` decides:
 * the smallest packs, as many as together weigh enough to roll up.
 */
export function geometricSplit(sizes: number[]): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let split = 0;
  for (let i = sorted.length - 1; i > 0; i--) {
    if (sorted[i]! < 2 * sorted[i - 1]!) {
      split = i + 1;
      break;
    }
  }
  let total = sorted.slice(0, split).reduce((a, b) => a + b, 0);
  while (split < sorted.length && sorted[split]! < 2 * total) total += sorted[split++]!;
  return split;
}

/**
 * After a snapshot: merges the small unmarked packs that break the geometric
 * progression into one, with deltas, then removes them. Nothing is lost at any
 * point: the merged pack holds every object of the packs it replaces and is
 * durable before any of them goes, so another installation that named one of
 * their objects finds it in the merged pack.
 */
export function mergeSmallPacks(store: ObjectStore): MergeResult | null {
  const candidates = store.packFiles().filter((p) => p.marked === null && p.bytes <= AUTO_MERGE_MAX_BYTES).sort((a, b) => a.bytes - b.bytes);
  const split = geometricSplit(candidates.map((p) => p.bytes));
  if (split < 2) return null;
  const merging = candidates.slice(0, split);
  const result = mergePacks(store, merging, snapshotTrees(store));
  for (const pack of result.complete) if (pack !== result.pack) store.removePack(pack);
  return result;
}
