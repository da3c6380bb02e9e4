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
import { docTypeOf } from '../../shared/schema';
import { isTempName } from './temp-files';
import type { BackupType } from './layout';

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

/** Every extension an attachment file can have: anything else in a type folder is not Quire's. */
export const ATTACHMENT_EXTENSIONS: ReadonlySet<string> = new Set([...Object.values(EXTENSION_BY_CONTENT_TYPE), 'bin']);

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

/**
 * The file name of an attachment of a conflicting revision (a losing leaf of
 * the document's revision tree): `<stem>.~r<12 hex>.<ext>`, the hex from
 * SHA-256 of the revision and the attachment's name. `~r` never starts an
 * encoded name or a shortened one (`~` is followed by four hex digits or
 * `~`), so it cannot meet the winner's attachment files; the document file
 * records the name, so it need not be reversible.
 */
export function conflictAttachmentFileName(stem: string, rev: string, attachmentName: string, contentType: string): string {
  const tag = createHash('sha256').update(`${rev}\n${attachmentName}`).digest('hex').slice(0, 12);
  return `${stem}.~r${tag}.${extensionFor(contentType)}`;
}

const NAME_PART = /^[a-z0-9_~-]+$/;

/**
 * A file name in data/<type>/ or _deleted/<type>/ that may be Quire's:
 * `<stem>.json`, `<stem>.<ext>` or `<stem>.<part>.<ext>`. Everything else
 * (temporary files, hidden files, cloud-sync conflict copies like
 * `x (conflicted copy).json`, `x (1).json`, `x 2.json`,
 * `x.sync-conflict-20240101-120000-ABC.json`, `x-DESKTOP-PC.json`, editors'
 * backups) is null: never read, never touched. Stems may start with `~`:
 * that is how an id starting with anything but [a-z0-9-] (an emoji, an
 * accented letter, a dot) is encoded.
 */
export function classifyName(name: string): { stem: string; kind: 'doc' | 'attachment' } | null {
  if (isTempName(name) || name.startsWith('.')) return null;
  const parts = name.split('.');
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => NAME_PART.test(p))) return null;
  const stem = parts[0]!;
  const ext = parts.at(-1)!;
  if (parts.length === 2 && ext === 'json') return { stem, kind: 'doc' };
  if (!ATTACHMENT_EXTENSIONS.has(ext) || parts[1]!.startsWith('sync-conflict')) return null;
  return { stem, kind: 'attachment' };
}

/**
 * Whether `name` is a plain name of one of this document's own attachment
 * files: what a `path` inside a document file may name (paths in files are
 * not trusted: nothing with a separator, nothing of another document).
 */
export function isOwnAttachmentName(stem: string, name: unknown): name is string {
  return typeof name === 'string' && name.startsWith(`${stem}.`) && classifyName(name)?.kind === 'attachment';
}
