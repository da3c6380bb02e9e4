// An attachment's bytes, from a file beside the document (Quire) or inline
// base64 (Inkdrop), checked against the length and digest the document
// records. A document whose attachment cannot be had whole is skipped, never
// written without it.
import path from 'node:path';
import { md5Digest } from '../backup-format/digest';
import { skip } from '../backup-format/errors';
import { MAX_DOC_ATTACHMENT_BYTES, MAX_FILE_BYTES } from './limits';
import type { AttachmentRef } from './parse-doc';
import type { DocCheck } from './read-docs';
import { readBounded } from '../backup-format/safe-read';
import { resolveInside } from '../backup-format/safe-path';

export interface LoadedAttachment {
  content_type: string;
  data: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MiB = 1024 * 1024;

async function bytesOf(ref: AttachmentRef, root: string, dir: string): Promise<Buffer> {
  const what = `attachment ${JSON.stringify(ref.name)}`;
  if (ref.bytes !== undefined) {
    const b = ref.bytes;
    if (b.length > MAX_FILE_BYTES) return skip(`${what} is over the ${MAX_FILE_BYTES / MiB} MiB limit`);
    // Bytes that crossed from the reader thread arrive as plain Uint8Arrays; the database takes Buffers (the same memory).
    return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  }
  if (ref.data !== undefined) {
    if (ref.data.length % 4 !== 0 || !BASE64.test(ref.data)) return skip(`${what}: its inline data is not valid base64`);
    if ((ref.data.length / 4) * 3 > MAX_FILE_BYTES + 2) return skip(`${what} is over the ${MAX_FILE_BYTES / MiB} MiB limit`);
    return Buffer.from(ref.data, 'base64');
  }
  const file = `${what} (file ${ref.path!})`;
  const real = await resolveInside(root, path.join(dir, ref.path!), file);
  return readBounded(real, MAX_FILE_BYTES, file, root);
}

/** One attachment's bytes, checked against the length and digest its document records. */
async function checkedBytes(ref: AttachmentRef, root: string, dir: string): Promise<Buffer> {
  const what = `attachment ${JSON.stringify(ref.name)}`;
  const data = await bytesOf(ref, root, dir);
  if (ref.length !== undefined && ref.length !== data.length) {
    return skip(`${what} is ${data.length} bytes, but the document says ${ref.length}: damaged or replaced`);
  }
  if (ref.digest !== undefined) {
    if (!ref.digest.startsWith('md5-')) return skip(`${what}: its digest ${JSON.stringify(ref.digest)} is not an md5 digest`);
    if (md5Digest(data) !== ref.digest) return skip(`${what}: its bytes do not match its digest: damaged or replaced`);
  }
  return data;
}

const tooMuch = () => skip(`its attachments add up to more than ${MAX_DOC_ATTACHMENT_BYTES / MiB} MiB`);

/** Every attachment of a document, read and checked; SkipError names the first one that is not whole. */
export async function loadAttachments(refs: readonly AttachmentRef[], root: string, dir: string): Promise<Record<string, LoadedAttachment>> {
  const loaded: Record<string, LoadedAttachment> = {};
  let total = 0;
  for (const ref of refs) {
    const data = await checkedBytes(ref, root, dir);
    if ((total += data.length) > MAX_DOC_ATTACHMENT_BYTES) return tooMuch();
    loaded[ref.name] = { content_type: ref.contentType, data };
  }
  return loaded;
}

/** The check a folder's reader runs on each document: its attachments verified when asked (--verify), else none. */
export function attachmentCheck(root: string, verify: boolean | undefined): DocCheck | undefined {
  return verify ? (doc, file) => verifyAttachments(doc.attachments, root, file.dir) : undefined;
}

/** The same checks, keeping nothing: each attachment's bytes are dropped once checked. */
export async function verifyAttachments(refs: readonly AttachmentRef[], root: string, dir: string): Promise<void> {
  let total = 0;
  for (const ref of refs) {
    if ((total += (await checkedBytes(ref, root, dir)).length) > MAX_DOC_ATTACHMENT_BYTES) tooMuch();
  }
}

/** What the attachments will weigh once read (recorded lengths; inline data by its size). */
export function expectedBytes(refs: readonly AttachmentRef[]): number {
  return refs.reduce((n, r) => n + (r.bytes !== undefined ? r.bytes.length : r.data !== undefined ? (r.data.length / 4) * 3 : (r.length ?? 0)), 0);
}
