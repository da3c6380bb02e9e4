// The backup in the status bar, in a few words; a click opens Preferences ›
// Backup. Also the state icon and clock the Backup pane shares.
import { useEffect, useState } from 'react';
import { useBackup } from '../../state/backup';
import { useDialogs } from '../../state/dialogs';
import { describeBackup, shortBackupText, type BackupTone } from './backup-text';
import './backup.css';

/** The time, ticking every second while `live` (a retry countdown, "today at…"). */
export function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [live]);
  return now;
}

export function BackupStatusIcon({ tone }: { tone: BackupTone }) {
  return (
    <svg className={`backup-icon tone-${tone}`} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false"
      fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
      {tone === 'ok' && <><circle cx="8" cy="8" r="6.25" /><path d="M5.3 8.2l1.9 1.9 3.6-3.9" /></>}
      {tone === 'busy' && <><path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9" /><path d="M13.6 2.6v2.9h-2.9" /></>}
      {tone === 'off' && <><circle cx="8" cy="8" r="6.25" /><path d="M8 4.8v3.7" /><path d="M8 11.1v.1" /></>}
      {tone === 'error' && <><path d="M8 2.2l6.2 11H1.8z" /><path d="M8 6.5v3" /><path d="M8 11.4v.1" /></>}
    </svg>
  );
}

export function BackupIndicator() {
  const status = useBackup((s) => s.status);
  const showPreferences = useDialogs((s) => s.showPreferences);
  if (!status) return null;
  const text = describeBackup(status);
  const title = [text.headline, text.detail, status.state !== 'off' ? status.location : null].filter(Boolean).join('\n');
  return (
    <button
      type="button"
      className={`backup-indicator tone-${text.tone}`}
      data-testid="backup-indicator"
      data-state={status.state}
      title={title}
      onClick={() => showPreferences('backup')}
    >
      <BackupStatusIcon tone={text.tone} />
      <span>{shortBackupText(status)}</span>
      {status.state === 'backing-up' && status.firstCopy && (
        <progress className="backup-indicator-progress" max={Math.max(status.total, 1)} value={status.done} aria-label="Backup progress" />
      )}
    </button>
  );
}
