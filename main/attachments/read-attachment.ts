// Reads the bytes of a `file:` document's one attachment (`index`), for the
// hosts that serve attachments to the renderer (Electron's app:// protocol,
// the browser host's HTTP server). Not-found is an answer, not an error.
import type { Database } from '../db/open-database';
import type { FileDoc } from '../../shared/schema';

export const ATTACHMENT_NAME = 'index';

/** Types a page may show inline (in <img>); anything else is served as opaque bytes. */
export const INLINE_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/svg+xml',
]);

export function servedContentType(contentType: string): string {
  const type = contentType.toLowerCase();
  return INLINE_CONTENT_TYPES.has(type) ? type : 'application/octet-stream';
}

export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export async function readAttachment(db: Database, fileId: string): Promise<Attachment | null> {
  if (!fileId.startsWith('file:')) return null;
  try {
    const doc = (await db.get(fileId)) as unknown as FileDoc;
    const stub = doc._attachments?.[ATTACHMENT_NAME];
    if (!stub) return null;
    const data = (await db.getAttachment(fileId, ATTACHMENT_NAME)) as Buffer;
    return { id: fileId, name: doc.name, contentType: stub.content_type || doc.contentType, data };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
