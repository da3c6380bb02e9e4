// The by-sequence entries of PouchDB's LevelDB store read as the changes
// they stand for (pouchdb-layout.ts): pure functions over the entries' and
// the metadata's text, shared by the reader on the main thread
// (doc-changes.ts) and the worker that summarizes every note on a first
// start (note-summaries.worker.ts). No LevelDB here: a worker thread that
// imports this does not load the native binding.
import { BY_SEQ, type StoredBody, type StoredMetadata } from './pouchdb-layout';
import { leafOf, leaves, winningLeaf } from './rev-tree';

/** A change as PouchDB's feed gives it with include_docs and conflicts. */
export interface DocChange {
  id: string;
  seq: number | string;
  deleted?: boolean;
  doc?: Record<string, unknown> & { _id: string; _rev: string; _conflicts?: string[] };
}

/** A page of by-sequence entries, parsed. */
export interface StoredEntries {
  bodies: { seq: number; body: StoredBody & { _id: string; _rev: string } }[];
  /** The documents they are of, each once: whose metadata to read. */
  ids: string[];
  /** Entries left out: not what PouchDB writes (damage). */
  unreadable: number;
}

/** The sequence a by-sequence key stands for (NaN when it is not one). */
export const seqOfKey = (key: string) => Number(key.slice(BY_SEQ.length));

/**
 * The entries as read from the store (key and JSON text). One that is not
 * what PouchDB writes (not JSON, no _id or _rev: damage) is counted and left
 * out, as allDocs never reads it: it is most often a revision superseded
 * long ago, which nothing reads.
 */
export function parseEntries(entries: readonly { key: string; value: string }[]): StoredEntries {
  const bodies: StoredEntries['bodies'] = [];
  let unreadable = 0;
  for (const e of entries) {
    const seq = seqOfKey(e.key);
    let body: StoredEntries['bodies'][number]['body'] | undefined;
    try {
      body = JSON.parse(e.value) as typeof body;
    } catch {
      body = undefined;
    }
    if (!body || typeof body._id !== 'string' || typeof body._rev !== 'string' || !Number.isSafeInteger(seq)) unreadable++;
    else bodies.push({ seq, body });
  }
  return { bodies, ids: [...new Set(bodies.map((b) => b.body._id))], unreadable };
}

/**
 * What a page's entries stand for, given their documents' metadata (the
 * values read for `ids`, in that order): each document's latest entry as a
 * change, and those PouchDB must read (conflicts, a losing branch written
 * last) without their document. A document whose metadata is missing or
 * damaged is left out, as allDocs leaves it out, and counted.
 */
export function changesOf({ bodies, ids }: StoredEntries, values: readonly (string | undefined)[]): { results: DocChange[]; viaPouch: DocChange[]; unreadable: number } {
  const metadata = new Map<string, StoredMetadata>();
  let unreadable = 0;
  values.forEach((value, i) => {
    if (value === undefined) return;
    try {
      const meta = JSON.parse(value) as StoredMetadata;
      if (typeof meta?.seq === 'number' && Array.isArray(meta.rev_tree)) metadata.set(ids[i]!, meta);
    } catch {
      // counted below, with the entries it leaves out
    }
  });
  const results: DocChange[] = [];
  const viaPouch: DocChange[] = [];
  for (const { seq, body } of bodies) {
    const id = body._id;
    const meta = metadata.get(id);
    // No metadata (or damaged): PouchDB's feed throws on it, taking the process down; allDocs never lists such a
    // document, and Help › Salvage reads it.
    if (!meta) {
      unreadable++;
      continue;
    }
    // The document changed again later: its later entry stands for it, as in PouchDB's feed.
    if (meta.seq !== seq) continue;
    const winner = meta.winningRev ?? winningLeaf(meta.rev_tree)?.rev;
    if (!winner) {
      unreadable++;
      continue;
    }
    // As PouchDB's isDeleted(): metadata written by older versions has no flag, the tree says.
    const deleted = typeof meta.deleted === 'boolean' ? meta.deleted : leafOf(meta.rev_tree, winner)?.deleted === true;
    if (deleted) {
      results.push({ id, seq, deleted: true, doc: { _id: id, _rev: winner, _deleted: true } });
      continue;
    }
    const change: DocChange = { id, seq };
    results.push(change);
    if (winner !== body._rev || body._deleted === true || leaves(meta.rev_tree).length > 1) {
      viaPouch.push(change);
      continue;
    }
    // PouchDB marks attachments it hands over without their bytes as stubs.
    for (const attachment of Object.values(body._attachments ?? {})) (attachment as { stub?: boolean }).stub = true;
    change.doc = body as DocChange['doc'];
  }
  return { results, viaPouch, unreadable };
}
