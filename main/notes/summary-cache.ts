// The note summaries' cache file, read and written a line at a time so that
// the host's event loop keeps turning. As one JSON document (76 MB at
// 192,000 notes), decoding and parsing it held the main thread for a second
// at start-up, and the window's own page, scripts and first request waited
// behind it: the window could only start once the notes were read. Now the
// page is served at once and the window starts while the lines are parsed.
//
// Format 3: a header line ({ format, version, seq, notes, firstRows, books,
// tags, statuses }), then lines that each hold up to LINE_NOTES summaries as
// columns: a JSON array of arrays, one per field (COLUMNS), the notebook,
// tag and status of each note as its number in the header's tables. The
// header also holds the first rows of the list of all notes in each sort,
// as they were at `seq`: read alone (a few hundred KB), they let the window
// show its first rows before the rest is read (readSummaryCacheHead). A file
// of another format (format 2 held a list of summary objects per line), a
// truncated one, or one whose lines do not add up to the header's count or
// whose numbers point outside its tables is not used.
//
// Why columns: at 192,000 notes the lines of objects were 76 MB, and
// decoding and parsing them took 0.97 s of the main thread at every start,
// on the way to the first search answer (issue 16); the keys repeated in
// every object and the notebook and tag ids repeated in every note were a
// third of the bytes. As columns with tables: 46 MB and 0.46-0.56 s.
import fs from 'node:fs';
import path from 'node:path';
import type { FirstRows, NoteSort, NoteSummary } from '../../shared/types';
import { AtomicWriter } from '../backup/atomic-write';
import { Interner } from '../util/interner';

const CACHE_FORMAT = 3;
/** About 0.7 MB of JSON: a few milliseconds of parsing between turns of the event loop. */
const LINE_NOTES = 2000;
const NEWLINE = 0x0a;

/** The first rows of the list of all notes (not in the Trash), for each sort. */
export type FirstRowsBySort = Partial<Record<NoteSort, FirstRows>>;

interface CacheHeader extends Tables {
  format: number;
  version: number;
  seq: number;
  notes: number;
  firstRows?: FirstRowsBySort;
}

/** The strings many notes share, each stored once in the header; the lines hold their numbers. */
interface Tables {
  books: string[];
  tags: string[];
  statuses: string[];
}

/**
 * Where each field of NoteSummary is in a line (tags take two columns: how
 * many each note has, then all their numbers in a row). A field added to
 * NoteSummary fails to compile here until it has a column.
 */
const COLUMNS = {
  id: 0, title: 1, snippet: 2, bookId: 3, tags: 4, status: 6, pinned: 7, createdAt: 8, updatedAt: 9, numOfTasks: 10,
  numOfCheckedTasks: 11, conflicts: 12,
} as const satisfies Record<keyof NoteSummary, number>;
const TAG_NUMBERS = 5;
const COLUMN_COUNT = 13;

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

/**
 * How the cache is read beside other work: `sliceMs()`, how long to read
 * between two turns of the event loop; `held()`, a promise to wait for
 * before the next line while something must not share the thread with it.
 */
export interface ReadPace {
  sliceMs(): number;
  held(): Promise<void> | null;
}

const EVERY_TURN: ReadPace = { sliceMs: () => 0, held: () => null };

/**
 * The cache's summaries and the sequence they cover, or null when there is
 * none usable (of another `version` too). The event loop turns after each
 * line, or once `pace.sliceMs()` milliseconds of lines are read
 * (NoteIndex.hurry), and the read waits while `pace.held()` gives a promise
 * (NoteIndex.whileUrgent).
 */
export async function readSummaryCache(file: string, version: number, pace: ReadPace = EVERY_TURN): Promise<SummaryCache | null> {
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
    const tables = tablesOf(header);
    if (!tables) return null;
    const summaries: NoteSummary[] = [];
    let slice = performance.now();
    while (at + 1 < bytes.length) {
      const end = bytes.indexOf(NEWLINE, at + 1);
      if (end < 0) return null;
      if (!decodeLine(JSON.parse(bytes.toString('utf8', at + 1, end)), tables, summaries)) return null;
      at = end;
      const held = pace.held();
      if (held || performance.now() - slice >= pace.sliceMs()) {
        await (held ?? turn());
        slice = performance.now();
      }
    }
    return summaries.length === header.notes ? { seq: header.seq!, summaries, ...(isFirstRows(header.firstRows) ? { firstRows: header.firstRows } : {}) } : null;
  } catch {
    return null;
  }
}

