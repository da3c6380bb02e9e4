// The notes the Backlinks section lists: those the main process says link
// here, known to this window and not in the Trash, by title.
import { TRASH_BOOK_ID } from '../../../shared/doc-limits';
import type { NoteSummary } from '../../../shared/types';

const byTitle = new Intl.Collator(undefined, { sensitivity: 'base' });

export function backlinkNotes(sources: readonly string[], byId: ReadonlyMap<string, NoteSummary>): NoteSummary[] {
  return sources
    .flatMap((id) => {
      const note = byId.get(id);
      return note && note.bookId !== TRASH_BOOK_ID ? [note] : [];
    })
    .sort((a, b) => byTitle.compare(a.title, b.title));
}
