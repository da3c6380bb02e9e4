// The shape of a document file (docs/backup-format.md, "Document files"),
// built in one place: the mirror writes it, the folder watcher compares a
// file with what the mirror would write, restore reads it back.
//
// A file holds the winning revision (`_id`, `_rev`, every field,
// `_revisions`, `_attachments` with the names of their files) and, under
// `_conflicts`, every other leaf of the document's revision tree (the losing
// side of a conflict, often another device's edit, and deleted leaves), each
// in the same shape without `_id`. CouchDB's own `_conflicts` is a list of
// revision strings; readers tell the two apart by the entries' type.
import { attachmentFileName, conflictAttachmentFileName } from './file-name';

/** An attachment as the file records it (its bytes are in the file its name computes). */
export interface AttachmentEntry {
  name: string;
  contentType: string;
  digest?: string;
  length?: number;
}

/** One revision of a document: its JSON (`_rev`, `_revisions`, fields; `_id` on the winner) and its attachments. */
export interface RevisionEntry {
  doc: Record<string, unknown> & { _rev: string };
  attachments: readonly AttachmentEntry[];
}

/** An attachment file of a document file: which revision, which attachment, its file name beside the `.json`. */
export interface AttachmentFile {
  /** The revision's index: -1 for the winner, else its place in `_conflicts`. */
  revision: number;
  name: string;
  file: string;
}

function fileOf(stem: string, revision: number, rev: string, a: AttachmentEntry): string {
  return revision < 0 ? attachmentFileName(stem, a.name, a.contentType) : conflictAttachmentFileName(stem, rev, a.name, a.contentType);
}

/** Every attachment file a document file names, the winner's first. */
export function attachmentFilesOf(stem: string, winner: RevisionEntry, conflicts: readonly RevisionEntry[] = []): AttachmentFile[] {
  return [winner, ...conflicts].flatMap((entry, i) =>
    entry.attachments.map((a) => ({ revision: i - 1, name: a.name, file: fileOf(stem, i - 1, entry.doc._rev, a) })),
  );
}

function revisionJson(stem: string, revision: number, entry: RevisionEntry): Record<string, unknown> {
  const { _id, _rev, _attachments, _conflicts, ...rest } = entry.doc;
  void _attachments;
  void _conflicts;
  const json: Record<string, unknown> = { ...(_id !== undefined ? { _id } : {}), _rev, ...rest };
  if (entry.attachments.length > 0) {
    json._attachments = Object.fromEntries(
      entry.attachments.map((a) => [
        a.name,
        {
          content_type: a.contentType,
          ...(a.length !== undefined ? { length: a.length } : {}),
          ...(a.digest ? { digest: a.digest } : {}),
          path: fileOf(stem, revision, _rev, a),
        },
      ]),
    );
  }
  return json;
}

/** The JSON object of a document file, as the mirror writes it. */
export function docFileJson(stem: string, winner: RevisionEntry, conflicts: readonly RevisionEntry[] = []): Record<string, unknown> {
  const json = revisionJson(stem, -1, winner);
  if (conflicts.length > 0) {
    json._conflicts = conflicts.map((entry, i) => {
      const { _id, ...rest } = revisionJson(stem, i, entry);
      void _id;
      return rest;
    });
  }
  return json;
}

/** The text of a document file. */
export const docFileText = (json: Record<string, unknown>) => `${JSON.stringify(json, null, 2)}\n`;

/** The revisions a document file's `_conflicts` names (objects only; CouchDB's list of strings is a report, not revisions). */
export function conflictRevs(json: Record<string, unknown>): string[] {
  const list = json._conflicts;
  if (!Array.isArray(list)) return [];
  return list.flatMap((c) => (typeof c === 'object' && c !== null && typeof (c as { _rev?: unknown })._rev === 'string' ? [(c as { _rev: string })._rev] : []));
}
