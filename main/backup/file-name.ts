// Document id → file in the backup folder. The rule (docs/backup-format.md)
// must give every id exactly one file name that Windows, macOS and Linux all
// accept, that no case-insensitive disk can confuse with another id's, and
// that no id, however hostile, can turn into a path outside its folder.
//
// The encoding keeps only [a-z0-9-] as they are; every other UTF-16 code
// unit is escaped with `_` or `~`, so an encoded name contains no upper-case
// letter (case folding cannot merge two names), no dot (Windows cannot read a
// device name such as CON before an extension), and no character any of the
// three systems forbids. It is reversible: decodeName(encodeName(s)) === s,
// except for names too long for a file, which keep a prefix and a hash.
import { createHash } from 'node:crypto';
import { docTypeOf, type DocType } from '../../shared/schema';

export type BackupType = DocType | 'other';

/** Longest encoded name before it is shortened; leaves room for ".json" or an attachment suffix within 255 bytes. */
export const MAX_NAME_CHARS = 200;
const HASH_MARK = '~~';
const HASH_HEX_CHARS = 32;

// Windows refuses these as a file's base name whatever the case or extension.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

const isKept = (code: number) =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d; // a-z 0-9 -

/** The reversible part of the rule; may be longer than a file name allows. */
export function encodeName(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isKept(code)) out += text[i];
    else if (code >= 0x41 && code <= 0x5a) out += `_${text[i]!.toLowerCase()}`; // A-Z → _a.._z
    else if (code === 0x5f) out += '__';
    else out += `~${code.toString(16).padStart(4, '0')}`;
  }
  // An empty name would be a hidden ".json"; a device name would be refused by Windows.
  // `_-` decodes to nothing, so prefixing it keeps the rule reversible.
  if (out === '' || WINDOWS_DEVICE.test(out)) out = `_-${out}`;
  return out;
}

/** The text an encoded name stands for, or null for a shortened (hashed) or foreign name. */
export function decodeName(name: string): string | null {
  if (name.includes(HASH_MARK)) return null;
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (isKept(name.charCodeAt(i))) out += c;
    else if (c === '_') {
      const next = name[++i];
      if (next === '_') out += '_';
      else if (next === '-') continue;
      else if (next !== undefined && next >= 'a' && next <= 'z') out += next.toUpperCase();
      else return null;
    } else if (c === '~') {
      const hex = name.slice(i + 1, i + 5);
      if (!/^[0-9a-f]{4}$/.test(hex)) return null;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else return null;
  }
  return out;
}

/**
 * A file-sized name: the encoded text when it fits, else its first part
 * (cut between escapes) + `~~` + 32 hex digits of SHA-256 of the whole
 * encoded text. `~~` never occurs in a full encoding, so the two kinds
 * cannot collide; a reader takes the `_id` from inside the file.
 */
export function fileNameStem(text: string): string {
  const encoded = encodeName(text);
  if (encoded.length <= MAX_NAME_CHARS) return encoded;
  const hash = createHash('sha256').update(encoded).digest('hex').slice(0, HASH_HEX_CHARS);
  let cut = MAX_NAME_CHARS - HASH_MARK.length - HASH_HEX_CHARS;
  // Never cut inside an escape: a half escape would read as a different character.
  const lastTilde = encoded.lastIndexOf('~', cut - 1);
  if (lastTilde >= 0 && lastTilde > cut - 5) cut = lastTilde;
  let underscores = 0;
  while (cut - underscores - 1 >= 0 && encoded[cut - underscores - 1] === '_') underscores++;
  if (underscores % 2 === 1) cut--;
  return `${encoded.slice(0, cut)}${HASH_MARK}${hash}`;
}

export interface DocLocation {
  /** `note`, `book`, `tag`, `file`, or `other` for ids without a known prefix. */
  type: BackupType;
  /** The file name stem, without `.json`. */
  stem: string;
}

/** Where a document lives: its type folder and file stem. Known prefixes are dropped from the name; `other` keeps the whole id. */
export function locateDoc(id: string): DocLocation {
  const type = docTypeOf(id);
  if (type) return { type, stem: fileNameStem(id.slice(type.length + 1)) };
  return { type: 'other', stem: fileNameStem(id) };
}

/** The id a located file stands for, when the stem is not a shortened one. */
export function idFromLocation(type: BackupType, stem: string): string | null {
  const text = decodeName(stem);
  if (text === null) return null;
  return type === 'other' ? text : `${type}:${text}`;
}

const EXTENSION_BY_CONTENT_TYPE: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

/** The extension for an attachment's bytes; never `json`, which is reserved for document files. */
export function extensionFor(contentType: string): string {
  return EXTENSION_BY_CONTENT_TYPE[contentType.split(';')[0]!.trim().toLowerCase()] ?? 'bin';
}

/** Quire's documents have one attachment, `index`; other names (foreign documents) get their own part. */
const DEFAULT_ATTACHMENT = 'index';
const MAX_ATTACHMENT_PART = 40;

/**
 * The file name of one attachment's bytes, beside the document's `.json`:
 * `<stem>.<ext>` for `index`, `<stem>.<encoded attachment name>.<ext>` otherwise.
 * Stems contain no dot, so the part before the first dot is always the stem.
 */
export function attachmentFileName(stem: string, attachmentName: string, contentType: string): string {
  const ext = extensionFor(contentType);
  if (attachmentName === DEFAULT_ATTACHMENT) return `${stem}.${ext}`;
  let part = encodeName(attachmentName);
  if (part.length > MAX_ATTACHMENT_PART) {
    part = `${HASH_MARK}${createHash('sha256').update(part).digest('hex').slice(0, HASH_HEX_CHARS)}`;
  }
  return `${stem}.${part}.${ext}`;
}

export const docFileName = (stem: string) => `${stem}.json`;
