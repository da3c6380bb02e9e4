// CouchDB's revision rules, the one copy of them: how a revision and its
// history are written and checked, which of two concurrent revisions wins
// (a live revision over a deleted one, then the higher generation, then the
// greater hash), and whether a file in a shared backup folder may be
// replaced (a revision replaces its ancestors, and the concurrent revisions
// it wins over). The revision tree PouchDB stores is read in rev-tree.ts.
export interface RevisionHistory {
  start: number;
  ids: string[];
}

export interface ParsedRev {
  generation: number;
  hash: string;
}

export function parseRev(rev: string): ParsedRev | null {
  const match = /^(\d+)-(.+)$/.exec(rev);
  if (!match) return null;
  return { generation: Number(match[1]), hash: match[2]! };
}

/** Positive if `a` wins over `b` among concurrent live revisions, negative if `b` does, 0 if equal. */
export function compareRevs(a: string, b: string): number {
  const pa = parseRev(a);
  const pb = parseRev(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  if (pa.generation !== pb.generation) return pa.generation - pb.generation;
  return pa.hash < pb.hash ? -1 : pa.hash > pb.hash ? 1 : 0;
}

/** True if `rev` is in this history (the document's own revision or one of its ancestors). */
export function isInHistory(rev: string, history: RevisionHistory | undefined): boolean {
  const parsed = parseRev(rev);
  if (!parsed || !history) return false;
  const index = history.start - parsed.generation;
  return index >= 0 && index < history.ids.length && history.ids[index] === parsed.hash;
}

/**
 * Whether our revision (with its history, live or deleted) should replace a
 * file holding `existing` (live or deleted). Unknown or unreadable files are
 * replaced: the database is the source of the truth we are mirroring.
 */
export function shouldReplace(
  ours: { rev: string; deleted: boolean; history?: RevisionHistory },
  existing: { rev: string | null; deleted: boolean },
): boolean {
  if (existing.rev === null || parseRev(existing.rev) === null) return true;
  if (existing.rev === ours.rev) return false;
  if (isInHistory(existing.rev, ours.history)) return true;
  if (ours.deleted !== existing.deleted) return !ours.deleted;
  return compareRevs(ours.rev, existing.rev) > 0;
}

const REV = /^([1-9]\d{0,8})-([0-9A-Za-z]{1,128})$/;
const HASH = /^[0-9A-Za-z]{1,128}$/;

/**
 * The history of a document as a file or a replication carries it (from
 * `_revisions`, else from `_rev` alone, as a replication without history
 * does), or the reason it cannot be used: a missing or malformed `_rev`, a
 * `_revisions` that disagrees with it.
 */
export function parseHistory(doc: { _rev?: unknown; _revisions?: unknown }): RevisionHistory | string {
  if (doc._rev === undefined) return 'it has no revision (_rev): a backup document always has one';
  const match = typeof doc._rev === 'string' ? REV.exec(doc._rev) : null;
  if (!match) return `its revision ${JSON.stringify(doc._rev)} is not a revision (expected <number>-<hash>)`;
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
    return 'its revision history (_revisions) does not match its revision (_rev)';
  }
  return { start, ids: ids as string[] };
}

/** Whether a value is a well-formed `_revisions` (any revision). */
export function isHistory(value: unknown): value is RevisionHistory {
  const h = value as RevisionHistory | null;
  return typeof h === 'object' && h !== null && Number.isInteger(h.start) && Array.isArray(h.ids) && h.ids.every((id) => typeof id === 'string');
}

/** The revision before this history's own, or null for a first revision. */
export function parentRev(history: RevisionHistory | undefined): string | null {
  return history && history.ids.length > 1 ? `${history.start - 1}-${history.ids[1]}` : null;
}
