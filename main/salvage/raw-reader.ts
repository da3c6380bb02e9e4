// Reads documents straight from LevelDB, the way PouchDB's leveldb adapter
// lays them out (main/db/pouchdb-layout.ts), for a database PouchDB cannot
// open or read through.
//
// LevelDB does not check blocks' checksums as it reads (table-check.ts
// does, beforehand): revisions stored in a block that failed its check are
// left out, and every attachment is checked against its MD5 digest.
//
// Each document is read on its own, so damage costs the documents it
// touches, which are named: one whose latest body is gone falls back to the
// newest earlier revision still stored; a body whose metadata is gone is
// still recovered (without its history).
import type { BackupAttachment, BackupDoc } from '../backup/mirror';
import { md5Digest } from '../backup-format/index';
import type { RawLevelDb } from './leveldb';
import { inBadBlock, type BadBlock } from './table-check';
import { ancestorsOf, historyOf, leafOf, leaves, winningLeaf, type Leaf } from '../db/rev-tree';
import { BINARY_STORE, BY_SEQ, DOC_STORE, META_STORE, seqKey, type StoredBody, type StoredMetadata } from '../db/pouchdb-layout';

/** Something that could not be read; `item` is a document id when it is known. */
export interface ReadProblem {
  item: string;
  reason: string;
}

export interface RawScan {
  metadata: Map<string, StoredMetadata>;
  /** Per id, the revisions found in by-sequence (for bodies whose metadata is lost). */
  bodies: Map<string, { seq: number; rev: string; deleted: boolean }[]>;
  /** What the database itself counted: live documents, and its last sequence. */
  docCount: number | null;
  updateSeq: number;
  problems: ReadProblem[];
  /** Attachment digests the stored revisions point at, and those whose bytes are stored. */
  digestsUsed: Set<string>;
  digestsStored: Set<string>;
  /** Table blocks whose checksum fails: what they held is not to be believed. */
  badBlocks: readonly BadBlock[];
}

const isReplicated = (id: string) => !id.startsWith('_local/') && !id.startsWith('_design/');

function parse<T>(value: Buffer): T | null {
  try {
    return JSON.parse(value.toString('utf8')) as T;
  } catch {
    return null;
  }
}

/** One ordered pass over every key: the metadata, which sequence holds which revision, the counters. */
export async function scanRaw(db: RawLevelDb, badBlocks: readonly BadBlock[] = []): Promise<RawScan> {
  const scan: RawScan = {
    metadata: new Map(), bodies: new Map(), docCount: null, updateSeq: 0, problems: [], digestsUsed: new Set(), digestsStored: new Set(), badBlocks,
  };
  let unparsable = 0;
  let inDamagedBlocks = 0;
  const failure = await db.forEach((key, value) => {
    if (key.startsWith(DOC_STORE)) {
      const meta = parse<StoredMetadata>(value);
      if (meta && typeof meta.id === 'string' && Array.isArray(meta.rev_tree) && meta.rev_map) scan.metadata.set(meta.id, meta);
      else unparsable++;
    } else if (key.startsWith(BY_SEQ)) {
      if (inBadBlock(key, badBlocks)) {
        inDamagedBlocks++;
        return;
      }
      const seq = Number(key.slice(BY_SEQ.length));
      const body = parse<StoredBody>(value);
      if (!body || typeof body._id !== 'string' || typeof body._rev !== 'string') {
        if (Number.isFinite(seq)) unparsable++;
        return;
      }
      for (const stub of Object.values(body._attachments ?? {})) {
        if (stub?.digest && stub.length !== 0) scan.digestsUsed.add(stub.digest);
      }
      const list = scan.bodies.get(body._id) ?? [];
      list.push({ seq, rev: body._rev, deleted: body._deleted === true });
      scan.bodies.set(body._id, list);
      if (seq > scan.updateSeq) scan.updateSeq = seq;
    } else if (key.startsWith(BINARY_STORE)) {
      scan.digestsStored.add(key.slice(BINARY_STORE.length));
    } else if (key.startsWith(META_STORE)) {
      const name = key.slice(META_STORE.length);
      const parsed = parse<unknown>(value);
      if (name === '_local_doc_count' && typeof parsed === 'number') scan.docCount = parsed;
      if (name === '_local_last_update_seq' && typeof parsed === 'number' && parsed > scan.updateSeq) scan.updateSeq = parsed;
    }
  });
  if (failure) scan.problems.push({ item: 'database', reason: `reading stopped early: ${firstLine(failure)}` });
  if (inDamagedBlocks > 0) {
    scan.problems.push({ item: 'database', reason: `${inDamagedBlocks} stored revision${inDamagedBlocks === 1 ? ' was' : 's were'} in damaged blocks and left out` });
  }
  if (unparsable > 0) scan.problems.push({ item: 'database', reason: `${unparsable} damaged entr${unparsable === 1 ? 'y' : 'ies'} could not be decoded` });
  return scan;
}

