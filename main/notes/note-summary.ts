// Turns a note document into the small row the note list shows.
import type { NoteDoc } from '../../shared/schema';
import type { NoteSummary } from '../../shared/types';

const SNIPPET_CHARS = 120;
/** Bumped whenever NoteSummary or summarizeNote changes, so old caches are rebuilt. */
export const SUMMARY_VERSION = 3;

/** The first words of the body as plain text: Markdown punctuation and links reduced to their text. */
export function snippetOf(body: string): string {
  const head = body.slice(0, SNIPPET_CHARS * 4);
  return head
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+(\[[ xX]\]\s+)?/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, SNIPPET_CHARS);
}

/** `doc` as read with `conflicts: true`, so its `_conflicts` say whether other revisions are kept. */
export function summarizeNote(doc: NoteDoc & { _conflicts?: string[] }): NoteSummary {
  const conflicts = doc._conflicts?.length ?? 0;
  return {
    id: doc._id,
    title: doc.title,
    snippet: snippetOf(doc.body),
    bookId: doc.bookId,
    tags: doc.tags ?? [],
    status: doc.status ?? 'none',
    pinned: doc.pinned ?? false,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    numOfTasks: doc.numOfTasks ?? 0,
    numOfCheckedTasks: doc.numOfCheckedTasks ?? 0,
    ...(conflicts > 0 ? { conflicts } : {}),
  };
}
