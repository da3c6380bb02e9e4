// The revisions of a note kept as conflicts (a restore merges like a
// replication: where the app and the backup both changed a note, CouchDB's
// rules pick the revision that shows and the other stays in the revision
// tree as a conflict), and the user's choice between them. Choosing is an
// ordinary edit: the kept text becomes a new revision on top of the one that
// shows, and every other leaf gets a deletion, as CouchDB's documentation
// resolves conflicts, so the choice replicates (and backs up) like any edit.
import type { Database } from '../db/open-database';
import type { DocumentStore } from '../db/document-store';
import type { NoteDoc } from '../../shared/schema';
import type { NoteConflicts, NoteVersion } from '../../shared/contract/restore-requests';
import { getOrNull } from '../db/get-or-null';
import { isInHistory, type RevisionHistory } from '../db/revisions';
import { UserError } from './notes-service';

type Stored = NoteDoc & { _rev: string; _conflicts?: string[]; _revisions?: RevisionHistory };

const RETRIES = 5;

const versionOf = (doc: Stored): NoteVersion => ({
  rev: doc._rev,
  title: typeof doc.title === 'string' ? doc.title : '',
  body: typeof doc.body === 'string' ? doc.body : '',
  updatedAt: typeof doc.updatedAt === 'number' ? doc.updatedAt : 0,
});

/** The note as it shows and its revisions kept as conflicts, newest edit first; null when there are none. */
export async function readConflicts(db: Database, id: string): Promise<NoteConflicts | null> {
  if (!id.startsWith('note:')) return null;
  const current = await getOrNull<Stored>(db, id, { conflicts: true });
  if (!current?._conflicts?.length) return null;
  const others: NoteVersion[] = [];
  for (const rev of current._conflicts) {
    const doc = await getOrNull<Stored>(db, id, { rev });
    if (doc) others.push(versionOf(doc));
  }
  if (others.length === 0) return null;
  others.sort((a, b) => b.updatedAt - a.updatedAt);
  return { id, current: versionOf(current), others };
}

/**
 * Keeps `keepRev` and removes the note's other revisions kept as conflicts.
 * `keepRev` is either one of those conflicts (its title, text and the rest
 * become a new edit on top of the revision that shows, dated now) or the
 * revision that shows — or an earlier revision of it, when the note was
 * edited again since the choice was offered: then what shows stays.
 */
export async function resolveConflict(store: DocumentStore, id: string, keepRev: string, now = Date.now): Promise<{ id: string; rev: string }> {
  const { db } = store;
  for (let attempt = 0; ; attempt++) {
    const current = await getOrNull<Stored>(db, id, { conflicts: true, revs: true });
    if (!current) throw new UserError('This note no longer exists.');
    const conflicts = current._conflicts ?? [];
    let rev = current._rev;
    if (conflicts.includes(keepRev)) {
      const kept = await getOrNull<Stored>(db, id, { rev: keepRev });
      if (!kept) throw new UserError('That version of the note is no longer there.');
      const { _rev: _keptRev, _conflicts: _none, _revisions: _history, ...fields } = kept;
      try {
        rev = (await store.put({ ...fields, _id: id, _rev: current._rev, updatedAt: now() }))._rev;
      } catch (error) {
        // Saved over meanwhile (autosave of the same note): read again and redo the choice on top.
        if (attempt < RETRIES && /conflict/i.test((error as Error).message)) continue;
        throw error;
      }
    } else if (keepRev !== current._rev && !isInHistory(keepRev, current._revisions)) {
      throw new UserError('That version of the note is no longer there: look at the note again and choose once more.');
    }
    if (conflicts.length > 0) {
      // A deletion on each other leaf; one already deleted meanwhile (another window chose too) is fine.
      await db.bulkDocs(conflicts.map((leaf) => ({ _id: id, _rev: leaf, _deleted: true })) as never[]);
    }
    return { id, rev };
  }
}
