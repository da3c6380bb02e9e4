// File › New Note (Cmd/Ctrl+N) and a notebook's New Note: a new note in that
// notebook, or the one the sidebar shows (else the default notebook), opened
// in the editor with the title focused.
import type { NoteDoc } from '../../../shared/schema';
import type { NoteSummary } from '../../../shared/types';
import { client } from '../../client/index';
import { registerCommand } from '../../commands';
import { useNotes } from '../../state/notes';
import { notifyError } from '../../state/notifications';
import { editorSession } from './editor-session';
import { useEditor } from './editor-store';
import { plainError } from './plain-error';

export function summaryOf(doc: NoteDoc): NoteSummary {
  return {
    id: doc._id, title: doc.title, snippet: '', bookId: doc.bookId, tags: doc.tags, status: doc.status,
    pinned: doc.pinned, createdAt: doc.createdAt, updatedAt: doc.updatedAt,
    numOfTasks: doc.numOfTasks, numOfCheckedTasks: doc.numOfCheckedTasks,
  };
}

let creating = false;

/**
 * A new note, shown and focused at once (a draft, editor-session.ts) and
 * made by the host meanwhile: in `bookId`, else in the notebook the sidebar
 * shows, else the default notebook.
 */
export async function createNote(bookId?: string): Promise<void> {
  if (creating) return;
  creating = true;
  const { filter } = useNotes.getState();
  const inBook = bookId ?? (filter.kind === 'book' ? filter.id : undefined);
  // A new note is for writing: Preview alone would show an empty page with nowhere to type (Side by side has the editor).
  if (useEditor.getState().mode === 'preview') useEditor.getState().setMode('edit');
  editorSession.beginDraft(inBook);
  try {
    const doc = await client.invoke('notes.create', inBook ? { bookId: inBook } : {});
    const notes = useNotes.getState();
    // The list learns of the note from the database's event too; adding it now lets it be opened at once.
    notes.patch([summaryOf(doc)], []);
    // Another note was chosen meanwhile: the new note keeps what was typed into it, and the user stays where they went.
    if (!editorSession.adoptDraft(doc)) return;
    const now = useNotes.getState();
    if (bookId) now.setFilter({ kind: 'book', id: bookId });
    // A view the new note is not part of (a tag, the trash, a search) would hide it again at once.
    else if (now.filter.kind !== 'all' && !(now.filter.kind === 'book' && now.filter.id === doc.bookId)) now.setFilter({ kind: 'all' });
    if (now.query) now.setQuery('');
    useNotes.getState().open(doc._id);
  } catch (error) {
    editorSession.draftFailed(plainError(error));
    notifyError('Could not create a note', error);
  } finally {
    creating = false;
  }
}

registerCommand('note.new', () => createNote());
