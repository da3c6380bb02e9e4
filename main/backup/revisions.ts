// CouchDB's revision rules, for deciding whether a file in a shared backup
// folder may be replaced: a revision replaces another if that one is its
// ancestor, or, when the two are concurrent, if it would win by CouchDB's
// deterministic choice (a live revision over a deleted one, then the higher
// generation, then the greater hash).
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
