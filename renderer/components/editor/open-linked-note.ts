// Opens the note a `quire://note:` (or `inkdrop://note:`) link points at,
// switching the list to a view that contains it when the current one does not.
import { TRASH_BOOK_ID } from '../../../shared/schema';
import { useBooks } from '../../state/books';
import { filterPredicate } from '../../state/library';
import { useNotes } from '../../state/notes';
import { useEditor } from './editor-store';

export function openLinkedNote(id: string): void {
  const notes = useNotes.getState();
  const summary = notes.byId.get(id);
  if (!summary) {
    useEditor.getState().setAlert('The linked note is not in this database.');
    return;
  }
  const inView = filterPredicate(notes.filter, useBooks.getState().books)(summary)
    && (notes.searchIds === null || notes.searchIds.includes(id));
  if (!inView) {
    notes.setFilter(summary.bookId === TRASH_BOOK_ID ? { kind: 'trash' } : { kind: 'all' });
    if (notes.query) notes.setQuery('');
  }
  useNotes.getState().open(id);
}