function tablesOf(header: Partial<CacheHeader>): Tables | null {
  const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every((v) => typeof v === 'string');
  return strings(header.books) && strings(header.tags) && strings(header.statuses)
    ? { books: header.books, tags: header.tags, statuses: header.statuses }
    : null;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Appends a line's summaries to `out`; false when the line does not hang together (nothing usable then). */
function decodeLine(line: unknown, tables: Tables, out: NoteSummary[]): boolean {
  if (!Array.isArray(line) || line.length !== COLUMN_COUNT || !line.every(Array.isArray)) return false;
  const columns = line as unknown[][];
  const column = (at: number) => columns[at]!;
  const ids = column(COLUMNS.id);
  // Every column has a value per note, but the tag numbers (as many as the notes' tags).
  if (columns.some((values, at) => at !== TAG_NUMBERS && values.length !== ids.length)) return false;
  const titles = column(COLUMNS.title);
  const snippets = column(COLUMNS.snippet);
  const books = column(COLUMNS.bookId);
  const tagCounts = column(COLUMNS.tags);
  const tagNumbers = column(TAG_NUMBERS);
  const statuses = column(COLUMNS.status);
  const pinned = column(COLUMNS.pinned);
  const createdAt = column(COLUMNS.createdAt);
  const updatedAt = column(COLUMNS.updatedAt);
  const tasks = column(COLUMNS.numOfTasks);
  const checked = column(COLUMNS.numOfCheckedTasks);
  const conflicts = column(COLUMNS.conflicts);
  let t = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const title = titles[i];
    const snippet = snippets[i];
    const bookId = tables.books[books[i] as number];
    const status = tables.statuses[statuses[i] as number];
    const count = tagCounts[i];
    if (typeof id !== 'string' || typeof title !== 'string' || typeof snippet !== 'string' || bookId === undefined || status === undefined) return false;
    if (!isCount(count) || t + count > tagNumbers.length) return false;
    const tags = new Array<string>(count);
    for (let j = 0; j < count; j++) {
      const tag = tables.tags[tagNumbers[t++] as number];
      if (tag === undefined) return false;
      tags[j] = tag;
    }
    const created = createdAt[i];
    const updated = updatedAt[i];
    const numOfTasks = tasks[i];
    const numOfCheckedTasks = checked[i];
    const conflictCount = conflicts[i];
    if (typeof created !== 'number' || typeof updated !== 'number' || !isCount(numOfTasks) || !isCount(numOfCheckedTasks) || !isCount(conflictCount)) return false;
    const summary: NoteSummary = {
      id, title, snippet, bookId, tags, status: status as NoteSummary['status'], pinned: pinned[i] === 1,
      createdAt: created, updatedAt: updated, numOfTasks, numOfCheckedTasks,
    };
    if (conflictCount > 0) summary.conflicts = conflictCount;
    out.push(summary);
  }
  return t === tagNumbers.length;
}

/** A line of up to LINE_NOTES summaries, as columns (decodeLine reads it). */
function encodeLine(part: readonly NoteSummary[], numbers: { books: Interner; tags: Interner; statuses: Interner }): string {
  const columns: unknown[][] = Array.from({ length: COLUMN_COUNT }, () => []);
  for (const s of part) {
    columns[COLUMNS.id]!.push(s.id);
    columns[COLUMNS.title]!.push(s.title);
    columns[COLUMNS.snippet]!.push(s.snippet);
    columns[COLUMNS.bookId]!.push(numbers.books.number(s.bookId));
    columns[COLUMNS.tags]!.push(s.tags.length);
    for (const tag of s.tags) columns[TAG_NUMBERS]!.push(numbers.tags.number(tag));
    columns[COLUMNS.status]!.push(numbers.statuses.number(s.status));
    columns[COLUMNS.pinned]!.push(s.pinned ? 1 : 0);
    columns[COLUMNS.createdAt]!.push(s.createdAt);
    columns[COLUMNS.updatedAt]!.push(s.updatedAt);
    columns[COLUMNS.numOfTasks]!.push(s.numOfTasks);
    columns[COLUMNS.numOfCheckedTasks]!.push(s.numOfCheckedTasks);
    columns[COLUMNS.conflicts]!.push(s.conflicts ?? 0);
  }
  return JSON.stringify(columns);
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
  const numbers = { books: new Interner(), tags: new Interner(), statuses: new Interner() };
  const lines: string[] = [];
  for (let i = 0; i < summaries.length; i += LINE_NOTES) {
    lines.push(encodeLine(summaries.slice(i, i + LINE_NOTES), numbers));
    await turn();
  }
  const header: CacheHeader = {
    format: CACHE_FORMAT, version, seq, notes: summaries.length, ...(firstRows ? { firstRows } : {}),
    books: numbers.books.values(), tags: numbers.tags.values(), statuses: numbers.statuses.values(),
  };
  lines.unshift(JSON.stringify(header));
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

