// The bodies of a document's old revisions, for Note › History…. PouchDB's
// get() parses the document's whole revision tree for every revision asked
// for, so 500 revisions of one note cost seconds; read straight from the
// LevelDB store (main/db/pouchdb-layout.ts) it is one read of the index entry
// and one getMany of the bodies. A store that cannot be reached, or holds
// something unexpected, is read through PouchDB instead.
import type { Database } from '../db/open-database';
import { levelStoreAt } from '../db/level-store';
import { DOC_STORE, seqKey, type StoredBody, type StoredMetadata } from '../db/pouchdb-layout';

export type RevisionBody = Record<string, unknown> & { _id: string; _rev: string; _deleted?: boolean };

/** The bodies of these revisions the database still holds (compacted ones are left out), in no particular order. */
export async function revisionBodies(db: Database, id: string, revs: string[]): Promise<RevisionBody[]> {
  if (revs.length === 0) return [];
  const direct = await fromStore(db, id, revs).catch(() => undefined);
  if (direct) return direct;
  const got = await db.bulkGet({ docs: revs.map((rev) => ({ id, rev })) });
  return got.results.flatMap((r) => r.docs.flatMap((d) => ('ok' in d ? [d.ok as unknown as RevisionBody] : [])));
}

async function fromStore(db: Database, id: string, revs: string[]): Promise<RevisionBody[] | undefined> {
  const store = levelStoreAt(db.name);
  if (!store) return undefined;
  const [metaText] = await store.getMany([`${DOC_STORE}${id}`]);
  if (metaText === undefined) return undefined;
  const meta = JSON.parse(metaText) as StoredMetadata;
  if (typeof meta.rev_map !== 'object' || meta.rev_map === null) return undefined;
  const wanted = revs.flatMap((rev) => {
    const seq = meta.rev_map[rev];
    return Number.isSafeInteger(seq) ? [{ rev, seq: seq! }] : [];
  });
  const values = await store.getMany(wanted.map((w) => seqKey(w.seq)));
  const out: RevisionBody[] = [];
  for (const [i, value] of values.entries()) {
    if (value === undefined) continue; // compacted
    const body = JSON.parse(value) as StoredBody;
    // Anything but the revision asked for means the layout is not what we know: PouchDB reads them all.
    if (body._id !== id || body._rev !== wanted[i]!.rev) return undefined;
    out.push(body as RevisionBody);
  }
  return out;
}
