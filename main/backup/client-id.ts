// Which installation is writing: names its checkpoint, state/<clientId>.json,
// in a folder several installations may share. Kept in the database as a
// _local document, which never replicates and is not in the changes feed,
// so a copied database folder is the same writer and a new one a new writer.
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/open-database';

const CLIENT_DOC = '_local/quire-backup-client';

export async function backupClientId(db: Database): Promise<string> {
  let rev: string | undefined;
  try {
    const doc = (await db.get(CLIENT_DOC)) as unknown as { clientId: unknown; _rev: string };
    if (typeof doc.clientId === 'string' && /^[a-z0-9]{8,32}$/.test(doc.clientId)) return doc.clientId;
    rev = doc._rev;
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  const clientId = randomBytes(8).toString('hex');
  await db.put({ _id: CLIENT_DOC, clientId, ...(rev ? { _rev: rev } : {}) });
  return clientId;
}
