// Reads one Markdown file into the parts of a note: body, title and the
// front matter keys Quire understands. Anything that stops the file from
// becoming a note comes back as a reason, never as an exception.
import { constants as fsConstants } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { MAX_NOTE_BODY_BYTES, MAX_NOTE_TITLE_CHARS, NOTE_BODY_LIMIT_LABEL } from '../../shared/schema';
import { exportedBody, noteMetaOf, parseFrontMatter, type NoteMeta } from './front-matter';
import { firstHeading } from './markdown-text';
import { describeFsError } from './fs-errors';
import { LINK_OUTSIDE, isInsideFolder, isWithinFolder, kindOf } from './inside-folder';

export interface NoteFile {
  path: string;
  title: string;
  body: string;
  meta: NoteMeta;
  mtime: number;
}

// Front matter that is dropped from the body does not count against the note size.
const MAX_FILE_BYTES = MAX_NOTE_BODY_BYTES + 64 * 1024;
const TOO_BIG = `it is larger than the ${NOTE_BODY_LIMIT_LABEL} a note can hold`;

// The last path component is never followed, and opening a named pipe never
// waits for a writer. Windows has neither flag (nor FIFOs): 0 there.
const OPEN_FLAGS =
  fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

type Refused = { path: string; reason: string };

/**
 * Reads a .md file found under the imported folder, whose real path is
 * `realRoot`. Only regular files really inside that folder are read: a link
 * to a file outside it is refused; a link to a regular file inside it is
 * read, as images are. Pipes, sockets and devices, direct or through a link,
 * are refused without being opened for reading, so nothing can block.
 */
export async function readNoteFile(file: string, realRoot: string): Promise<NoteFile | Refused> {
  const refuse = (reason: string): Refused => ({ path: file, reason });
  let target: string;
  try {
    const own = await fs.lstat(file);
    if (own.isSymbolicLink()) {
      const real = await fs.realpath(file);
      if (!isInsideFolder(realRoot, real)) return refuse(LINK_OUTSIDE);
      const stat = await fs.lstat(real);
      if (!stat.isFile()) return refuse(`it is a link to ${kindOf(stat)}, not to a regular file`);
      target = real;
    } else {
      if (!own.isFile()) return refuse(`it is ${kindOf(own)}, not a regular file`);
      // Its folder, where it really is: one swapped for a link since the walk is not followed out.
      const realDir = await fs.realpath(path.dirname(file));
      if (!isWithinFolder(realRoot, realDir)) return refuse('its folder is now a link pointing outside the imported folder');
      target = path.join(realDir, path.basename(file));
    }
  } catch (error) {
    return refuse(`it could not be read: ${describeFsError(error)}`);
  }
  const read = await readRegularFile(target);
  if ('reason' in read) return refuse(read.reason);
  const { bytes, mtime } = read;

  let text: string;
  try {
    // fatal: a file that is not UTF-8 would otherwise import as replacement characters.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { path: file, reason: 'it is not UTF-8 text' };
  }

  const fm = parseFrontMatter(text);
  if (fm.kind === 'invalid') return { path: file, reason: fm.reason };
  const { meta, usedAll } = fm.kind === 'valid' ? noteMetaOf(fm.data) : { meta: {}, usedAll: true };
  const content = fm.kind === 'valid' ? fm.rest : text;
  // Keys we do not know stay visible in the body rather than being dropped;
  // from a Quire export, only the export's own keys are dropped.
  const exported = fm.kind === 'valid' ? exportedBody(text, fm) : null;
  const body = exported ?? (fm.kind === 'valid' && !usedAll ? text : content);
  const title = (meta.title ?? firstHeading(content) ?? path.basename(file).replace(/\.md$/i, ''))
    .slice(0, MAX_NOTE_TITLE_CHARS);
  return { path: file, title, body, meta, mtime };
}

/**
 * The bytes of `file` if it is a regular file of at most MAX_FILE_BYTES, not
 * a link (a file replaced by a link after it was checked is refused, not read
 * through), never blocking on a pipe; otherwise why not.
 */
export async function readRegularFile(file: string): Promise<{ bytes: Buffer; mtime: number } | Refused> {
  const refuse = (reason: string): Refused => ({ path: file, reason });
  let handle: FileHandle;
  try {
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // What O_NOFOLLOW gives for a link: ELOOP (Linux, macOS), EMLINK (FreeBSD).
    if (code === 'ELOOP' || code === 'EMLINK') return refuse('it was replaced by a link while it was being imported');
    return refuse(`it could not be read: ${describeFsError(error)}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return refuse(`it is ${kindOf(stat)}, not a regular file`);
    if (stat.size > MAX_FILE_BYTES) return refuse(TOO_BIG);
    // The size is checked again as it is read: the file may grow meanwhile.
    const bytes = await readAtMost(handle, stat.size, MAX_FILE_BYTES + 1);
    if (bytes.length > MAX_FILE_BYTES) return refuse(TOO_BIG);
    return { bytes, mtime: Math.floor(stat.mtimeMs) };
  } catch (error) {
    return refuse(`it could not be read: ${describeFsError(error)}`);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Up to `limit` bytes from the handle's start; `expected` is the size fstat gave. */
async function readAtMost(handle: FileHandle, expected: number, limit: number): Promise<Buffer> {
  // One byte more than expected, so a file that has not grown ends in the first buffer.
  let buffer = Buffer.allocUnsafe(Math.min(expected + 1, limit));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}