/**
 * Why PouchDB should not be trusted with this database, or null when every
 * piece it will look for is there: each document's winning revision (and
 * its other leaves) and each body's metadata (PouchDB's changes feed throws out of a callback,
 * crashing the process, when one is missing), and every attachment's bytes
 * (it would hand back an empty attachment without a word).
 */
export function inconsistency(scan: RawScan): string | null {
  if (scan.problems.length > 0) return scan.problems[0]!.reason;
  const seqs = new Set<number>();
  for (const [id, list] of scan.bodies) {
    if (isReplicated(id) && !scan.metadata.has(id)) return `the revisions of ${id} have no index entry`;
    for (const entry of list) seqs.add(entry.seq);
  }
  for (const meta of scan.metadata.values()) {
    const leaf = (meta.winningRev ? leafOf(meta.rev_tree, meta.winningRev) : null) ?? winningLeaf(meta.rev_tree);
    const seq = leaf ? meta.rev_map[leaf.rev] : undefined;
    if (seq === undefined || !seqs.has(seq)) return `the latest revision of ${meta.id} is missing`;
    // The other leaves too: PouchDB hands a conflicting revision whose body is gone back as
    // "missing", and the backup would leave it out without a word; the raw reader names it.
    for (const other of leaves(meta.rev_tree)) {
      const at = meta.rev_map[other.rev];
      if (at === undefined || !seqs.has(at)) return `the revision ${other.rev} of ${meta.id} is missing`;
    }
  }
  for (const digest of scan.digestsUsed) if (!scan.digestsStored.has(digest)) return `the bytes of attachment ${digest} are missing`;
  return null;
}

/** PouchDB's digest is `md5-` and the base64 MD5 of the bytes; other digests are taken on trust. */
function digestMatches(digest: string, data: Buffer): boolean {
  if (!digest.startsWith('md5-')) return true;
  return md5Digest(data) === digest;
}

const firstLine = (error: unknown) => String((error as Error).message ?? error).split('\n')[0]!;

/** The ids to recover, in order: every document with metadata, then bodies whose metadata is lost. */
export function idsToRecover(scan: RawScan): string[] {
  const ids = new Set<string>();
  for (const id of scan.metadata.keys()) if (isReplicated(id)) ids.add(id);
  for (const id of scan.bodies.keys()) if (isReplicated(id)) ids.add(id);
  return [...ids].sort();
}

export class RawDocReader {
  constructor(
    private readonly db: RawLevelDb,
    private readonly scan: RawScan,
  ) {}

  /** One document as the backup writes it (winning revision, history, attachment bytes), or only its problems. */
  async read(id: string): Promise<{ doc: BackupDoc | null; problems: ReadProblem[] }> {
    const meta = this.scan.metadata.get(id);
    return meta ? this.fromMetadata(meta) : this.fromBodiesOnly(id);
  }

  private async fromMetadata(meta: StoredMetadata): Promise<{ doc: BackupDoc | null; problems: ReadProblem[] }> {
    const problems: ReadProblem[] = [];
    const leaf = (meta.winningRev ? leafOf(meta.rev_tree, meta.winningRev) : null) ?? winningLeaf(meta.rev_tree);
    if (!leaf) return { doc: null, problems: [{ item: meta.id, reason: 'its revision history is damaged' }] };
    if (leaf.deleted) {
      const tombstone = (await this.body(meta, leaf.rev)) ?? { _id: meta.id, _rev: leaf.rev, _deleted: true };
      const doc = await this.toBackupDoc(meta.id, { ...tombstone, _deleted: true }, historyOf(leaf), problems);
      // The last revision with content, kept until compaction: what _deleted/ should hold.
      const parent = ancestorsOf(leaf)[0];
      const previousBody = parent ? await this.body(meta, parent) : null;
      if (previousBody && !previousBody._deleted) {
        const parentLeaf = { ...leaf, path: { start: leaf.path.start, hashes: leaf.path.hashes.slice(0, -1) } };
        doc.previous = await this.toBackupDoc(meta.id, previousBody, historyOf(parentLeaf), problems);
      }
      return { doc, problems };
    }
    // The newest revision on the winning branch whose body is still stored.
    const candidates = [leaf.rev, ...ancestorsOf(leaf)];
    for (const [depth, rev] of candidates.entries()) {
      const body = await this.body(meta, rev);
      if (!body || body._deleted) continue;
      if (depth > 0) problems.push({ item: meta.id, reason: `its latest version (${leaf.rev}) could not be read; an earlier one (${rev}) was recovered` });
      const at: Leaf = { ...leaf, path: { start: leaf.path.start, hashes: leaf.path.hashes.slice(0, leaf.path.hashes.length - depth) } };
      const doc = await this.toBackupDoc(meta.id, body, historyOf(at), problems);
      const conflicts = await this.otherLeaves(meta, leaf, problems);
      if (conflicts.length > 0) doc.conflicts = conflicts;
      return { doc, problems };
    }
    return { doc: null, problems: [{ item: meta.id, reason: 'its content could not be read' }] };
  }

