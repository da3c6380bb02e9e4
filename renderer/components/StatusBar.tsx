// The bottom bar: how many notes there are, the progress of long work (import…), and the backup.
import { useNotes } from '../state/notes';
import { useProgress } from '../state/progress';
import { formatCount } from '../format';
import { BackupIndicator } from './backup/BackupIndicator';

export function StatusBar() {
  const total = useNotes((s) => (s.version, s.byId.size));
  const loaded = useNotes((s) => s.loaded);
  const tasks = useProgress((s) => s.tasks);
  const numbers = new Intl.NumberFormat();
  return (
    <footer className="statusbar">
      <span className="statusbar-text">{loaded ? formatCount(total, 'note', 'notes') : 'Loading…'}</span>
      <span className="statusbar-progress">
        {Object.values(tasks).map((p) => (
          <span key={p.task} className="progress" data-testid={`progress-${p.task}`}>
            <span className="progress-label">{p.finished ? `${p.label} — done` : p.label}</span>
            <progress max={Math.max(p.total, 1)} value={p.finished ? Math.max(p.total, 1) : p.done} aria-label={p.label} />
            {p.total > 1 && <span className="progress-count">{numbers.format(p.done)} / {numbers.format(p.total)}</span>}
          </span>
        ))}
        <BackupIndicator />
      </span>
    </footer>
  );
}
