// The bottom bar: how many notes there are (as All Notes counts them, the
// Trash said apart), notes that could not be saved, the progress of long
// work (import…), sync and the backup.
import { useMemo } from 'react';
import { TRASH_BOOK_ID } from '../../shared/doc-limits';
import { useNotes } from '../state/notes';
import { useEditor } from './editor/editor-store';
import { useProgress } from '../state/progress';
import { formatCount } from '../format';
import { BackupIndicator } from './backup/BackupIndicator';
import { SyncIndicator } from './sync/SyncIndicator';

export function StatusBar() {
  const placesVersion = useNotes((s) => s.placesVersion);
  const byId = useNotes((s) => s.byId);
  const loaded = useNotes((s) => s.loaded);
  const { all, trash } = useMemo(() => {
    let inTrash = 0;
    for (const note of byId.values()) if (note.bookId === TRASH_BOOK_ID) inTrash += 1;
    return { all: byId.size - inTrash, trash: inTrash };
  }, [byId, placesVersion]); // eslint-disable-line react-hooks/exhaustive-deps -- byId is patched in place; placesVersion says when a note came, went or moved
  const notSaved = useEditor((s) => Object.keys(s.notSaved).length);
  const tasks = useProgress((s) => s.tasks);
  const numbers = new Intl.NumberFormat();
  return (
    <footer className="statusbar">
      <span className="statusbar-text" data-testid="status-count">
        {loaded ? `${formatCount(all, 'note', 'notes')}${trash > 0 ? `, ${numbers.format(trash)} in the Trash` : ''}` : 'Loading…'}
      </span>
      {notSaved > 0 && (
        <span className="statusbar-not-saved" role="alert" data-testid="status-not-saved"
          title="A note over 8 MB cannot be saved: shorten it. Its text is kept on this computer meanwhile.">
          {formatCount(notSaved, 'note', 'notes')} not saved
        </span>
      )}
      <span className="statusbar-progress">
        {Object.values(tasks).map((p) => (
          <span key={p.task} className="progress" data-testid={`progress-${p.task}`}>
            <span className="progress-label">{p.finished ? `${p.label} — done` : p.label}</span>
            <progress max={Math.max(p.total, 1)} value={p.finished ? Math.max(p.total, 1) : p.done} aria-label={p.label} />
            {p.total > 1 && <span className="progress-count">{numbers.format(p.done)} / {numbers.format(p.total)}</span>}
          </span>
        ))}
        <SyncIndicator />
        <BackupIndicator />
      </span>
    </footer>
  );
}
