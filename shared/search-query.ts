// The search box syntax, parsed into a plain object so the renderer can give
// feedback as the user types and the main process (or a worker) can run it.
//
//   free words         grep archive       every word must match (last one as a prefix)
//   "exact words"      "create an archive"
//   qualifiers         book:Work  book:"My Work"  book:Work/Drafts  tag:todo  status:on-hold  title:tar
//   exclusion          -word  -"some phrase"  -tag:x  -book:y  -status:z  -title:w
//
// Parsing never fails: anything that is not a known qualifier is a word, and an
// unclosed quote runs to the end of the input (the user is still typing it).
import type { NoteStatus } from './schema';

export interface SearchQuery {
  terms: string[];
  excludeTerms: string[];
  phrases: string[];
  excludePhrases: string[];
  title: string[];
  excludeTitle: string[];
  books: string[];
  excludeBooks: string[];
  tags: string[];
  excludeTags: string[];
  statuses: NoteStatus[];
  excludeStatuses: NoteStatus[];
  /** Values given to `status:` that name no status; such a filter matches no note. */
  unknownStatuses: string[];
  /**
   * True when the input ends inside its last free word (no trailing space or quote),
   * so the search may treat that word as a prefix of what the user is typing.
   */
  lastTermIsPartial: boolean;
}

export type QualifierKey = 'book' | 'tag' | 'status' | 'title';
const QUALIFIERS: readonly QualifierKey[] = ['book', 'tag', 'status', 'title'];

const STATUS_ALIASES: Record<string, NoteStatus> = {
  active: 'active',
  onhold: 'onHold',
  completed: 'completed',
  complete: 'completed',
  done: 'completed',
  dropped: 'dropped',
  none: 'none',
};

/** `on hold`, `On-Hold`, `onHold`, `on_hold` → `onHold`; null when it names no status. */
export function parseStatus(value: string): NoteStatus | null {
  const key = value.toLowerCase().replace(/[\s_-]+/g, '');
  return STATUS_ALIASES[key] ?? null;
}

export function emptySearchQuery(): SearchQuery {
  return {
    terms: [], excludeTerms: [], phrases: [], excludePhrases: [], title: [], excludeTitle: [],
    books: [], excludeBooks: [], tags: [], excludeTags: [], statuses: [], excludeStatuses: [],
    unknownStatuses: [], lastTermIsPartial: false,
  };
}

/** True when the query asks for nothing at all (an empty or blank search box). */
export function isEmptySearchQuery(q: SearchQuery): boolean {
  const { lastTermIsPartial: _partial, ...lists } = q;
  return Object.values(lists).every((list) => list.length === 0);
}

// Straight and typographic quotes: macOS and iOS replace " with “ ” as you type.
const OPEN_QUOTES = new Set(['"', '“', '„']);
const CLOSE_QUOTES = new Set(['"', '”', '“']);
const isSpace = (ch: string) => /\s/u.test(ch);

interface Token {
  negated: boolean;
  key: QualifierKey | null;
  value: string;
  quoted: boolean;
  /** The token reached the end of the input without a closing quote or space after it. */
  atEnd: boolean;
}

/** Reads a quoted value starting at the opening quote; returns it and the index after it. */
function readQuoted(input: string, start: number): { value: string; end: number; closed: boolean } {
  let i = start + 1;
  while (i < input.length && !CLOSE_QUOTES.has(input[i]!)) i++;
  const closed = i < input.length;
  return { value: input.slice(start + 1, i), end: closed ? i + 1 : i, closed };
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (isSpace(input[i]!)) {
      i++;
      continue;
    }
    let negated = false;
    if (input[i] === '-' && i + 1 < input.length && !isSpace(input[i + 1]!)) {
      negated = true;
      i++;
    }
    if (OPEN_QUOTES.has(input[i]!)) {
      const q = readQuoted(input, i);
      tokens.push({ negated, key: null, value: q.value, quoted: true, atEnd: false });
      i = q.end;
      continue;
    }
    const colon = /^([A-Za-z]+):/.exec(input.slice(i, i + 8));
    const key = colon ? (colon[1]!.toLowerCase() as QualifierKey) : null;
    if (colon && QUALIFIERS.includes(key!)) {
      i += colon[0].length;
      if (i < input.length && OPEN_QUOTES.has(input[i]!)) {
        const q = readQuoted(input, i);
        tokens.push({ negated, key, value: q.value, quoted: true, atEnd: false });
        i = q.end;
        continue;
      }
      const start = i;
      while (i < input.length && !isSpace(input[i]!)) i++;
      tokens.push({ negated, key, value: input.slice(start, i), quoted: false, atEnd: i === input.length });
      continue;
    }
    const start = i;
    while (i < input.length && !isSpace(input[i]!)) i++;
    tokens.push({ negated, key: null, value: input.slice(start, i), quoted: false, atEnd: i === input.length });
  }
  return tokens;
}

function pushUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

export function parseSearchQuery(input: string): SearchQuery {
  const q = emptySearchQuery();
  const tokens = tokenize(input);
  for (const token of tokens) {
    const value = token.value.trim();
    if (value === '') continue;
    const neg = token.negated;
    switch (token.key) {
      case null:
        if (token.quoted) pushUnique(neg ? q.excludePhrases : q.phrases, value);
        else pushUnique(neg ? q.excludeTerms : q.terms, value);
        break;
      case 'title':
        pushUnique(neg ? q.excludeTitle : q.title, value);
        break;
      case 'book':
        pushUnique(neg ? q.excludeBooks : q.books, value);
        break;
      case 'tag':
        pushUnique(neg ? q.excludeTags : q.tags, value);
        break;
      case 'status': {
        const status = parseStatus(value);
        if (status) pushUnique(neg ? q.excludeStatuses : q.statuses, status);
        // Excluding a status no note can have excludes nothing, so only an
        // unknown status the user asked *for* changes the result.
        else if (!neg) pushUnique(q.unknownStatuses, value);
        break;
      }
    }
  }
  // Only a free word still being typed (nothing after it) is partial.
  const last = tokens[tokens.length - 1];
  q.lastTermIsPartial = !!last && last.key === null && !last.quoted && !last.negated && last.atEnd;
  return q;
}
