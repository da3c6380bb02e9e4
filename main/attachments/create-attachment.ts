// Turns image bytes into a `file:` document with its one attachment `index`.
// The type is decided from the bytes themselves, not from the name the
// user's system gave the file, so a renamed or hostile file is refused.
import type { DocumentStore } from '../db/document-store';
import { MAX_ATTACHMENT_BYTES, type FileDoc } from '../../shared/schema';
import { newId } from '../../shared/ids';
import { UserError } from '../notes/notes-service';
import { ATTACHMENT_NAME } from './read-attachment';

export const SUPPORTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml'] as const;
export type ImageType = (typeof SUPPORTED_IMAGE_TYPES)[number];

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  signature.every((b, i) => bytes[offset + i] === b);

/** The image type of these bytes, or null if they are not an image Quire can show. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024)).trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return null;
}

export const EXTENSION_BY_TYPE: Record<ImageType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};

/** Validates the bytes, then writes the document and its attachment in one put: all or nothing. */
export async function createImageAttachment(
  store: DocumentStore,
  input: { name: string; bytes: Uint8Array; now?: number },
): Promise<FileDoc> {
  const label = input.name || 'image';
  if (input.bytes.length > MAX_ATTACHMENT_BYTES) {
    const mib = (input.bytes.length / 1024 / 1024).toFixed(1);
    throw new UserError(`“${label}” is ${mib} MiB; images can be at most 10 MiB.`);
  }
  if (input.bytes.length === 0) throw new UserError(`“${label}” is empty.`);
  const contentType = sniffImageType(input.bytes);
  if (!contentType) {
    throw new UserError(`“${label}” is not a supported image. Quire accepts PNG, JPEG, GIF, WebP and SVG.`);
  }
  const doc = {
    _id: newId('file'),
    name: input.name || `image.${EXTENSION_BY_TYPE[contentType]}`,
    contentType,
    contentLength: input.bytes.length,
    createdAt: input.now ?? Date.now(),
    publicIn: [],
    _attachments: {
      [ATTACHMENT_NAME]: { content_type: contentType, data: Buffer.from(input.bytes).toString('base64') },
    },
  };
  const saved = await store.put(doc);
  return saved as unknown as FileDoc;
}
