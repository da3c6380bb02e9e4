// Opens the note a `quire://note:` (or `inkdrop://note:`) link points at,
// switching the list to a view that contains it when the current one does not.
// A note deleted forever whose versions are still in the history opens in
// Note › History…, where it can be brought back.
import { TRASH_BOOK_ID } from '../../../shared/doc-limits';
import { client } from '../../client/index';
import { useBooks } from '../../state/books';
import { useDialogs } from '../../state/dialogs';
import { filterPredicate } from '../../state/library';
import { useNotes } from '../../state/notes';
import { useEditor } from './editor-store';

export function openLinkedNote(id: string): void {
  const notes = useNotes.getState();
  const summary = notes.byId.get(id);
  if (!summary) {
    const missing = () => useEditor.getState().setAlert('The linked note is not in this database.');
    client.invoke('history.list', { noteId: id }).then(
      (history) => (history.entries.some((e) => !e.deleted) ? useDialogs.getState().showHistory(id) : missing()),
      missing,
    );
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
