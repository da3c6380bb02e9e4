// The search index saved in the user data folder, so a start loads it and
// applies only the changes made since, instead of reading and tokenizing
// every note again (issue 16: ~36 s at 192k notes).
//
// One file, three lines: a JSON header (format, the index's fingerprint, the
// database it was made for, the update sequence it reflects, the byte length
// of each part), the note facts (notebook, tags, status, phrase text), and
// MiniSearch's own toJSON(). Separate parts keep each JSON text well below
// V8's string limit and let a truncated file be told by its lengths alone.
// Anything unexpected (missing, damaged, another format, another tokenizer,
// another database) makes the reader return a reason, never throw: the caller
// then builds the index from the database as before.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { AtomicWriter } from '../backup/atomic-write';
import type { SavedMeta } from './note-meta';
import { indexKeys } from './tokenize';

/** Bump when the layout of the file or of the note facts changes. */
export const INDEX_FILE_FORMAT = 1;

export interface IndexFileHeader {
  format: number;
  fingerprint: string;
  /** PouchDB's instance id (db.id()): a different database, even at the same path, never uses this file. */
  dbId: string;
  /** Every change up to this update sequence is in the index. */
  seq: number;
  notes: number;
  metaBytes: number;
  miniBytes: number;
}

export interface IndexFileContents {
  header: IndexFileHeader;
  meta: SavedMeta;
  /** MiniSearch's toJSON(), parsed. */
  mini: unknown;
}

// Text in the scripts the tokenizer treats differently (accents, spaceless
// pairs, Cyrillic, Arabic with harakat): if tokenizing it gives other terms,
// the saved terms no longer match what queries will look for.
const PROBE = 'Résumé ＦＵＬＬ 压缩文件 ファイルの作成 файл Ёлка مُجَلَّد ملف 12abc';

/** What the saved index depends on besides its notes: MiniSearch's options and the tokenizer's behaviour. */
export function indexFingerprint(options: { fields: readonly string[]; storeFields?: readonly string[] }): string {
  return createHash('sha256')
    .update(JSON.stringify({ fields: options.fields, storeFields: options.storeFields ?? [], probe: indexKeys(PROBE) }))
    .digest('hex')
    .slice(0, 16);
}

/** Reads and checks the index file; a reason in words when it cannot be used. */
export function readIndexFile(
  file: string,
  expect: { fingerprint: string; dbId: string; updateSeq: number },
): IndexFileContents | { reason: string } {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no saved index' : `unreadable: ${(error as Error).message}` };
  }
  try {
    const end = data.indexOf(0x0a);
    if (end < 0) return { reason: 'damaged: no header' };
    const header = JSON.parse(data.subarray(0, end).toString('utf8')) as IndexFileHeader;
    if (typeof header !== 'object' || header === null) return { reason: 'damaged: no header' };
    if (header.format !== INDEX_FILE_FORMAT) return { reason: `format ${String(header.format)}, not ${INDEX_FILE_FORMAT}` };
    if (header.fingerprint !== expect.fingerprint) return { reason: 'made with other index options or another tokenizer' };
    if (header.dbId !== expect.dbId) return { reason: 'made for another database' };
    if (!Number.isSafeInteger(header.seq) || header.seq < 0) return { reason: 'damaged: no sequence' };
    // A database older than the index (one put back from a copy) may lack changes the index has.
    if (header.seq > expect.updateSeq) return { reason: `made at sequence ${header.seq}, past the database's ${expect.updateSeq}` };
    const metaStart = end + 1;
    const miniStart = metaStart + header.metaBytes + 1;
    if (miniStart + header.miniBytes + 1 !== data.length) return { reason: 'damaged: truncated or extended' };
    const meta = JSON.parse(data.subarray(metaStart, metaStart + header.metaBytes).toString('utf8')) as SavedMeta;
    const mini = JSON.parse(data.subarray(miniStart, miniStart + header.miniBytes).toString('utf8')) as unknown;
    if (!Array.isArray(meta?.ids) || typeof mini !== 'object' || mini === null) return { reason: 'damaged: parts missing' };
    return { header, meta, mini };
  } catch (error) {
    return { reason: `damaged: ${(error as Error).message}` };
  }
}

/**
 * Writes the index file atomically (temporary file, fsync, rename, fsync of
 * the folder: main/backup/atomic-write.ts), so a crash leaves the old file
 * or the new one. The parts arrive as JSON texts already made.
 */
export async function writeIndexFile(
  file: string,
  header: Omit<IndexFileHeader, 'format' | 'metaBytes' | 'miniBytes'>,
  metaJson: string,
  miniJson: string,
): Promise<void> {
  const meta = Buffer.from(metaJson, 'utf8');
  const mini = Buffer.from(miniJson, 'utf8');
  const full: IndexFileHeader = { format: INDEX_FILE_FORMAT, ...header, metaBytes: meta.length, miniBytes: mini.length };
  const newline = Buffer.from('\n');
  const dir = path.dirname(file);
  await fs.promises.mkdir(dir, { recursive: true });
  const writer = new AtomicWriter(dir, 'search');
  // Leftovers of a write cut short (a crash) would otherwise pile up in the cache folder.
  await writer.removeOwnTempFiles(['']).catch(() => 0);
  await writer.write(path.basename(file), Buffer.concat([Buffer.from(JSON.stringify(full)), newline, meta, newline, mini, newline]));
}
