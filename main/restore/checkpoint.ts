// How far this database's own backup had got in the folder: its checkpoint
// state/<clientId>.json (docs/backup-format.md), found through the client id
// the database keeps. A deletion at or before that point was already in the
// folder, so its file can be in data/ only because the user moved it back.
import path from 'node:path';
import type { Database } from '../db/open-database';
import { SkipError } from './errors';
import { STATE_DIR } from './layout';
import { readBounded } from './read-file';
import { resolveInside } from './safe-path';

const CLIENT_DOC = '_local/quire-backup-client';

/** The update sequence up to which this database's changes are in the folder, or null (not this database's backup). */
export async function ownCheckpointSeq(db: Database, root: string): Promise<number | null> {
  let clientId: unknown;
  try {
    clientId = ((await db.get(CLIENT_DOC)) as unknown as { clientId?: unknown }).clientId;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
  if (typeof clientId !== 'string' || !/^[a-z0-9]{8,32}$/.test(clientId)) return null;
  try {
    const file = await resolveInside(root, path.join(root, STATE_DIR, `${clientId}.json`), 'the checkpoint');
    const state = JSON.parse((await readBounded(file, 1024 * 1024, 'the checkpoint')).toString('utf8')) as { clientId?: unknown; lastSeq?: unknown };
    const seq = Number(state.lastSeq);
    return state.clientId === clientId && Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
  } catch (error) {
    if (error instanceof SkipError || error instanceof SyntaxError) return null;
    throw error;
  }
}
