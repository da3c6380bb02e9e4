// YAML front matter of imported Markdown files: finding the block, parsing
// it, and turning the keys Quire understands into note fields.
import { parse } from 'yaml';
import {
  MAX_BOOK_NAME_CHARS, MAX_NOTE_TITLE_CHARS, MAX_TAG_NAME_CHARS, NOTE_STATUSES, type NoteStatus,
} from '../../shared/schema';

// `---` on the first line, then YAML, then `---` (or YAML's `...`) on a line of its own.
const BLOCK = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/d;

export type FrontMatter =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string }
  | {
      kind: 'valid';
      data: Record<string, unknown>;
      rest: string;
      /** The YAML between the delimiter lines, and where it starts in the text. */
      inner: string;
      innerStart: number;
    };

export function parseFrontMatter(text: string): FrontMatter {
  const match = BLOCK.exec(text);
  if (!match) return { kind: 'none' };
  let data: unknown;
  try {
    data = parse(match[1] ?? '');
  } catch (error) {
    const firstLine = String((error as Error).message).split('\n')[0]!.trim().replace(/:$/, '');
    return { kind: 'invalid', reason: `its front matter is not valid YAML (${firstLine})` };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { kind: 'invalid', reason: 'its front matter is not a list of "key: value" lines' };
  }
  return {
    kind: 'valid',
    data: data as Record<string, unknown>,
    rest: text.slice(match[0].length),
    inner: match[1] ?? '',
    innerStart: match.indices?.[1]?.[0] ?? match[0].length,
  };
}

export interface NoteMeta {
  id?: string;
  title?: string;
  tags?: string[];
  /** Notebook names from the top down, as Quire's export writes them. */
  notebook?: string[];
  status?: NoteStatus;
  pinned?: boolean;
  createdAt?: number;
  updatedAt?: number;
}

/**
 * Reads the keys Quire understands. `usedAll` is true only when every key
 * was one of ours with a usable value: only then may the block be dropped
 * from the body without losing anything the user wrote.
 */
export function noteMetaOf(data: Record<string, unknown>): { meta: NoteMeta; usedAll: boolean } {
  const meta: NoteMeta = {};
  let usedAll = true;
  for (const [key, value] of Object.entries(data)) {
    let used = false;
    switch (key) {
      case 'id':
        if (typeof value === 'string' && /^note:\S+$/.test(value)) {
          meta.id = value;
          used = true;
        }
        break;
      case 'title': {
        // A quoted title is taken as it is, even empty or with spaces around it: that is
        // how the export writes such titles, and the round trip must give them back.
        const title = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
        if (title !== null && title.length <= MAX_NOTE_TITLE_CHARS) {
          meta.title = title;
          used = true;
        }
        break;
      }
      case 'tags': {
        const tags = tagNamesOf(value);
        if (tags) {
          meta.tags = tags;
          used = true;
        }
        break;
      }
      case 'status':
        if ((NOTE_STATUSES as readonly unknown[]).includes(value)) {
          meta.status = value as NoteStatus;
          used = true;
        }
        break;
      case 'pinned':
        if (typeof value === 'boolean') {
          meta.pinned = value;
          used = true;
        }
        break;
      case 'created':
      case 'updated': {
        const time = timestampOf(value);
        if (time !== null) {
          if (key === 'created') meta.createdAt = time;
          else meta.updatedAt = time;
          used = true;
        }
        break;
      }
      case 'notebook': {
        // A list is the notebook path the export wrote (the importer checks it
        // against the folders); a string names a notebook and says nothing new.
        const names = notebookPathOf(value);
        if (names) meta.notebook = names;
        used = typeof value === 'string' || names !== null;
        break;
      }
    }
    if (!used) usedAll = false;
  }
  return { meta, usedAll };
}

function notebookPathOf(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const ok = value.every((n) => typeof n === 'string' && n.trim() !== '' && n.length <= MAX_BOOK_NAME_CHARS);
  return ok ? (value as string[]) : null;
}

/** A list of names, or one string of comma-separated names; null when any entry is unusable. */
function tagNamesOf(value: unknown): string[] | null {
  const raw = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : null;
  if (raw === null) return null;
  const names: string[] = [];
  for (const item of raw) {
    if (typeof item !== 'string' && typeof item !== 'number') return null;
    // Obsidian writes tags as `#name`; the hash is markup, not part of the name.
    const name = String(item).trim().replace(/^#/, '').trim();
    if (name.length > MAX_TAG_NAME_CHARS) return null;
    if (name) names.push(name);
  }
  return names;
}

/** ISO 8601 text (YAML leaves unquoted dates as text) or milliseconds since 1970. */
function timestampOf(value: unknown): number | null {
  let ms = NaN;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) ms = Date.parse(value.trim());
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : null;
}

/** The keys Quire's export writes, in the order it writes them. */
export const EXPORT_KEYS = ['title', 'tags', 'notebook', 'status', 'pinned', 'created', 'updated', 'id'] as const;

/**
 * The note body of a file written by Quire's export, or null when the block
 * is not one. The export writes its keys first, one line each in
 * EXPORT_KEYS order, leaving out those the note's own front matter already
 * has; the note's own block, when it had one, follows after one empty
 * line. So the block is the export's when it holds every export key and
 * starts with such a run ending at the block's end or an empty line: the
 * run is removed, and what follows is the note's own block, byte for byte.
 */
export function exportedBody(text: string, fm: Extract<FrontMatter, { kind: 'valid' }>): string | null {
  if (!EXPORT_KEYS.every((key) => Object.hasOwn(fm.data, key))) return null;
  const lines = fm.inner.split('\n');
  let last = -1;
  let offset = fm.innerStart;
  let i = 0;
  for (; i < lines.length; i++) {
    const key = /^([a-z]+):(?: |$)/.exec(lines[i]!)?.[1];
    const index = (EXPORT_KEYS as readonly string[]).indexOf(key ?? '');
    if (index <= last) break;
    last = index;
    offset += lines[i]!.length + 1;
  }
  if (i === 0) return null;
  if (i === lines.length) return fm.rest;
  if (lines[i] !== '') return null;
  return `---\n${text.slice(offset + 1)}`;
}
