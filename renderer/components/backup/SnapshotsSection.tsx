// Preferences › Backup › Snapshots: the whole database as it was at earlier
// moments, kept in the backup folder. On or off, how often, how long they
// are kept, how many there are and their size, Take Snapshot Now, and
// Restore to… (SnapshotRestoreDialog.tsx). Needs a backup folder.
import { useEffect, useId, useState } from 'react';
import type { SnapshotsOverview } from '../../../shared/contract/snapshot-requests';
import { client } from '../../client/index';
import { notifyError, useNotifications } from '../../state/notifications';
import { loadSnapshots, useSnapshots } from '../../state/snapshots';
import { useNow } from './BackupIndicator';
import { SnapshotRestoreDialog } from './SnapshotRestoreDialog';
import { busyText, describeSnapshot, intervalChoices, intervalLabel, retentionText, statsText } from './snapshot-text';
import { KEEP_CHOICES, KEEP_LABELS, type KeepChoice } from '../../../shared/snapshot-retention';
import './snapshots.css';

let toastId = 0;

async function saveSettings(settings: SnapshotsOverview['settings']) {
  try {
    useSnapshots.getState().setOverview(await client.invoke('snapshots.setSettings', settings));
  } catch (error) {
    notifyError('Could not change the snapshot settings', error);
  }
}

export function SnapshotsSection() {
  const overview = useSnapshots((s) => s.overview);
  const [taking, setTaking] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const intervalId = useId();
  const now = useNow(Boolean(overview?.lastSnapshotAt));

  useEffect(() => {
    loadSnapshots().catch((error: unknown) => notifyError('Could not read the snapshots', error));
  }, []);

  if (!overview) return null;
  const noFolder = overview.folder === null;
  const settings = overview.settings;
  const { enabled, intervalMinutes, keep } = settings;
  const busy = busyText(overview.busy);
  const working = taking || overview.busy !== null;

  const takeNow = async () => {
    setTaking(true);
    try {
      const snapshot = await client.invoke('snapshots.takeNow', {});
      useNotifications.getState().push(snapshot.unchanged
        ? { id: `snapshot-${++toastId}`, kind: 'info', title: 'Nothing changed since the last snapshot', body: 'No new snapshot was needed.' }
        : { id: `snapshot-${++toastId}`, kind: 'success', title: 'Snapshot taken', body: `${describeSnapshot(snapshot)}.` });
    } catch (error) {
      notifyError('Could not take a snapshot', error);
    } finally {
      setTaking(false);
    }
  };

  return (
    <section className="snapshots-section" aria-labelledby={`${intervalId}-heading`} data-testid="snapshots-section" data-busy={overview.busy ?? undefined}>
      <div className="snapshots-head">
        <div className="snapshots-text">
          <h3 className="backup-field-label" id={`${intervalId}-heading`}>Snapshots</h3>
          <p className="field-help">
            The whole database as it was at earlier moments, kept in the backup folder: get one note back with
            Note › History…, or everything with Restore to….
          </p>
        </div>
      </div>
      {noFolder ? (
        <p className="snapshots-off" data-testid="snapshots-no-folder">
          Snapshots are kept in the backup folder. Choose a backup folder above to take them.
        </p>
      ) : (
        <>
          <div className="snapshots-settings">
            <label className="snapshots-check">
              <input
                type="checkbox"
                checked={enabled}
                onChange={(event) => void saveSettings({ ...settings, enabled: event.target.checked })}
                data-testid="snapshots-enabled"
              />
              Take a snapshot
            </label>
            <label className="snapshots-interval" htmlFor={intervalId}>every</label>
            <select
              id={intervalId}
              className="select-input"
              value={intervalMinutes}
              disabled={!enabled}
              onChange={(event) => void saveSettings({ ...settings, intervalMinutes: Number(event.target.value) })}
              data-testid="snapshots-interval"
            >
              {intervalChoices(intervalMinutes).map((minutes) => (
                <option key={minutes} value={minutes}>{intervalLabel(minutes)}</option>
              ))}
            </select>
            <span className="snapshots-interval">while something changed</span>
          </div>
          <div className="snapshots-settings">
            <label className="snapshots-interval" htmlFor={`${intervalId}-keep`}>Keep</label>
            <select
              id={`${intervalId}-keep`}
              className="select-input"
              value={keep}
              onChange={(event) => void saveSettings({ ...settings, keep: event.target.value as KeepChoice })}
              aria-describedby={`${intervalId}-retention`}
              data-testid="snapshots-keep"
            >
              {KEEP_CHOICES.map((choice) => (
                <option key={choice} value={choice}>{KEEP_LABELS[choice]}</option>
              ))}
            </select>
          </div>
          <p className="snapshots-retention" id={`${intervalId}-retention`} data-testid="snapshots-retention">{retentionText(overview.retention)}</p>
          <p className="snapshots-stats" data-testid="snapshots-stats" aria-live="polite">
            {busy ?? statsText(overview, now)}
          </p>
          {overview.problem && <p className="snapshots-problem" role="alert" data-testid="snapshots-problem">{overview.problem}</p>}
        </>
      )}
      <div className="snapshots-actions">
        <button type="button" className="button" disabled={noFolder || working} onClick={() => void takeNow()} data-testid="snapshots-take">
          {taking || overview.busy === 'snapshot' ? 'Taking Snapshot…' : 'Take Snapshot Now'}
        </button>
        <button type="button" className="button" disabled={noFolder || working || overview.count === 0}
          onClick={() => setRestoring(true)} data-testid="snapshots-restore">
          Restore to…
        </button>
      </div>
      {restoring && <SnapshotRestoreDialog onClose={() => setRestoring(false)} />}
    </section>
  );
}
