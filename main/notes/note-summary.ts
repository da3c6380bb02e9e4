// Turns a note document into the small row the note list shows.
import type { DocChange } from '../db/stored-entries';
import type { NoteDoc } from '../../shared/schema';
import type { NoteSummary } from '../../shared/types';

const SNIPPET_CHARS = 120;
/** Bumped whenever NoteSummary or summarizeNote changes, so old caches are rebuilt. */
export const SUMMARY_VERSION = 3;

/**
 * The first words of the body as plain text: Markdown punctuation and links
 * reduced to their text. Run for every note when the list is first built
 * (192,000 at once on a large database), so each rule runs only where its
 * mark appears.
 */
export function snippetOf(body: string): string {
  let head = body.slice(0, SNIPPET_CHARS * 4);
  if (head.startsWith('---\n')) head = head.replace(/^---\n[\s\S]*?\n---\n/, '');
  if (head.includes('```')) head = head.replace(/```[\s\S]*?(```|$)/g, ' ');
  if (head.includes('](')) head = head.replace(/!\[[^\]]*\]\([^)]*\)/g, ' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  return plainText(head.replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+(\[[ xX]\]\s+)?/gm, ''));
}

/** * _ ` ~ */
const isEmphasis = (c: number) => c === 42 || c === 95 || c === 96 || c === 126;
/** What /\s/ matches (ECMAScript's WhiteSpace and LineTerminator), by UTF-16 code unit. */
const isSpace = (c: number) =>
  c <= 32
    ? c === 32 || (c >= 9 && c <= 13)
    : c >= 160 && (c === 160 || c === 5760 || (c >= 8192 && c <= 8202) || c === 8232 || c === 8233 || c === 8239 || c === 8287 || c === 12288 || c === 65279);

/**
 * The text without emphasis marks, every run of white space made one space,
 * trimmed, and cut at SNIPPET_CHARS: one pass that stops once the snippet is
 * full (the same as replace(/[*_`~]+/g, ''), replace(/\s+/g, ' '), trim(),
 * slice(), which went over all of it four times).
 */
const codes = new Uint16Array(SNIPPET_CHARS);

function plainText(text: string): string {
  // Char codes, made one flat string at the end: a string grown a character at a time is a chain of 120 pieces,
  // kept for as long as the summary is (200,000 of them at once).
  let length = 0;
  let space = false;
  for (let i = 0; i < text.length && length < SNIPPET_CHARS; i++) {
    const c = text.charCodeAt(i);
    if (isEmphasis(c)) continue;
    if (isSpace(c)) {
      space = length > 0;
      continue;
    }
    if (space) {
      codes[length++] = 32;
      space = false;
      if (length === SNIPPET_CHARS) break;
    }
    codes[length++] = c;
  }
  return String.fromCharCode.apply(null, codes.subarray(0, length) as unknown as number[]);
}

/**
 * `doc` as read with `conflicts: true`, so its `_conflicts` say whether other
 * revisions are kept. A note written by something other than Quire (a sync
 * peer, an old backup) may lack its text: it is listed, untitled and empty,
 * rather than stopping the whole list from loading.
 */
export function summarizeNote(doc: NoteDoc & { _conflicts?: string[] }): NoteSummary {
  const conflicts = doc._conflicts?.length ?? 0;
  return {
    id: doc._id,
    title: typeof doc.title === 'string' ? doc.title : '',
    snippet: typeof doc.body === 'string' ? snippetOf(doc.body) : '',
    bookId: doc.bookId,
    tags: doc.tags ?? [],
    status: doc.status ?? 'none',
    // Only `true`: a document from elsewhere with another value is listed as not pinned, as the search sorts it.
    pinned: doc.pinned === true,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    numOfTasks: doc.numOfTasks ?? 0,
    numOfCheckedTasks: doc.numOfCheckedTasks ?? 0,
    ...(conflicts > 0 ? { conflicts } : {}),
  };
}

/** A change as the changes feed (or the store's reader) gives it, with its document when it has one. */
export type NoteChange = Pick<DocChange, 'id' | 'deleted' | 'doc'>;

/**
 * What a page of changes does to the note list: notes summarized, notes gone
 * (deleted, or without a document). `readLater`: changes whose document is
 * still to be read (conflicts, read through PouchDB), listed by id apart.
 */
export function summarizeChanges(
  changes: Iterable<NoteChange>,
  readLater: ReadonlySet<NoteChange> = new Set(),
): { summaries: NoteSummary[]; removed: string[]; readLater: string[] } {
  const page = { summaries: [] as NoteSummary[], removed: [] as string[], readLater: [] as string[] };
  for (const change of changes) {
    if (!change.id.startsWith('note:')) continue;
    if (readLater.has(change)) page.readLater.push(change.id);
    else if (change.deleted || !change.doc) page.removed.push(change.id);
    else page.summaries.push(summarizeNote(change.doc as NoteDoc));
  }
  return page;
}
