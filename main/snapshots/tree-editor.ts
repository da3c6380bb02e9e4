// The tree of a snapshot being taken (take.ts): the previous snapshot's
// tree, edited document by document, and written back as new trees where it
// changed (docs/snapshot-format.md, "Its tree").
import { TREE_MODE, encodeTree, isTree, parseTree, type TreeEntry } from './git-objects';
import { LeafTable } from './leaf-table';
import type { ObjectStore } from './store';
import { DATA_TREE, DELETED_TREE, FAN_WIDTHS, isFanEntry, type Section } from './snapshots';

/**
 * A tree being edited: the root's two sections, the fan-out trees below
 * them (FAN_WIDTHS of the format written) and their leaves, loaded as they
 * are touched. A previous snapshot of another format is laid out anew: its
 * documents' entries (the same objects) placed in this format's fan-out.
 */
export class TreeEditor {
  /** Loaded trees above the leaves by path: a section (`data`), or a section and fan-out names (`data/a/b`). */
  private readonly trees = new Map<string, Map<string, TreeEntry>>();
  /** Loaded leaves by path (`data/a/b/c`). */
  private readonly leaves = new Map<string, LeafTable>();
  private readonly dirty = new Set<string>();
  private readonly rootEntries: TreeEntry[];

  constructor(
    private readonly store: ObjectStore,
    root: string | null,
    private readonly widths: readonly number[],
    /** The format of the snapshot `root` is from. */
    rootFormat: number,
  ) {
    const rootEntries = root ? parseTree(store.read(root).data) : [];
    const previous = FAN_WIDTHS[rootFormat] ?? [];
    if (previous.join() === widths.join()) {
      this.rootEntries = rootEntries;
      return;
    }
    this.rootEntries = [];
    for (const section of [DATA_TREE, DELETED_TREE] as const) {
      const entry = rootEntries.find((e) => e.name === section && isTree(e));
      if (!entry) continue;
      const docs: TreeEntry[] = [];
      const walk = (oid: string) => {
        for (const e of parseTree(store.read(oid).data)) {
          if (isFanEntry(e)) walk(e.oid);
          else docs.push(e);
        }
      };
      walk(entry.oid);
      // Each new leaf made from all its entries at once, as a loaded one is: a `<hash>` tree beside a
      // `<hash>.json` file (not a tree Quire writes) is kept beside it, the file winning, not put over it.
      const byLeaf = new Map<string, TreeEntry[]>();
      for (const e of docs) {
        const path = this.leafPath(section, e.name.replace(/\.json$/, ''));
        const entries = byLeaf.get(path);
        if (entries) entries.push(e);
        else byLeaf.set(path, [e]);
      }
      for (const [path, entries] of byLeaf) {
        this.leaves.set(path, LeafTable.of(entries));
        this.dirty.add(path);
      }
    }
  }

  private leafPath(section: Section, hash: string): string {
    let path: string = section;
    let at = 0;
    for (const w of this.widths) {
      path += `/${hash.slice(at, at + w)}`;
      at += w;
    }
    return path;
  }

  /** The entry named `name` in the tree at `path` (a section's when there is no slash), from the tree above it. */
  private entryAt(path: string): TreeEntry | undefined {
    const cut = path.lastIndexOf('/');
    return cut < 0 ? this.rootEntries.find((e) => e.name === path && isTree(e)) : this.load(path.slice(0, cut)).get(path.slice(cut + 1));
  }

  private load(path: string): Map<string, TreeEntry> {
    let entries = this.trees.get(path);
    if (!entries) {
      const entry = this.entryAt(path);
      entries = new Map(entry ? parseTree(this.store.read(entry.oid).data).map((e) => [e.name, e]) : []);
      this.trees.set(path, entries);
    }
    return entries;
  }

  private leaf(path: string): LeafTable {
    let leaf = this.leaves.get(path);
    if (!leaf) {
      const entry = this.entryAt(path);
      leaf = LeafTable.of(entry ? parseTree(this.store.read(entry.oid).data) : []);
      this.leaves.set(path, leaf);
    }
    return leaf;
  }

  /** The document whose id hashes to `hash` in a section: its entry (a `<hash>.json` blob, or a `<hash>` tree when it has attachments). */
  get(section: Section, hash: string): TreeEntry | null {
    return this.leaf(this.leafPath(section, hash)).get(hash)?.entry ?? null;
  }

  /** Sets or removes the document's entry in a section; `changed` counts it among the snapshot's changes. */
  set(section: Section, hash: string, entry: TreeEntry | null, changed = false): void {
    const path = this.leafPath(section, hash);
    const leaf = this.leaf(path);
    if (entry) leaf.set(hash, entry, changed);
    else leaf.remove(hash);
    this.dirty.add(path);
  }

  /** Counts the document among the snapshot's changes, its entry in the section unchanged. */
  markChanged(section: Section, hash: string): void {
    this.leaf(this.leafPath(section, hash)).markChanged(hash);
  }

  /**
   * How many documents this snapshot changed: marked in either section. A
   * document is in one of them at most (take.ts takes it out of the other,
   * mark and all, whenever it sets one), so the marks add up.
   */
  changedCount(): number {
    let count = 0;
    for (const leaf of this.leaves.values()) count += leaf.changedCount();
    return count;
  }

  /** Writes the trees that changed, deepest first; returns the root's id. */
  write(): string {
    for (let depth = this.widths.length; depth >= 1; depth--) {
      for (const path of [...this.dirty]) {
        if (path.split('/').length - 1 !== depth) continue;
        this.dirty.delete(path);
        const entries = depth === this.widths.length ? this.leaves.get(path)!.entries() : this.trees.get(path)!.values();
        const cut = path.lastIndexOf('/');
        const parent = this.load(path.slice(0, cut));
        const name = path.slice(cut + 1);
        const data = encodeTree(entries);
        if (data.length === 0) parent.delete(name);
        else parent.set(name, { name, mode: TREE_MODE, oid: this.store.add({ type: 'tree', data }) });
        this.dirty.add(path.slice(0, cut));
      }
    }
    this.dirty.clear();
    const root: TreeEntry[] = [];
    for (const section of [DATA_TREE, DELETED_TREE] as const) {
      root.push({ name: section, mode: TREE_MODE, oid: this.store.add({ type: 'tree', data: encodeTree(this.load(section).values()) }) });
    }
    return this.store.add({ type: 'tree', data: encodeTree(root) });
  }
}
