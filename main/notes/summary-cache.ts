// The note summaries' cache file, read and written a line at a time so that
// the host's event loop keeps turning. As one JSON document (76 MB at
// 192,000 notes), decoding and parsing it held the main thread for a second
// at start-up, and the window's own page, scripts and first request waited
// behind it: the window could only start once the notes were read. Now the
// page is served at once and the window starts while the lines are parsed.
//
// Format: a header line ({ format, version, seq, notes }), then lines that
// each hold a JSON array of up to LINE_NOTES summaries. A file of another
// format (the single document of earlier versions), a truncated one, or one
// whose lines do not add up to the header's count is not used.
import fs from 'node:fs';
import path from 'node:path';
import type { NoteSummary } from '../../shared/types';

const CACHE_FORMAT = 2;
/** About 0.7 MB of JSON: a few milliseconds of parsing between turns of the event loop. */
const LINE_NOTES = 2000;
const NEWLINE = 0x0a;

interface CacheHeader {
  format: number;
  version: number;
  seq: number;
  notes: number;
}

export interface SummaryCache {
  seq: number;
  summaries: NoteSummary[];
}

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
    return summaries.length === header.notes ? { seq: header.seq!, summaries } : null;
  } catch {
    return null;
  }
}

/** Writes the cache whole (temporary file, then rename); a cache that cannot be written only costs the next start time. */
export async function writeSummaryCache(file: string, version: number, cache: SummaryCache): Promise<void> {
  const { seq, summaries } = cache;
  const lines = [JSON.stringify({ format: CACHE_FORMAT, version, seq, notes: summaries.length } satisfies CacheHeader)];
  for (let i = 0; i < summaries.length; i += LINE_NOTES) {
    lines.push(JSON.stringify(summaries.slice(i, i + LINE_NOTES)));
    await turn();
  }
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await removeLeftovers(file);
    await fs.promises.writeFile(tmp, `${lines.join('\n')}\n`);
    await fs.promises.rename(tmp, file);
  } catch {
    await fs.promises.rm(tmp, { force: true });
  }
}

/** Temporary files of writes cut short (Quire stopped mid-write): up to the cache's size each. */
async function removeLeftovers(file: string): Promise<void> {
  const base = path.basename(file);
  const own = `${base}.${process.pid}.tmp`;
  for (const name of await fs.promises.readdir(path.dirname(file))) {
    if (name !== own && name.startsWith(`${base}.`) && /^\d+\.tmp$/.test(name.slice(base.length + 1))) {
      await fs.promises.rm(path.join(path.dirname(file), name), { force: true });
    }
  }
}
