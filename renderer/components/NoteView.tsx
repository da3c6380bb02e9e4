// The right pane: the open note, read-only for now (the editor replaces the body view).
import { useEffect, useState } from 'react';
import type { NoteDoc } from '../../shared/schema';
import { client } from '../client/index';
import { useBooks } from '../state/books';
import { useNotes } from '../state/notes';
import { useNoteSummary } from '../state/use-visible-notes';
import { useTags } from '../state/tags';
import { bodyWithoutTitle, formatFullDate } from '../format';
import { NotebookIcon } from './icons';

type Loaded = { id: string; note: NoteDoc | null; error?: string };

export function NoteView() {
  const selectedId = useNotes((s) => s.activeId);
  // The summary's updatedAt changes when the note does: that is the cue to fetch it again.
  const updatedAt = useNoteSummary(selectedId)?.updatedAt;
  const books = useBooks((s) => s.books);
  const tags = useTags((s) => s.tags);
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (!selectedId) return;
    let current = true;
    client.invoke('notes.get', { id: selectedId }).then(
      (note) => current && setLoaded({ id: selectedId, note }),
      (error: Error) => current && setLoaded({ id: selectedId, note: null, error: error.message }),
    );
    return () => {
      current = false;
    };
  }, [selectedId, updatedAt]);

  if (!selectedId) {
    return (
      <main className="note-view" aria-label="Note">
        <div className="empty-state"><p className="empty-title">No note selected</p></div>
      </main>
    );
  }
  // Until the new note arrives the previous one stays up, so switching notes does not flash.
  if (!loaded) return <main className="note-view" aria-label="Note" aria-busy="true" />;
  const { note, error } = loaded;
  if (!note) {
    return (
      <main className="note-view" aria-label="Note">
        <div className="empty-state">
          <p className="empty-title">{error ? 'This note could not be opened' : 'This note no longer exists'}</p>
          {error && <p className="empty-hint">{error}</p>}
        </div>
      </main>
    );
  }
  const book = books.find((b) => b.id === note.bookId);
  const noteTags = (note.tags ?? []).map((id) => tags.find((t) => t.id === id)).filter((t) => t !== undefined);
  return (
    <main className="note-view" aria-label="Note" aria-busy={loaded.id !== selectedId}>
      <header className="pane-header note-view-header">
        {book && (
          <span className="note-view-book"><NotebookIcon width="14" height="14" />{book.name}</span>
        )}
        <time className="note-view-date" dateTime={new Date(note.updatedAt).toISOString()}>
          {formatFullDate(note.updatedAt)}
        </time>
      </header>
      <article className="note-view-scroll" data-testid="note-view">
        <div className="note-view-content">
          <h1 className="note-view-title">{note.title || 'Untitled'}</h1>
          {noteTags.length > 0 && (
            <div className="note-view-tags">
              {noteTags.map((tag) => <span key={tag.id} className="tag-chip" data-color={tag.color}>{tag.name}</span>)}
            </div>
          )}
          <div className="note-view-body">{bodyWithoutTitle(note.title, note.body)}</div>
        </div>
      </article>
    </main>
  );
}
