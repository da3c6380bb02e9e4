// Reads one Markdown file into the parts of a note: body, title and the
// front matter keys Quire understands. Anything that stops the file from
// becoming a note comes back as a reason, never as an exception.
import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_NOTE_BODY_BYTES, MAX_NOTE_TITLE_CHARS } from '../../shared/schema';
import { exportedBody, noteMetaOf, parseFrontMatter, type NoteMeta } from './front-matter';
import { firstHeading } from './markdown-text';
import { describeFsError } from './fs-errors';

export interface NoteFile {
  path: string;
  title: string;
  body: string;
  meta: NoteMeta;
  mtime: number;
}

// Front matter that is dropped from the body does not count against the note size.
const MAX_FILE_BYTES = MAX_NOTE_BODY_BYTES + 64 * 1024;

export async function readNoteFile(file: string): Promise<NoteFile | { path: string; reason: string }> {
  let bytes: Buffer;
  let mtime: number;
  try {
    const handle = await fs.open(file, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return { path: file, reason: 'it is not a regular file' };
      if (stat.size > MAX_FILE_BYTES) return { path: file, reason: 'it is larger than the 1 MiB a note can hold' };
      mtime = Math.floor(stat.mtimeMs);
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { path: file, reason: `it could not be read: ${describeFsError(error)}` };
  }

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
