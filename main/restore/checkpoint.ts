// How far this database's own backup had got in the folder: its checkpoint
// state/<clientId>.json (docs/backup-format.md), found through the client id
// the database keeps. A deletion at or before that point was already in the
// folder, so its file can be in data/ only because the user moved it back.
import { getOrNull } from '../db/get-or-null';
import type { Database } from '../db/open-database';
import { readStateFiles } from '../backup-format/index';

const CLIENT_DOC = '_local/quire-backup-client';

/** The update sequence up to which this database's changes are in the folder, or null (not this database's backup). */
export async function ownCheckpointSeq(db: Database, root: string): Promise<number | null> {
  const doc = await getOrNull<{ clientId?: unknown }>(db, CLIENT_DOC);
  if (!doc) return null;
  const { clientId } = doc;
  if (typeof clientId !== 'string' || !/^[a-z0-9]{8,32}$/.test(clientId)) return null;
  const checkpoint = (await readStateFiles(root, root)).checkpoints.get(clientId);
  const seq = Number(checkpoint?.lastSeq);
  return Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
}
