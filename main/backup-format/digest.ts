// Attachment digests as PouchDB and CouchDB compute them: `md5-<base64>`.
import { createHash } from 'node:crypto';

export const md5Digest = (bytes: Uint8Array) => `md5-${createHash('md5').update(bytes).digest('base64')}`;
