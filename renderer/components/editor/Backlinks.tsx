// Under the preview: the notes that link to this one (`quire://note:` or
// `inkdrop://note:` links in their text), from the main process's backlinks
// index (main/notes/backlink-index.ts). Asked again whenever notes change,
// so a link typed in another note shows up as soon as it is saved. Notes in
// the Trash are left out; a click opens the note.
import { useEffect, useMemo, useState } from 'react';
import { client } from '../../client/index';
import { formatCount } from '../../format';
import { useNotes } from '../../state/notes';
import { backlinkNotes } from './backlinks-model';
import { openLinkedNote } from './open-linked-note';

export function Backlinks({ noteId }: { noteId: string }) {
  const [answer, setAnswer] = useState<{ id: string; sources: string[] } | null>(null);
  const version = useNotes((s) => s.version);
  const byId = useNotes((s) => s.byId);

  useEffect(() => {
    let current = true;
    client.invoke('notes.backlinks', { id: noteId }).then(
      (sources) => current && setAnswer({ id: noteId, sources }),
      () => current && setAnswer({ id: noteId, sources: [] }),
    );
    return () => {
      current = false;
    };
  }, [noteId, version]);

  const notes = useMemo(() => {
    if (answer?.id !== noteId) return null;
    return backlinkNotes(answer.sources, byId);
    // version stands for byId's contents changing (it is mutated in place)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [answer, noteId, byId, version]);

  return (
    <section className="backlinks" aria-labelledby="backlinks-title" data-testid="backlinks" aria-busy={notes === null}>
      <h2 id="backlinks-title" className="backlinks-title">
        Backlinks{notes && notes.length > 0 && <span className="backlinks-count">{notes.length}</span>}
      </h2>
      {notes && notes.length === 0 && <p className="backlinks-empty">No other note links here.</p>}
      {notes && notes.length > 0 && (
        <ul className="backlinks-list" aria-label={formatCount(notes.length, 'note links here', 'notes link here')}>
          {notes.map((note) => (
            <li key={note.id}>
              <button type="button" className="backlinks-item" data-note-id={note.id} onClick={() => openLinkedNote(note.id)}>
                {note.title.trim() || 'Untitled'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
