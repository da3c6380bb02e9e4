// The bottom bar: how many notes there are (as All Notes counts them, the
// Trash said apart), notes that could not be saved, the progress of long
// work (import…), sync and the backup.
import { useNotes } from '../state/notes';
import { useNoteCounts } from '../state/use-note-counts';
import { useEditor } from './editor/editor-store';
import { useProgress } from '../state/progress';
import { formatCount } from '../format';
import { BackupIndicator } from './backup/BackupIndicator';
import { SyncIndicator } from './sync/SyncIndicator';

export function StatusBar() {
  const loaded = useNotes((s) => s.loaded);
  const { all, trash } = useNoteCounts();
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
