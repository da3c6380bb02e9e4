// The text of one exported note: YAML front matter with the note's fields,
// then its body. Each key is written on one line (lists in flow style,
// strings bare where YAML reads them back as they are, else double-quoted
// with escapes), in the
// order the importer expects (EXPORT_KEYS), so `quire import-markdown`
// can tell the export's lines from the note's own.
//
// A note whose body starts with front matter of its own keeps it: its
// block is merged into the export's, after one empty line, byte for byte.
// A key the note's block already has is not written twice; the note's
// value stays. Where merging could lose something (the note's block sets
// one of these keys to another value, or has a form that could not be
// reproduced exactly), the export's block is written above the note's
// untouched body instead.
import type { NoteStatus } from '../../shared/schema';
import {
  EXPORT_KEYS, exportedBody, noteMetaOf, parseFrontMatter, type FrontMatter, type NoteMeta,
} from '../import/front-matter';

export interface ExportedMeta {
  title: string;
  /** Tag names, in the note's order. */
  tags: string[];
  /** Notebook names from the top notebook down. */
  notebook: string[];
  status: NoteStatus;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
  id: string;
}

type ExportKey = (typeof EXPORT_KEYS)[number];

// ISO 8601 has four-digit years; later times are written as milliseconds, which the importer reads too.
const LAST_ISO_MS = Date.UTC(10000, 0, 1) - 1;
const time = (ms: number) => (ms >= 0 && ms <= LAST_ISO_MS ? new Date(ms).toISOString() : ms);

function valuesOf(meta: ExportedMeta): Record<ExportKey, unknown> {
  return {
    title: meta.title,
    tags: meta.tags,
    notebook: meta.notebook,
    status: meta.status,
    pinned: meta.pinned,
    created: time(meta.createdAt),
    updated: time(meta.updatedAt),
    id: meta.id,
  };
}

// A string YAML reads back as this very string when written bare, in a
// block mapping or a flow list: no indicator first, no `: ` or ` #`, no
// flow punctuation, nothing that could be a number, boolean or null.
const PLAIN = /^[\p{L}_(/][\p{L}\p{M}\p{N}\p{Pd} _.'()/+:#!&*@$%=^~\\]*$/u;
const NOT_PLAIN = /: |:$| #|[ :]$/;
const RESERVED_WORDS = /^(?:~|null|true|false|y|n|yes|no|on|off)$/i;

/** One scalar as YAML: bare when it is plainly a string, else double-quoted with JSON's escapes and a few more. */
function scalar(value: unknown): string {
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  const text = String(value);
  if (PLAIN.test(text) && !NOT_PLAIN.test(text) && !RESERVED_WORDS.test(text)) return text;
  // JSON strings are YAML double-quoted scalars; YAML also wants these characters escaped.
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ISO 8601 times are written bare: YAML reads `2024-01-02T03:04:05.000Z` as text, which the importer parses.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** `key: value` lines, one per key, each ending in a newline; lists in flow style (`[a, b]`). */
function yamlLines(values: Partial<Record<ExportKey, unknown>>): string {
  let out = '';
  for (const [key, value] of Object.entries(values)) {
    const text = Array.isArray(value)
      ? `[${value.map(scalar).join(', ')}]`
      : typeof value === 'string' && ISO_TIME.test(value) ? value : scalar(value);
    out += `${key}: ${text}\n`;
  }
  return out;
}

/** The whole file: front matter, then the body. */
export function noteFileText(meta: ExportedMeta, body: string): string {
  const values = valuesOf(meta);
  const own = parseFrontMatter(body);
  if (own.kind === 'valid') {
    const merged = mergedText(meta, values, body, own);
    if (merged !== null) return merged;
  }
  return `---\n${yamlLines(values)}---\n${body}`;
}

function mergedText(
  meta: ExportedMeta,
  values: Record<ExportKey, unknown>,
  body: string,
  own: Extract<FrontMatter, { kind: 'valid' }>,
): string | null {
  // Only a block of the plain form (`---` lines, LF) can be carried over exactly.
  const closing = body.slice(own.innerStart + own.inner.length, body.length - own.rest.length);
  if (!body.startsWith('---\n') || own.inner === '' || own.inner.includes('\r')) return null;
  if (closing !== '\n---\n' && !(closing === '\n---' && own.rest === '')) return null;

  const ours: Partial<Record<ExportKey, unknown>> = {};
  for (const key of EXPORT_KEYS) {
    if (!Object.hasOwn(own.data, key)) ours[key] = values[key];
    else if (!sameMeaning(noteMetaOf({ [key]: own.data[key] }).meta, key, meta)) return null;
  }
  if (Object.keys(ours).length === 0) return null;
  const text = `---\n${yamlLines(ours)}\n${body.slice(4)}`;

  // What the importer will read back must be this note: its body byte for byte, its fields.
  const check = parseFrontMatter(text);
  if (check.kind !== 'valid' || exportedBody(text, check) !== body) return null;
  const read = noteMetaOf(check.data).meta;
  return EXPORT_KEYS.every((key) => sameMeaning(read, key, meta)) ? text : null;
}

function sameMeaning(read: NoteMeta, key: ExportKey, meta: ExportedMeta): boolean {
  switch (key) {
    case 'title':
      return read.title === meta.title;
    case 'tags':
      return sameList(read.tags, meta.tags);
    case 'notebook':
      return sameList(read.notebook, meta.notebook);
    case 'status':
      return read.status === meta.status;
    case 'pinned':
      return read.pinned === meta.pinned;
    case 'created':
      return read.createdAt === meta.createdAt;
    case 'updated':
      return read.updatedAt === meta.updatedAt;
    case 'id':
      return read.id === meta.id;
  }
}

const sameList = (a: string[] | undefined, b: string[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
