// Which installation is writing: names its checkpoint, state/<clientId>.json,
// in a folder several installations may share. Kept in the database as a
// _local document, which never replicates and is not in the changes feed,
// so a copied database folder is the same writer and a new one a new writer.
import { randomBytes } from 'node:crypto';
import { getOrNull } from '../db/get-or-null';
import type { Database } from '../db/open-database';

const CLIENT_DOC = '_local/quire-backup-client';

export async function backupClientId(db: Database): Promise<string> {
  const doc = await getOrNull<{ clientId: unknown; _rev: string }>(db, CLIENT_DOC);
  if (typeof doc?.clientId === 'string' && /^[a-z0-9]{8,32}$/.test(doc.clientId)) return doc.clientId;
  const rev = doc?._rev;
  const clientId = randomBytes(8).toString('hex');
  await db.put({ _id: CLIENT_DOC, clientId, ...(rev ? { _rev: rev } : {}) });
  return clientId;
}
