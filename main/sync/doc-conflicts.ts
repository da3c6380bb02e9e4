// Notebooks, tags and images kept in two versions: changed on two computers
// before they synced (or by a restore). CouchDB's rules pick the version
// that shows; the other stays in the revision tree as a conflict. Notes show
// theirs in the conflict bar (main/notes/note-conflicts.ts); these are
// listed in Preferences › Sync, each version in words, and resolved the same
// way: the kept version becomes an edit on top of the one that shows, and
// every other leaf gets a deletion, so the choice syncs like any edit.
import type { Database } from '../db/open-database';
import type { DocumentStore } from '../db/document-store';
import type { DocConflict } from '../../shared/contract/sync-requests';
import { TRASH_BOOK_ID } from '../../shared/schema';
import { UserError } from '../notes/notes-service';

const KINDS = [
  { prefix: 'book:', kind: 'notebook' },
  { prefix: 'tag:', kind: 'tag' },
  { prefix: 'file:', kind: 'file' },
] as const;

type Stored = Record<string, unknown> & { _id: string; _rev: string; _conflicts?: string[] };

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const time = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function describe(kind: DocConflict['kind'], doc: Stored, bookNames: Map<string, string>) {
  if (kind === 'notebook') {
    const parent = str(doc.parentBookId);
    const where = !parent ? 'a top-level notebook' : parent === TRASH_BOOK_ID ? 'in the Trash' : `inside “${bookNames.get(parent) ?? parent}”`;
    return { label: str(doc.name) || '(no name)', detail: where };
  }
  if (kind === 'tag') return { label: str(doc.name) || '(no name)', detail: `color: ${str(doc.color) || 'default'}` };
  const bytes = typeof doc.contentLength === 'number' ? doc.contentLength : 0;
  return { label: str(doc.name) || '(no name)', detail: `${str(doc.contentType) || 'a file'}, ${new Intl.NumberFormat().format(bytes)} bytes` };
}

/** Every notebook, tag and image that has versions kept as conflicts, the version that shows first. */
export async function listDocConflicts(db: Database): Promise<DocConflict[]> {
  const books = await db.allDocs({ include_docs: true, startkey: 'book:', endkey: 'book:\uffff' });
  const bookNames = new Map(books.rows.map((r) => [r.id, str((r.doc as Stored | undefined)?.name)]));
  const found: DocConflict[] = [];
  for (const { prefix, kind } of KINDS) {
    const rows = await db.allDocs({ include_docs: true, conflicts: true, startkey: prefix, endkey: `${prefix}\uffff` });
    for (const row of rows.rows) {
      const doc = row.doc as Stored | undefined;
      if (!doc?._conflicts?.length) continue;
      const versions = [{ rev: doc._rev, ...describe(kind, doc, bookNames), updatedAt: time(doc.updatedAt) }];
      for (const rev of doc._conflicts) {
        const other = (await db.get(row.id, { rev }).catch(() => null)) as Stored | null;
        if (other) versions.push({ rev, ...describe(kind, other, bookNames), updatedAt: time(other.updatedAt) });
      }
      if (versions.length > 1) found.push({ id: row.id, kind, versions });
    }
  }
  return found;
}

/** Keeps `keepRev` of a notebook, tag or image; its other versions kept as conflicts are removed. */
export async function resolveDocConflict(store: DocumentStore, id: string, keepRev: string): Promise<void> {
  if (!KINDS.some((k) => id.startsWith(k.prefix))) throw new UserError('Only notebooks, tags and images are resolved here; a note shows its versions above its text.');
  const { db } = store;
  const current = (await db.get(id, { conflicts: true }).catch(() => null)) as Stored | null;
  if (!current) throw new UserError('This item no longer exists.');
  const conflicts = current._conflicts ?? [];
  if (keepRev !== current._rev && !conflicts.includes(keepRev)) {
    throw new UserError('That version is no longer there: look at the list again and choose once more.');
  }
  if (keepRev !== current._rev) {
    // The kept version's fields (and its image bytes) become an edit on top of the version that shows.
    const kept = (await db.get(id, { rev: keepRev, attachments: true })) as Stored;
    const { _rev: _keptRev, _conflicts: _none, ...fields } = kept;
    await store.put({ ...fields, _id: id, _rev: current._rev, ...(typeof kept.updatedAt === 'number' ? { updatedAt: Date.now() } : {}) });
  }
  // Every other leaf ends with a deletion: the kept one's text now lives on the branch that shows.
  if (conflicts.length) await db.bulkDocs(conflicts.map((rev) => ({ _id: id, _rev: rev, _deleted: true })));
}
