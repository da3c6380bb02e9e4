// One leaf tree of a snapshot being taken (take.ts): the documents whose id
// hashes into it, kept packed in a buffer rather than as a JavaScript object
// per document. The first snapshot of a database holds every leaf until it
// ends; at 200,000 documents, objects and strings for them were 60 MB of live
// heap, which V8 let grow three- to fourfold with garbage before collecting
// it (docs/benchmarks.md, "200k notes"). Packed, a document costs 41 bytes
// outside the heap.
import { BLOB_MODE, TREE_MODE, type TreeEntry } from './git-objects';

const HASH_BYTES = 20;
const OID_BYTES = 20;
const ROW = HASH_BYTES + OID_BYTES + 1;
const FLAGS = HASH_BYTES + OID_BYTES;
/** The entry is a tree `<hash>` (the document has attachments), not a file `<hash>.json`. */
const IS_TREE = 1;
/** The snapshot being taken changed this document. */
const CHANGED = 2;

const DOC_FILE = /^([0-9a-f]{40})\.json$/;
const HEX40 = /^[0-9a-f]{40}$/;

export interface LeafDoc {
  entry: TreeEntry;
  changed: boolean;
}

export class LeafTable {
  private rows = Buffer.alloc(0);
  private count = 0;
  /** Entries that are not a document's as Quire writes them (another tool's, by name), kept as they were. */
  private readonly others = new Map<string, TreeEntry>();
  /** The hash looked for, as bytes: one buffer for every lookup. */
  private readonly key = Buffer.alloc(HASH_BYTES);

  /** A leaf as a snapshot's tree holds it: a document's file wins over anything else under its hash, as in findInSection. */
  static of(entries: readonly TreeEntry[]): LeafTable {
    const table = new LeafTable();
    const isFile = (e: TreeEntry) => e.mode === BLOB_MODE && DOC_FILE.test(e.name);
    for (const e of entries) if (isFile(e)) table.put(e, false);
    // A `<hash>` tree beside a `<hash>.json` file (not a tree Quire writes) stays as it was, under its name.
    for (const e of entries) if (!isFile(e)) table.put(e, false, table.find(e.name) >= 0);
    return table;
  }

  get size(): number {
    return this.count + this.others.size;
  }

  private find(hash: string): number {
    if (!HEX40.test(hash)) return -1;
    this.key.write(hash, 0, HASH_BYTES, 'hex');
    const first = this.key.readUInt32LE(0);
    for (let row = 0, at = 0; row < this.count; row++, at += ROW) {
      if (this.rows.readUInt32LE(at) === first && this.rows.compare(this.key, 0, HASH_BYTES, at, at + HASH_BYTES) === 0) return row;
    }
    return -1;
  }

  private entryOf(row: number): TreeEntry {
    const at = row * ROW;
    const hash = this.rows.toString('hex', at, at + HASH_BYTES);
    const oid = this.rows.toString('hex', at + HASH_BYTES, at + FLAGS);
    return this.rows[at + FLAGS]! & IS_TREE ? { name: hash, mode: TREE_MODE, oid } : { name: `${hash}.json`, mode: BLOB_MODE, oid };
  }

  /** The document whose id hashes to `hash` (40 hex digits): its entry, and whether this snapshot changed it. */
  get(hash: string): LeafDoc | null {
    const row = this.find(hash);
    if (row >= 0) return { entry: this.entryOf(row), changed: (this.rows[row * ROW + FLAGS]! & CHANGED) !== 0 };
    const other = this.others.get(`${hash}.json`) ?? this.others.get(hash);
    return other ? { entry: other, changed: false } : null;
  }

  /** Sets the document's entry; `changed` marks it (a mark already there stays). */
  set(hash: string, entry: TreeEntry, changed: boolean): void {
    const row = this.find(hash);
    const was = row >= 0 ? this.rows[row * ROW + FLAGS]! & CHANGED : 0;
    this.removeOthers(hash);
    if (row >= 0) this.removeRow(row);
    this.put(entry, changed || was !== 0);
  }

  /** Marks the document as changed by this snapshot, its entry kept. */
  markChanged(hash: string): void {
    const row = this.find(hash);
    if (row >= 0) this.rows[row * ROW + FLAGS] = this.rows[row * ROW + FLAGS]! | CHANGED;
  }

  /** Removes the document's entry (and its mark). */
  remove(hash: string): void {
    this.removeOthers(hash);
    const row = this.find(hash);
    if (row >= 0) this.removeRow(row);
  }

  private removeOthers(hash: string): void {
    this.others.delete(`${hash}.json`);
    this.others.delete(hash);
  }

  private removeRow(row: number): void {
    // The last row takes its place: the order of a leaf's entries is git's, set when it is written.
    this.count--;
    if (row !== this.count) this.rows.copy(this.rows, row * ROW, this.count * ROW, (this.count + 1) * ROW);
  }

  private put(entry: TreeEntry, changed: boolean, asOther = false): void {
    const file = entry.mode === BLOB_MODE ? DOC_FILE.exec(entry.name)?.[1] : undefined;
    const hash = file ?? (entry.mode === TREE_MODE && HEX40.test(entry.name) ? entry.name : undefined);
    if (asOther || hash === undefined || !HEX40.test(entry.oid)) {
      this.others.set(entry.name, entry);
      return;
    }
    if (this.rows.length < (this.count + 1) * ROW) {
      const grown = Buffer.alloc(Math.max(8, this.count * 2) * ROW);
      this.rows.copy(grown, 0, 0, this.count * ROW);
      this.rows = grown;
    }
    const at = this.count * ROW;
    this.rows.write(hash, at, HASH_BYTES, 'hex');
    this.rows.write(entry.oid, at + HASH_BYTES, OID_BYTES, 'hex');
    this.rows[at + FLAGS] = (file === undefined ? IS_TREE : 0) | (changed ? CHANGED : 0);
    this.count++;
  }

  /** Every entry, as the leaf's tree is written. */
  entries(): TreeEntry[] {
    const out = [...this.others.values()];
    for (let row = 0; row < this.count; row++) out.push(this.entryOf(row));
    return out;
  }

  /** How many documents this snapshot changed. */
  changedCount(): number {
    let count = 0;
    for (let at = FLAGS; at < this.count * ROW; at += ROW) if (this.rows[at]! & CHANGED) count++;
    return count;
  }

  /** The hashes of the documents this snapshot changed. */
  *changedHashes(): Generator<string> {
    for (let row = 0, at = 0; row < this.count; row++, at += ROW) {
      if (this.rows[at + FLAGS]! & CHANGED) yield this.rows.toString('hex', at, at + HASH_BYTES);
    }
  }
}
