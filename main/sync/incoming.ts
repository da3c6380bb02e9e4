// What comes down from the server is checked as a restore checks a backup
// file: a document with an id the one id rule refuses (shared/ids.ts), or
// one that fails Quire's schema (a note whose title is not a string, a body
// over 8 MB…), is not taken. Another Quire never writes such a document; a
// hand-edited server, another app or a broken client can. It stays on the
// server, untouched, and the person is told which and why.
import { validateDoc, ValidationError } from '../../shared/schema';
import type { Database } from '../db/open-database';

/** Why `doc` is not taken from the server, or null when it is fine. Deletions are always taken. */
export function refuseIncoming(doc: Record<string, unknown>): string | null {
  const id = doc._id;
  if (typeof id !== 'string' || id === '') return 'it has no id';
  if (id.startsWith('_design/')) return 'it is a design document (server code, not a note)';
  if (doc._deleted === true) return null;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    // PouchDB's own fields on the way in; every other field is the document's.
    if (key === '_revisions' || key === '_attachments' || key === '_conflicts' || key === '_rev') continue;
    fields[key] = value;
  }
  try {
    validateDoc(fields as { _id: string });
    return null;
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ');
    return (error as Error).message;
  }
}

/**
 * Makes every document the replication fetches from `remote` pass
 * refuseIncoming first. PouchDB's replication reads the server's changes,
 * then fetches the documents it lacks with bulkGet: a refused one is left
 * out of that answer, so it is never written here, and the checkpoint moves
 * past it as past any other. (A replication `filter` would do the same, but
 * makes PouchDB ask for every document twice: with the changes, and again
 * with bulkGet.)
 */
export function refuseIncomingFrom(remote: Database, onRefused: (id: string, reason: string) => void): void {
  const bulkGet = remote.bulkGet.bind(remote);
  remote.bulkGet = async (options) => {
    const answer = await bulkGet(options);
    for (const result of answer.results) {
      result.docs = result.docs.filter((entry) => {
        if (!('ok' in entry)) return true;
        const reason = refuseIncoming(entry.ok as Record<string, unknown>);
        if (reason !== null) onRefused(result.id, reason);
        return reason === null;
      });
    }
    return answer;
  };
}
