// One document file's bytes → a document ready to merge, or SkipError with
// the reason: not UTF-8, not JSON, cut short, nested too deep, not a
// document, an id the one id rule refuses (shared/ids.ts), an id that does
// not belong where the file sits, a revision that does not parse, a document
// that fails Quire's schema (unknown fields are fine and kept). The file's
// conflicting revisions (`_conflicts` as objects, docs/backup-format.md)
// come with it, each checked the same way.
import { docTypeOf, validateDoc, ValidationError, type DocType } from '../../shared/schema';
import { idProblem } from '../../shared/ids';
import { checkPlainName, locateDoc, parseDocJson, skip, type BackupType } from '../backup-format/index';
import { parseHistory, type RevisionHistory } from '../db/revisions';

/** An attachment as the file describes it; its bytes are read only when the document is written. */
export interface AttachmentRef {
  name: string;
  contentType: string;
  /** A file beside the document (Quire's layout). */
  path?: string;
  /** Inline base64 (Inkdrop's layouts). */
  data?: string;
  length?: number;
  digest?: string;
  /** Its bytes, already at hand (a snapshot's tree holds them beside the document: main/snapshots/restore-tree.ts). */
  bytes?: Uint8Array;
}

/** One revision of a document: the winner, or a conflicting one. */
export interface ParsedRevision {
  rev: string;
  history: RevisionHistory;
  /** The fields as the file has them, `_id` and `_rev` included, without `_revisions`, `_attachments` and `_conflicts`. */
  fields: Record<string, unknown>;
  attachments: AttachmentRef[];
  /** A deleted revision: a deletion found in data/ (counted, never restored), or a deleted branch among the conflicts. */
  deleted: boolean;
}

export interface ParsedDoc extends ParsedRevision {
  id: string;
  type: DocType | 'other';
  /** The other leaves of the document's revision tree the file holds (Quire's format 2). */
  conflicts: ParsedRevision[];
}

export interface Placement {
  /** The type folder the file is in, or null directly in data/. */
  typeDir: BackupType | null;
  name: string;
  /** Names in type folders follow Quire's rule exactly (docs/backup-format.md). */
  quireNames: boolean;
}

/** What a database reports about its copy (CouchDB's `_conflicts` list of strings among them): not part of the document. */
const REPORTED_FIELDS = new Set(['_conflicts', '_deleted_conflicts', '_revs_info', '_local_seq']);
/** A document with more conflicting revisions than this is not one anybody made by hand or by sync. */
const MAX_CONFLICTS = 1000;

/** Whether the file's name and folder agree with the id inside it: the file name must be the encoding of its id. */
function placementProblem(id: string, type: DocType | 'other', where: Placement): string | null {
  const stem = where.name.slice(0, -'.json'.length);
  if (where.typeDir === null) {
    return stem === id ? null : `its name does not match the id inside it (${JSON.stringify(id)}, expected ${id}.json)`;
  }
  if (where.typeDir !== type) {
    const what = type === 'other' ? `the document ${JSON.stringify(id)}` : `a ${type}: document (${JSON.stringify(id)})`;
    return `${what} does not belong in data/${where.typeDir}/; it belongs in data/${type}/`;
  }
  const quireStem = locateDoc(id).stem;
  if (stem === quireStem) return null;
  if (!where.quireNames) {
    const rest = type === 'other' ? id : id.slice(type.length + 1);
    if ([rest, id, `${type}-${rest}`, `${type}_${rest}`].includes(stem)) return null;
  }
  return `its name does not match the id inside it (${JSON.stringify(id)}): renamed, or a copy made by a sync tool?`;
}

