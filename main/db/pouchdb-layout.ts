// How PouchDB's leveldb adapter (pouchdb-adapter-leveldb-core, PouchDB 9)
// lays a database out in LevelDB. Every key is `ÿ<sublevel>ÿ<key>`:
//
//   document-store      id → metadata: rev_tree, rev_map (rev → seq), winningRev, deleted, seq
//   by-sequence         16-digit seq → one revision's body (_id, _rev, fields, attachment stubs)
//   attach-binary-store digest (md5-…) → an attachment's bytes (absent when empty)
//   attach-store        digest → which revisions use it (not needed here)
//   meta-store          _local_doc_count, _local_last_update_seq, _local_uuid
//   local-store         _local/ documents (never backed up)
//
// Read without PouchDB by salvage (a database PouchDB cannot open) and by
// the backup's reader (main/backup/read-stored.ts), which falls back to
// PouchDB for anything it does not expect. A test of each compares with what
// PouchDB itself returns, so a PouchDB upgrade that changes this fails there.
import type { RevTreeRoot } from './rev-tree';

export const DOC_STORE = 'ÿdocument-storeÿ';
export const BY_SEQ = 'ÿby-sequenceÿ';
export const BINARY_STORE = 'ÿattach-binary-storeÿ';
export const META_STORE = 'ÿmeta-storeÿ';

/** The by-sequence key of a sequence number. */
export const seqKey = (seq: number) => `${BY_SEQ}${String(seq).padStart(16, '0')}`;

/** The end of the by-sequence keys: `:` sorts right after the digits. */
export const AFTER_LAST_SEQ = `${BY_SEQ}:`;

/** A document's entry in document-store. */
export interface StoredMetadata {
  id: string;
  rev_tree: RevTreeRoot[];
  rev_map: Record<string, number>;
  winningRev?: string;
  deleted?: boolean;
  /** The sequence of the document's latest change. */
  seq?: number;
}

/** One revision's body in by-sequence. */
export type StoredBody = Record<string, unknown> & {
  _id?: string;
  _rev?: string;
  _deleted?: boolean;
  _attachments?: Record<string, { content_type?: string; digest?: string; length?: number }>;
};
