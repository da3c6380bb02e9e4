// One document file's bytes → a document ready to merge, or SkipError with
// the reason: not UTF-8, not JSON, cut short, not a document, an id that
// does not belong where the file sits, a revision that does not parse, a
// document that fails Quire's schema (unknown fields are fine and kept).
import { isUtf8 } from 'node:buffer';
import { docTypeOf, validateDoc, ValidationError, type DocType } from '../../shared/schema';
import { locateDoc } from '../backup/file-name';
import type { RevisionHistory } from '../backup/revisions';
import { skip } from './errors';
import type { TypeDir } from './layout';
import { revisionHistory } from './revisions';
import { checkPlainName, unsafeIdReason } from './safe-path';

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
}

export interface ParsedDoc {
  id: string;
  rev: string;
  history: RevisionHistory;
  type: DocType | 'other';
  /** The fields as the file has them, `_id` and `_rev` included, without `_revisions` and `_attachments`. */
  fields: Record<string, unknown>;
  attachments: AttachmentRef[];
  /** A deletion (`_deleted: true`) found in data/: counted, never restored. */
  deleted: boolean;
}

export interface Placement {
  /** The type folder the file is in, or null directly in data/. */
  typeDir: TypeDir | null;
  name: string;
  /** Names in type folders follow Quire's rule exactly (docs/backup-format.md). */
  quireNames: boolean;
}

const REPORTED_FIELDS = new Set(['_conflicts', '_deleted_conflicts', '_revs_info', '_local_seq']);


function parseJson(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return skip('an empty file, not a document');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buffer)) return skip('not a JSON document (not UTF-8 text)');
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = String((error as Error).message);
    const position = /at position (\d+)/.exec(message);
    const trimmed = text.trimEnd();
    const atEnd = /end of JSON input/i.test(message) || (position !== null && Number(position[1]) >= trimmed.length);
    if (atEnd && /^\s*[{[]/.test(text)) return skip('truncated JSON: the file ends in the middle of the document');
    return skip('not JSON');
  }
}

/** Whether the file's name and folder agree with the id inside it. */
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

function attachmentRefs(value: unknown): AttachmentRef[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return skip('its _attachments is not an object');
  const refs: AttachmentRef[] = [];
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const what = `attachment ${JSON.stringify(name)}`;
    if (name === '' || name.startsWith('_')) return skip(`${what}: the name is not allowed`);
    const a = raw as Record<string, unknown> | null;
    if (typeof a !== 'object' || a === null || Array.isArray(a)) return skip(`${what} is not an attachment`);
    if (typeof a.content_type !== 'string' || a.content_type === '') return skip(`${what} has no content type`);
    if (a.length !== undefined && !(Number.isSafeInteger(a.length) && (a.length as number) >= 0)) return skip(`${what} has an invalid length`);
    if (a.digest !== undefined && typeof a.digest !== 'string') return skip(`${what} has an invalid digest`);
    const ref: AttachmentRef = { name, contentType: a.content_type };
    if (a.length !== undefined) ref.length = a.length as number;
    if (a.digest !== undefined) ref.digest = a.digest as string;
    if (typeof a.data === 'string') ref.data = a.data;
    else if (a.data !== undefined) return skip(`${what}: its inline data is not base64 text`);
    else if (a.path !== undefined) ref.path = checkPlainName(a.path, what);
    else return skip(`${what}: its bytes are not in the backup (no file and no inline data)`);
    refs.push(ref);
  }
  return refs;
}

export function parseDocFile(bytes: Uint8Array, where: Placement): ParsedDoc {
  const json = parseJson(bytes);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return skip('JSON, but not a document (a document is an object with _id and _rev)');
  }
  const doc = json as Record<string, unknown>;
  if (typeof doc._id !== 'string' || doc._id === '') return skip('JSON, but not a document: it has no _id');
  const id = doc._id;
  const unsafe = unsafeIdReason(id);
  if (unsafe) return skip(unsafe);
  const type = docTypeOf(id) ?? 'other';
  const misplaced = placementProblem(id, type, where);
  if (misplaced) return skip(misplaced);
  const history = revisionHistory(doc);
  const rev = doc._rev as string;
  const { _attachments, _revisions, ...fields } = doc;
  void _revisions;
  for (const key of Object.keys(fields)) {
    if (!key.startsWith('_') || key === '_id' || key === '_rev' || key === '_deleted') continue;
    // What a database reports about its copy (conflicts, sequence) is not part of the document.
    if (REPORTED_FIELDS.has(key)) delete fields[key];
    else return skip(`it has a field ${JSON.stringify(key)}: fields starting with "_" are reserved`);
  }
  if (doc._deleted === true) return { id, rev, history, type, fields, attachments: [], deleted: true };
  try {
    validateDoc(doc as { _id: string });
  } catch (error) {
    if (error instanceof ValidationError) {
      return skip(`it fails validation: ${error.issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ')}`);
    }
    throw error;
  }
  return { id, rev, history, type, fields, attachments: attachmentRefs(_attachments), deleted: false };
}
