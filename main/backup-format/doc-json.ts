// A document file's bytes → a JSON object, or SkipError with the reason in
// words: not UTF-8, not JSON, cut short, not an object, nested deeper than
// any document is, or holding a `__proto__` key. Every reader of the folder
// parses through here, so a file cannot be accepted by one and break another:
// a value nested thousands of levels deep parses, but overflows the stack of
// whatever walks it next (structured cloning to another thread, PouchDB).
import { isUtf8 } from 'node:buffer';
import { skip, SkipError } from './errors';

/** Deepest nesting of objects and arrays a document may have (a note is 3 deep; CouchDB documents seldom pass 10). */
export const MAX_JSON_DEPTH = 100;
/**
 * A document file holds its conflicting revisions two levels down (`_conflicts`,
 * an array of revisions): a file may be that much deeper than the documents in it,
 * or the mirror would write a conflict every reader refuses.
 */
const MAX_FILE_DEPTH = MAX_JSON_DEPTH + 2;

/** The deepest nesting of `{`/`[` in JSON text, outside strings; stops counting past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * How deeply a parsed value nests objects and arrays, as jsonDepth counts its
 * text; stops descending past `limit`, so a value nested thousands deep costs
 * no more than one nested `limit` deep (and never the stack). Walking the
 * parsed value visits its dozen fields; jsonDepth visits every character of
 * the text (a fifth of a snapshot restore's reading, issue 14).
 */
export function valueDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (limit <= 0) return 1;
  let deepest = 0;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const d = valueDepth(child, limit - 1);
    if (d > deepest && (deepest = d) >= limit) break;
  }
  return 1 + deepest;
}

/**
 * JSON text → a value; a `__proto__` key anywhere is refused (it would
 * change an object's prototype where it is copied); a value nested deeper
 * than `maxDepth` is refused.
 */
function parseText(text: string, maxDepth: number): unknown {
  const tooDeep = () => skip(`it is nested more than ${MAX_JSON_DEPTH} levels deep, deeper than any document`);
  try {
    // V8 parses without recursing, whatever the nesting; the depth is then measured on the value, bounded.
    // The reviver costs more than the parse: only for text that could hold such a key (a key can also
    // spell it with \u escapes). A reviver recurses: that text's depth is measured first.
    if (!text.includes('__proto__') && !text.includes('\\u')) {
      const value: unknown = JSON.parse(text);
      return valueDepth(value, maxDepth) > maxDepth ? tooDeep() : value;
    }
    if (jsonDepth(text, maxDepth) > maxDepth) return tooDeep();
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new ProtoKeyError();
      return value;
    });
  } catch (error) {
    if (error instanceof SkipError) throw error;
    if (error instanceof ProtoKeyError) return skip('it has a "__proto__" key, which no document has');
    // Text that is not JSON and also nested too deep says the depth, as it did when depth was measured first.
    if (jsonDepth(text, maxDepth) > maxDepth) return tooDeep();
    const message = String((error as Error).message);
    const position = /at position (\d+)/.exec(message);
    const trimmed = text.trimEnd();
    const atEnd = /end of JSON input/i.test(message) || (position !== null && Number(position[1]) >= trimmed.length);
    if (atEnd && /^\s*[{[]/.test(text)) return skip('truncated JSON: the file ends in the middle of the document');
    return skip('not JSON');
  }
}

class ProtoKeyError extends Error {}

/** A document file's bytes → its JSON object; SkipError says why not. */
export function parseDocJson(bytes: Uint8Array): Record<string, unknown> {
  if (bytes.length === 0) return skip('an empty file, not a document');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buffer)) return skip('not a JSON document (not UTF-8 text)');
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const json = parseText(text, MAX_FILE_DEPTH);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return skip('JSON, but not a document (a document is an object with _id and _rev)');
  }
  return json as Record<string, unknown>;
}
