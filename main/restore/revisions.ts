// A document's revision history as replication needs it. Quire's files carry
// `_revisions`; Inkdrop's carry only `_rev`, whose history is then the
// revision alone (a replication without history does the same).
import type { RevisionHistory } from '../backup/revisions';
import { skip } from './errors';

const REV = /^([1-9]\d{0,8})-([0-9A-Za-z]{1,128})$/;
const HASH = /^[0-9A-Za-z]{1,128}$/;

/** The history of `doc` (from `_revisions`, else from `_rev` alone); SkipError if they are missing or disagree. */
export function revisionHistory(doc: { _rev?: unknown; _revisions?: unknown }): RevisionHistory {
  if (doc._rev === undefined) return skip('it has no revision (_rev): a backup document always has one');
  const match = typeof doc._rev === 'string' ? REV.exec(doc._rev) : null;
  if (!match) return skip(`its revision ${JSON.stringify(doc._rev)} is not a revision (expected <number>-<hash>)`);
  const start = Number(match[1]);
  const hash = match[2]!;
  if (doc._revisions === undefined) return { start, ids: [hash] };
  const history = doc._revisions as { start?: unknown; ids?: unknown } | null;
  const ids = history?.ids;
  if (
    typeof history !== 'object' || history === null ||
    history.start !== start ||
    !Array.isArray(ids) || ids.length === 0 || ids.length > start ||
    ids[0] !== hash ||
    !ids.every((id) => typeof id === 'string' && HASH.test(id))
  ) {
    return skip('its revision history (_revisions) does not match its revision (_rev)');
  }
  return { start, ids: ids as string[] };
}
