// The state of a piece of background work (the backup, sync) as its
// Preferences pane shows it: an icon and a headline, a progress bar during
// long work, the detail in words, and what the pane adds below (the folder,
// the server). Test ids are `<name>-status`, `<name>-status-headline`,
// `<name>-progress` and `<name>-status-detail`.
import type { ReactNode } from 'react';
import type { BackupTone } from './backup/backup-text';
import { BackupStatusIcon } from './backup/BackupIndicator';

export interface StatusText {
  tone: BackupTone;
  headline: string;
  detail: string | null;
  progress: { done: number; total: number } | null;
}

export function StatusPanel({ name, label, state, text, children }: {
  /** The test-id prefix: 'backup', 'sync'. */
  name: string;
  /** What the progress bar is of, for screen readers: "Backup progress". */
  label: string;
  state: string;
  text: StatusText;
  children?: ReactNode;
}) {
  return (
    <section className={`backup-status tone-${text.tone}`} data-testid={`${name}-status`} data-state={state} aria-live="polite">
      <div className="backup-status-head">
        <BackupStatusIcon tone={text.tone} />
        <span className="backup-status-headline" data-testid={`${name}-status-headline`}>{text.headline}</span>
      </div>
      {text.progress && (
        <progress
          className="backup-progress"
          max={Math.max(text.progress.total, 1)}
          value={text.progress.done}
          aria-label={label}
          data-testid={`${name}-progress`}
        />
      )}
      {text.detail && <p className="backup-status-detail" data-testid={`${name}-status-detail`}>{text.detail}</p>}
      {children}
    </section>
  );
}
