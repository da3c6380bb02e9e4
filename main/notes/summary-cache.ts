// The note summaries' cache file, read and written a line at a time so that
// the host's event loop keeps turning. As one JSON document (76 MB at
// 192,000 notes), decoding and parsing it held the main thread for a second
// at start-up, and the window's own page, scripts and first request waited
// behind it: the window could only start once the notes were read. Now the
// page is served at once and the window starts while the lines are parsed.
//
// Format: a header line ({ format, version, seq, notes, firstRows }), then
// lines that each hold a JSON array of up to LINE_NOTES summaries. The
// header also holds the first rows of the list of all notes in each sort,
// as they were at `seq`: read alone (a few hundred KB), they let the window
// show its first rows before the rest is read (readSummaryCacheHead). A file of another
// format (the single document of earlier versions), a truncated one, or one
// whose lines do not add up to the header's count is not used.
import fs from 'node:fs';
import path from 'node:path';
import type { NoteSort, NoteSummary } from '../../shared/types';
import { AtomicWriter } from '../backup/atomic-write';

const CACHE_FORMAT = 2;
/** About 0.7 MB of JSON: a few milliseconds of parsing between turns of the event loop. */
const LINE_NOTES = 2000;
const NEWLINE = 0x0a;

/** The first rows of the list of all notes (not in the Trash), and how many it has, for one sort. */
export interface FirstRows {
  notes: NoteSummary[];
  total: number;
}

export type FirstRowsBySort = Partial<Record<NoteSort, FirstRows>>;

interface CacheHeader {
  format: number;
  version: number;
  seq: number;
  notes: number;
  firstRows?: FirstRowsBySort;
}

export interface SummaryCache {
  seq: number;
  summaries: NoteSummary[];
  firstRows?: FirstRowsBySort;
}

/** The header alone: the sequence the cache covers and the first rows it saved. */
export interface SummaryCacheHead {
  seq: number;
  firstRows: FirstRowsBySort;
}

/** The header is a few hundred KB at most; more than this before its newline is damage. */
const MAX_HEAD_BYTES = 8 * 1024 * 1024;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The cache's summaries and the sequence they cover, or null when there is none usable (of another `version` too). */
export async function readSummaryCache(file: string, version: number): Promise<SummaryCache | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch {
    return null;
  }
  try {
    let at = bytes.indexOf(NEWLINE);
    if (at < 0) return null;
    const header = JSON.parse(bytes.toString('utf8', 0, at)) as Partial<CacheHeader> | null;
    if (header?.format !== CACHE_FORMAT || header.version !== version) return null;
    if (!Number.isSafeInteger(header.seq) || !Number.isSafeInteger(header.notes)) return null;
    const summaries: NoteSummary[] = [];
    while (at + 1 < bytes.length) {
      const end = bytes.indexOf(NEWLINE, at + 1);
      if (end < 0) return null;
      const line: unknown = JSON.parse(bytes.toString('utf8', at + 1, end));
      if (!Array.isArray(line)) return null;
      for (const summary of line as NoteSummary[]) summaries.push(summary);
      at = end;
      await turn();
    }
    return summaries.length === header.notes ? { seq: header.seq!, summaries, ...(isFirstRows(header.firstRows) ? { firstRows: header.firstRows } : {}) } : null;
  } catch {
    return null;
  }
}

/** The header line only, or null when there is no usable one (another format or `version`, damage). */
export async function readSummaryCacheHead(file: string, version: number): Promise<SummaryCacheHead | null> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    return null;
  }
  try {
    const chunks: Buffer[] = [];
    let read = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(256 * 1024, MAX_HEAD_BYTES - read));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, read);
      if (bytesRead === 0) return null;
      const end = chunk.subarray(0, bytesRead).indexOf(NEWLINE);
      chunks.push(chunk.subarray(0, end < 0 ? bytesRead : end));
      read += bytesRead;
      if (end >= 0) break;
      if (read >= MAX_HEAD_BYTES) return null;
    }
    const header = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<CacheHeader> | null;
    if (header?.format !== CACHE_FORMAT || header.version !== version || !Number.isSafeInteger(header.seq)) return null;
    return { seq: header.seq!, firstRows: isFirstRows(header.firstRows) ? header.firstRows : {} };
  } catch {
    return null;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function isFirstRows(value: unknown): value is FirstRowsBySort {
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).every((rows: Partial<FirstRows> | null) =>
    rows !== null && Array.isArray(rows.notes) && Number.isSafeInteger(rows.total) && rows.notes.every((n) => typeof n?.id === 'string'));
}

/** Writes the cache whole, atomically; a cache that cannot be written only costs the next start time. */
export async function writeSummaryCache(file: string, version: number, cache: SummaryCache): Promise<void> {
  const { seq, summaries, firstRows } = cache;
  const header: CacheHeader = { format: CACHE_FORMAT, version, seq, notes: summaries.length, ...(firstRows ? { firstRows } : {}) };
  const lines = [JSON.stringify(header)];
  for (let i = 0; i < summaries.length; i += LINE_NOTES) {
    lines.push(JSON.stringify(summaries.slice(i, i + LINE_NOTES)));
    await turn();
  }
  // Atomic as the backup's files are (temporary file, fsync, rename, fsync of the folder): a crash
  // leaves the old cache or the new one; leftovers of a write cut short are removed by the next.
  try {
    const writer = new AtomicWriter(path.dirname(file), 'summaries');
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await writer.removeOwnTempFiles(['']);
    await writer.write(path.basename(file), `${lines.join('\n')}\n`);
  } catch {
    // A cache that cannot be written only costs the next start time.
  }
}

