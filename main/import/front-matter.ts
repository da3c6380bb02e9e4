// YAML front matter of imported Markdown files: finding the block, parsing
// it, and turning the keys Quire understands into note fields.
import { parse } from 'yaml';
import { MAX_NOTE_TITLE_CHARS, MAX_TAG_NAME_CHARS, NOTE_STATUSES, type NoteStatus } from '../../shared/schema';

// `---` on the first line, then YAML, then `---` (or YAML's `...`) on a line of its own.
const BLOCK = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

export type FrontMatter =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'valid'; data: Record<string, unknown>; rest: string };

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
  return { kind: 'valid', data: data as Record<string, unknown>, rest: text.slice(match[0].length) };
}

export interface NoteMeta {
  id?: string;
  title?: string;
  tags?: string[];
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
        const title = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
        if (title && title.length <= MAX_NOTE_TITLE_CHARS) {
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
      case 'notebook':
        // The folder decides the notebook; an exported note names it too, which
        // says nothing new, so the key counts as understood.
        used = typeof value === 'string';
        break;
    }
    if (!used) usedAll = false;
  }
  return { meta, usedAll };
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
