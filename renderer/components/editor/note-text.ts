// What the editor checks and computes on a note's text, apart from any view:
// whether an edit can be saved at all, and the smallest change from one text
// to another (so a remote change keeps the cursor and the undo history).
import type { ChangeSpec } from '@codemirror/state';
import { MAX_NOTE_BODY_BYTES, MAX_NOTE_TITLE_CHARS, NOTE_BODY_LIMIT_LABEL } from '../../../shared/doc-limits';
import { bytesOver } from '../../../shared/utf8-size';
import { commonEnds } from '../../../shared/text-ends';
import { keptText } from './kept-text';
import type { NotePatch } from './note-saver';

/** Why the edit cannot be saved (too large a body, too long a title), or null; a body too large is kept in the page's storage meanwhile. */
export function checkPatch(id: string, patch: NotePatch, title: () => string): string | null {
  if (patch.body !== undefined) {
    const bytes = bytesOver(patch.body, MAX_NOTE_BODY_BYTES);
    if (bytes !== null) {
      // Kept in this page's storage, so a reload or a closed window does not lose it.
      keptText.keep(id, title(), patch.body);
      return `The note is larger than ${NOTE_BODY_LIMIT_LABEL} (${(bytes / 1_000_000).toFixed(1)} MB). Shorten it to save it.`;
    }
  }
  if (patch.title !== undefined && patch.title.length > MAX_NOTE_TITLE_CHARS) {
    return `The title can be at most ${MAX_NOTE_TITLE_CHARS} characters.`;
  }
  return null;
}

/** The smallest change turning `from` into `to` (a common start and end kept), so the cursor and history survive. */
export function diffChange(from: string, to: string): ChangeSpec {
  const { start, end } = commonEnds(from, to);
  return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}