function attachmentRefs(value: unknown, what: string): AttachmentRef[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return skip(`${what}its _attachments is not an object`);
  const refs: AttachmentRef[] = [];
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const which = `${what}attachment ${JSON.stringify(name)}`;
    if (name === '' || name.startsWith('_')) return skip(`${which}: the name is not allowed`);
    const a = raw as Record<string, unknown> | null;
    if (typeof a !== 'object' || a === null || Array.isArray(a)) return skip(`${which} is not an attachment`);
    if (typeof a.content_type !== 'string' || a.content_type === '') return skip(`${which} has no content type`);
    if (a.length !== undefined && !(Number.isSafeInteger(a.length) && (a.length as number) >= 0)) return skip(`${which} has an invalid length`);
    if (a.digest !== undefined && typeof a.digest !== 'string') return skip(`${which} has an invalid digest`);
    const ref: AttachmentRef = { name, contentType: a.content_type };
    if (a.length !== undefined) ref.length = a.length as number;
    if (a.digest !== undefined) ref.digest = a.digest as string;
    if (typeof a.data === 'string') ref.data = a.data;
    else if (a.data !== undefined) return skip(`${which}: its inline data is not base64 text`);
    else if (a.path !== undefined) ref.path = checkPlainName(a.path, which);
    else return skip(`${which}: its bytes are not in the backup (no file and no inline data)`);
    refs.push(ref);
  }
  return refs;
}

/** One revision's object (the file itself, or an entry of its `_conflicts`) → a parsed revision. */
function parseRevision(id: string, doc: Record<string, unknown>, what: string): ParsedRevision {
  const history = parseHistory(doc);
  if (typeof history === 'string') return skip(`${what}${history}`);
  const rev = doc._rev as string;
  const { _attachments, _revisions, ...fields } = doc;
  void _revisions;
  for (const key of Object.keys(fields)) {
    if (!key.startsWith('_') || key === '_id' || key === '_rev' || key === '_deleted') continue;
    if (REPORTED_FIELDS.has(key)) delete fields[key];
    else return skip(`${what}it has a field ${JSON.stringify(key)}: fields starting with "_" are reserved`);
  }
  fields._id = id;
  if (doc._deleted === true) return { rev, history, fields, attachments: [], deleted: true };
  try {
    validateDoc(fields as { _id: string });
  } catch (error) {
    if (error instanceof ValidationError) {
      return skip(`${what}it fails validation: ${error.issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ')}`);
    }
    throw error;
  }
  return { rev, history, fields, attachments: attachmentRefs(_attachments, what), deleted: false };
}

/** The file's `_conflicts`, when it holds revisions (objects); CouchDB's list of revision strings is a report and is passed over. */
function parseConflicts(id: string, doc: Record<string, unknown>, winnerRev: string): ParsedRevision[] {
  const list = doc._conflicts;
  if (!Array.isArray(list)) return [];
  const objects = list.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && !Array.isArray(c));
  if (objects.length > MAX_CONFLICTS) return skip(`it holds ${objects.length} conflicting revisions, more than ${MAX_CONFLICTS}`);
  const seen = new Set([winnerRev]);
  return objects.map((c, i) => {
    const revision = parseRevision(id, c, `its conflicting revision ${i + 1}: `);
    if (seen.has(revision.rev)) return skip(`its conflicting revision ${i + 1} (${revision.rev}) is there twice`);
    seen.add(revision.rev);
    return revision;
  });
}

/**
 * `where`: the file's place in a folder, which must agree with the id inside
 * it; null where the place says nothing about the id (a snapshot's tree, whose
 * entries are named from the id: checking would compare the id with itself).
 */
export function parseDocFile(bytes: Uint8Array, where: Placement | null): ParsedDoc {
  const doc = parseDocJson(bytes);
  if (typeof doc._id !== 'string' || doc._id === '') return skip('JSON, but not a document: it has no _id');
  const id = doc._id;
  const refused = idProblem(id);
  if (refused) return skip(refused);
  const type = docTypeOf(id) ?? 'other';
  const misplaced = where && placementProblem(id, type, where);
  if (misplaced) return skip(misplaced);
  const winner = parseRevision(id, doc, '');
  const conflicts = winner.deleted ? [] : parseConflicts(id, doc, winner.rev);
  return { id, type, ...winner, conflicts };
}
