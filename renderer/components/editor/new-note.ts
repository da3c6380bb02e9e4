// File › New Note (Cmd/Ctrl+N): a new note in the notebook the sidebar shows
// (else the default notebook), opened in the editor with the title focused.
import type { NoteDoc } from '../../../shared/schema';
import type { NoteSummary } from '../../../shared/types';
import { client } from '../../client/index';
import { registerCommand } from '../../commands';
import { useNotes } from '../../state/notes';
import { notifyError } from '../../state/notifications';
import { editorSession } from './editor-session';
import { useEditor } from './editor-store';

export function summaryOf(doc: NoteDoc): NoteSummary {
  return {
    id: doc._id, title: doc.title, snippet: '', bookId: doc.bookId, tags: doc.tags, status: doc.status,
    pinned: doc.pinned, createdAt: doc.createdAt, updatedAt: doc.updatedAt,
    numOfTasks: doc.numOfTasks, numOfCheckedTasks: doc.numOfCheckedTasks,
  };
}

let creating = false;

export async function createNote(): Promise<void> {
  if (creating) return;
  creating = true;
  try {
    const { filter } = useNotes.getState();
    const doc = await client.invoke('notes.create', filter.kind === 'book' ? { bookId: filter.id } : {});
    const notes = useNotes.getState();
    // The list learns of the note from the database's event too; adding it now lets it be opened at once.
    notes.patch([summaryOf(doc)], []);
    // A view the new note is not part of (a tag, the trash, a search) would hide it again at once.
    if (filter.kind !== 'all' && filter.kind !== 'book') notes.setFilter({ kind: 'all' });
    if (notes.query) notes.setQuery('');
    editorSession.prime(doc);
    useEditor.setState({ focusTitleOf: doc._id });
    useNotes.getState().open(doc._id);
  } catch (error) {
    notifyError('Could not create a note', error);
  } finally {
    creating = false;
  }
}

registerCommand('note.new', createNote);
