// Preferences › Backup › Restore…: the button, and while a restore reads or
// writes (started from any window), its progress with a way to stop it.
// The dialogs are RestoreDialogs.tsx; the flow is state/restore.ts.
import { useEffect } from 'react';
import { cancelRestore, chooseBackupToRestore, loadRestoreState, useRestore } from '../../state/restore';
import { describeRestoreProgress } from './restore-text';
import './restore.css';

export function RestoreSection() {
  const main = useRestore((s) => s.main);
  const busy = useRestore((s) => s.busy);
  const progress = describeRestoreProgress(main);
  const working = main.state !== 'idle';
  // A restore another window started (or one running before this window opened) shows too.
  useEffect(() => {
    loadRestoreState().catch(() => undefined);
  }, []);
  return (
    <section className="restore-section" data-testid="restore-section" aria-label="Restore">
      <div className="restore-section-head">
        <div className="restore-section-text">
          <h3 className="backup-field-label">Restore</h3>
          <p className="field-help">
            Bring notes back from a backup folder, one Quire wrote or an Inkdrop backup. You see what it holds
            before anything changes, and nothing in Quire is overwritten.
          </p>
        </div>
        <button type="button" className="button" onClick={() => void chooseBackupToRestore()} disabled={busy || working}
          data-testid="restore-button">
          Restore…
        </button>
      </div>
      {working && (
        <div className="restore-progress" data-testid="restore-progress" data-state={main.state} aria-live="polite">
          <span className="restore-progress-text" data-testid="restore-progress-text">{progress}</span>
          <progress
            max={main.state === 'restoring' ? Math.max(main.total, main.done, 1) : undefined}
            value={main.state === 'restoring' ? main.done : undefined}
            aria-label="Restore progress"
          />
          <button type="button" className="button small" onClick={cancelRestore} data-testid="restore-stop">
            {main.state === 'scanning' ? 'Cancel' : 'Stop'}
          </button>
        </div>
      )}
    </section>
  );
}
