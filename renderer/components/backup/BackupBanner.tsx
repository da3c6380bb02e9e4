// Says, above the panes, that nothing is backed up yet, until a folder is
// applied or the user dismisses it. "Choose Folder…" opens Preferences ›
// Backup.
import { useBackup } from '../../state/backup';
import { useDialogs } from '../../state/dialogs';
import { CloseIcon, FolderIcon } from '../icons';
import { BackupStatusIcon } from './BackupIndicator';
import './backup.css';

export function BackupBanner() {
  const off = useBackup((s) => s.status?.state === 'off');
  const dismissed = useBackup((s) => s.bannerDismissed);
  const dismiss = useBackup((s) => s.dismissBanner);
  const showPreferences = useDialogs((s) => s.showPreferences);
  if (!off || dismissed) return null;
  return (
    <div className="backup-banner" role="region" aria-label="Backup" data-testid="backup-banner">
      <BackupStatusIcon tone="off" />
      <span className="backup-banner-text">Your notes are not backed up to a folder yet.</span>
      <button type="button" className="button small" onClick={() => showPreferences('backup')} data-testid="backup-banner-choose">
        <FolderIcon width="14" height="14" />Choose Folder…
      </button>
      <button type="button" className="icon-button backup-banner-close" aria-label="Dismiss" title="Dismiss" onClick={dismiss}>
        <CloseIcon width="14" height="14" />
      </button>
    </div>
  );
}
