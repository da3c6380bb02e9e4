// A document file as it is in the folder now, read the safe way
// (safe-read.ts, doc-json.ts): what the mirror looks at before it replaces
// a file, and what the folder watcher checks. A missing file is `missing`;
// anything unusable (a link, a FIFO, too large, not JSON, too deep) is
// `broken` with the reason, never followed, never waited on.
import path from 'node:path';
import { parseDocJson } from './doc-json';
import { SkipError } from './errors';
import { readBounded } from './safe-read';

const MiB = 1024 * 1024;
/** No document file larger than this is read (a note's body is far smaller, even with its conflicts). */
export const MAX_DOC_FILE_BYTES = 64 * MiB;

export type DocFileState =
  | { state: 'missing' }
  | { state: 'broken'; reason: string }
  | { state: 'doc'; doc: Record<string, unknown> };

/** `rel` (inside `root`, `/`-separated) as a document file; `realRoot` is the root with its links resolved. */
export async function readDocFile(root: string, rel: string, realRoot: string): Promise<DocFileState> {
  try {
    const bytes = await readBounded(path.join(root, rel), MAX_DOC_FILE_BYTES, 'the file', realRoot);
    return { state: 'doc', doc: parseDocJson(bytes) };
  } catch (error) {
    if (!(error instanceof SkipError)) throw error;
    if (error.missing) return { state: 'missing' };
    return { state: 'broken', reason: error.reason };
  }
}