  /**
   * The tree's other leaves (conflicting edits, deleted branches) whose
   * bodies are still stored, as the backup writes them beside the winner
   * (read-changes.ts withConflicts), so a restore gives them back. A deleted
   * leaf whose body is gone is only its deletion; a live one is listed.
   */
  private async otherLeaves(meta: StoredMetadata, winner: Leaf, problems: ReadProblem[]): Promise<BackupDoc[]> {
    const out: BackupDoc[] = [];
    const others = leaves(meta.rev_tree).filter((l) => l.rev !== winner.rev).sort((a, b) => (a.rev < b.rev ? -1 : 1));
    for (const other of others) {
      const body = await this.body(meta, other.rev);
      if (other.deleted) {
        out.push(await this.toBackupDoc(meta.id, { ...(body ?? {}), _deleted: true }, historyOf(other), problems));
      } else if (body && !body._deleted) {
        out.push(await this.toBackupDoc(meta.id, body, historyOf(other), problems));
      } else {
        problems.push({ item: meta.id, reason: `its conflicting version ${other.rev} could not be read` });
      }
    }
    return out;
  }

  /** Metadata lost: the bodies found in by-sequence are all there is; the winner by CouchDB's rule, without history. */
  private async fromBodiesOnly(id: string): Promise<{ doc: BackupDoc | null; problems: ReadProblem[] }> {
    const problems: ReadProblem[] = [];
    const found = [...(this.scan.bodies.get(id) ?? [])];
    const gen = (rev: string) => Number(rev.split('-')[0]);
    found.sort((a, b) => Number(a.deleted) - Number(b.deleted) || gen(b.rev) - gen(a.rev) || (a.rev < b.rev ? 1 : -1));
    for (const entry of found) {
      const raw = await this.db.get(seqKey(entry.seq)).catch(() => null);
      const body = raw ? parse<StoredBody>(raw) : null;
      if (!body) continue;
      const history = { start: gen(entry.rev), ids: [entry.rev.slice(entry.rev.indexOf('-') + 1)] };
      const doc = await this.toBackupDoc(id, body, history, problems);
      if (entry.deleted) {
        const previous = found.find((e) => !e.deleted);
        const prevRaw = previous ? await this.db.get(seqKey(previous.seq)).catch(() => null) : null;
        const prevBody = prevRaw ? parse<StoredBody>(prevRaw) : null;
        if (previous && prevBody) {
          doc.previous = await this.toBackupDoc(id, prevBody, { start: gen(previous.rev), ids: [previous.rev.slice(previous.rev.indexOf('-') + 1)] }, problems);
        }
      }
      return { doc, problems };
    }
    return { doc: null, problems: [{ item: id, reason: 'its content could not be read' }] };
  }

  private async body(meta: StoredMetadata, rev: string): Promise<StoredBody | null> {
    const seq = meta.rev_map[rev];
    if (typeof seq !== 'number' || inBadBlock(seqKey(seq), this.scan.badBlocks)) return null;
    const raw = await this.db.get(seqKey(seq)).catch(() => null);
    const body = raw ? parse<StoredBody>(raw) : null;
    if (!body || (body._rev !== undefined && body._rev !== rev)) return null;
    return body;
  }

  private async toBackupDoc(id: string, body: StoredBody, history: { start: number; ids: string[] }, problems: ReadProblem[]): Promise<BackupDoc> {
    const { _attachments, _id, _rev, ...fields } = body;
    const rev = `${history.start}-${history.ids[0]}`;
    const attachments: BackupAttachment[] = [];
    for (const [name, stub] of Object.entries(_attachments ?? {})) {
      const contentType = stub.content_type ?? 'application/octet-stream';
      // PouchDB stores no bytes for an empty attachment.
      const data = !stub.digest ? null : stub.length === 0 ? Buffer.alloc(0) : await this.db.get(`${BINARY_STORE}${stub.digest}`).catch(() => null);
      if (!data) {
        problems.push({ item: id, reason: `its attachment "${name}" could not be read` });
        continue;
      }
      if ((typeof stub.length === 'number' && data.length !== stub.length) || !digestMatches(stub.digest!, data)) {
        problems.push({ item: id, reason: `its attachment "${name}" is damaged (its bytes do not match their checksum)` });
        continue;
      }
      attachments.push({ name, contentType, ...(stub.digest ? { digest: stub.digest } : {}), data: new Uint8Array(data) });
    }
    return { doc: { _id: id, _rev: rev, ...fields, _revisions: history }, attachments };
  }
}
