// Sync in the status bar, in a few words (nothing while sync is off); a
// click opens Preferences › Sync.
import { useSync } from '../../state/sync';
import { useDialogs } from '../../state/dialogs';
import { BackupStatusIcon } from '../backup/BackupIndicator';
import { describeSync, shortSyncText } from './sync-text';
import './sync.css';

export function SyncIndicator() {
  const status = useSync((s) => s.status);
  const showPreferences = useDialogs((s) => s.showPreferences);
  if (!status || status.state === 'off') return null;
  const text = describeSync(status);
  return (
    <button
      type="button"
      className={`backup-indicator sync-indicator tone-${text.tone}`}
      data-testid="sync-indicator"
      data-state={status.state}
      title={[text.headline, text.detail].filter(Boolean).join('\n')}
      onClick={() => showPreferences('sync')}
    >
      <BackupStatusIcon tone={text.tone} />
      <span>{shortSyncText(status)}</span>
      {text.progress && (
        <progress className="backup-indicator-progress" max={Math.max(text.progress.total, 1)} value={text.progress.done} aria-label="Sync progress" />
      )}
    </button>
  );
}
