// File and folder names for the Markdown export: readable (the title or
// notebook name as it is, where the disk allows), valid on Windows, macOS
// and Linux alike, and distinct inside their folder on disks that ignore
// case or Unicode normalization.
//
// filenamify does the per-system rules (reserved names such as CON or
// COM¹, forbidden and control characters, trailing dots and spaces, NFC);
// this module adds what an export needs on top: byte and path-length
// budgets, no hidden (dot) names, and a deterministic " (2)" suffix for
// names that would land on the same file.
import filenamify from 'filenamify';

/** Longest file name, in UTF-8 bytes, that ext4, APFS and NTFS all accept. */
export const MAX_NAME_BYTES = 255;
/**
 * Longest path inside the export folder, in UTF-16 units (what Windows
 * counts): with an export folder of up to ~55 characters, the whole path
 * stays under Windows' classic 260.
 */
export const MAX_RELATIVE_PATH = 200;
export const MAX_NOTEBOOK_NAME_UNITS = 64;
export const MAX_NOTE_NAME_UNITS = 100;
/** A name is never cut shorter than this, whatever the depth (a very deep tree may then exceed MAX_RELATIVE_PATH). */
const MIN_NAME_UNITS = 12;

export const ATTACHMENTS_FOLDER = '_attachments';
export const NOTE_EXTENSION = '.md';

const encoder = new TextEncoder();
const bytesOf = (s: string) => encoder.encode(s).length;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The longest run of whole graphemes from the start of `text` within both budgets. */
function cut(text: string, maxUnits: number, maxBytes: number): string {
  if (text.length <= maxUnits && bytesOf(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(text)) {
    const size = bytesOf(segment);
    if (out.length + segment.length > maxUnits || bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

// A lone surrogate cannot be written in a name: Linux and macOS would get
// U+FFFD instead, so two titles differing only in one would land on the
// same file without the clash being seen. It becomes `_`, like a control character.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const sanitize = (text: string) =>
  filenamify(text.replace(LONE_SURROGATE, '_'), { replacement: '_', maxLength: 100_000 });

/**
 * `text` as a file name stem of at most `maxUnits` UTF-16 units and
 * `maxBytes` UTF-8 bytes, or `fallback` when nothing of it is left.
 */
export function safeStem(text: string, maxUnits: number, fallback: string, maxBytes = MAX_NAME_BYTES): string {
  let name = sanitize(text.normalize('NFC').trimStart());
  // A leading dot hides the file (and Obsidian skips it): keep the dot, but not first.
  if (name.startsWith('.')) name = `_${name}`;
  // Cutting may leave a trailing dot or space, or a reserved name (CONSOLE → CON): sanitize again.
  // One unit and byte stay free for the `_` a reserved name gets.
  name = sanitize(cut(name, Math.max(1, maxUnits - 1), Math.max(1, maxBytes - 1)));
  return name === '' || (name === '_' && text.trim() === '') ? fallback : name;
}

/**
 * The key under which two names are the same file on some disk: Windows
 * and macOS ignore case, macOS ignores normalization. It may call two names
 * the same that a disk would not (ß and SS): that only costs a suffix.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * The names taken in one folder. Whoever asks first gets the plain name;
 * later names with the same key get " (2)", " (3)"…, so the result depends
 * only on the order of the claims, which callers make deterministic.
 */
export class FolderNames {
  private readonly taken = new Set<string>();
  /** How many claims needed a suffix. */
  clashes = 0;

  constructor(reserved: readonly string[] = [ATTACHMENTS_FOLDER]) {
    for (const name of reserved) this.taken.add(nameKey(name));
  }

  /**
   * A free name for `text`: its safe stem + `ext`, at most `maxUnits` long
   * with the extension and any suffix; `fallback` when nothing of `text` is
   * usable. The name is taken from then on.
   */
  claim(text: string, ext: string, maxUnits: number, fallback: string): string {
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`;
      const tail = `${suffix}${ext}`;
      const name = `${safeStem(text, maxUnits - tail.length, fallback, MAX_NAME_BYTES - bytesOf(tail))}${tail}`;
      const key = nameKey(name);
      if (!this.taken.has(key)) {
        this.taken.add(key);
        if (n > 1) this.clashes += 1;
        return name;
      }
    }
  }

  /** Takes `name` as it is (a name decided elsewhere, such as the export folder's own). */
  reserve(name: string): void {
    this.taken.add(nameKey(name));
  }
}

/** How long a notebook folder's name may be below a folder whose relative path has `parentLength` units. */
export function notebookNameBudget(parentLength: number): number {
  // Leave room below it for a separator and a short note name with its extension.
  const room = MAX_RELATIVE_PATH - parentLength - 1 - (MIN_NAME_UNITS + NOTE_EXTENSION.length + 1);
  return Math.max(MIN_NAME_UNITS, Math.min(MAX_NOTEBOOK_NAME_UNITS, room));
}

/** How long a file name (extension included) may be in a folder whose relative path has `folderLength` units. */
export function fileNameBudget(folderLength: number): number {
  return Math.max(MIN_NAME_UNITS, Math.min(MAX_NOTE_NAME_UNITS, MAX_RELATIVE_PATH - folderLength - 1));
}

/**
 * Whether `folderName` is a name the export could have given a notebook
 * called `name`: its safe stem, possibly cut short, possibly with a " (n)"
 * suffix. The importer uses it to tell an exported folder from one a person
 * renamed or moved a note into.
 */
export function couldBeExportedName(folderName: string, name: string): boolean {
  const full = safeStem(name, Number.MAX_SAFE_INTEGER, '_', Number.MAX_SAFE_INTEGER);
  const plain = folderName.normalize('NFC');
  const unsuffixed = / \(\d+\)$/.test(plain) ? plain.replace(/ \(\d+\)$/, '') : null;
  return [plain, unsuffixed].some((base) => base !== null && base !== '' && full.startsWith(base));
}
