// Document ids: `<type>:<random>`. Random rather than sequential so that two
// installations writing to one backup folder never pick the same id.
import type { DocType } from './schema';

export function newId(type: DocType): string {
  return `${type}:${globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

/** Longest id accepted anywhere (UTF-16 code units): longer ones are no one's real ids, and every copy of an id costs memory. */
export const MAX_ID_CHARS = 4096;

// A lone surrogate cannot be stored: LevelDB keys are UTF-8, which turns it
// into U+FFFD, so the id read back would not be the id written.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The one rule for document ids, applied by the schema (every write), import,
 * restore, salvage and the backup: a non-empty string of well-formed Unicode,
 * not reserved (a leading `_` is CouchDB's: `_design/`, `_local/`), at most
 * MAX_ID_CHARS long. Anything else is allowed, however it looks (`note:..`,
 * slashes, control characters, emoji): no id is ever used as a path, the
 * backup's naming rule turns each into a safe file name.
 * Returns why an id is refused, or null.
 */
export function idProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id === '') return 'the id is missing (it must be a non-empty string)';
  if (id.startsWith('_')) return `the id ${JSON.stringify(id.slice(0, 80))} is reserved (ids starting with "_" are not documents)`;
  if (id.length > MAX_ID_CHARS) return `the id is longer than ${MAX_ID_CHARS} characters`;
  if (LONE_SURROGATE.test(id)) return `the id ${JSON.stringify(id.slice(0, 80))} is not valid Unicode text (it holds a lone surrogate)`;
  return null;
}
