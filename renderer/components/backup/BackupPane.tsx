// Preferences › Backup: where the notes are copied, and how that is going.
// The field holds a path the user types or picks with "…" (or Choose
// Folder…); Apply asks the main process to check it and, if it can be used,
// to mirror into it. A folder chosen in the picker is applied at once: a new
// user who chose a folder and closed Preferences believed the notes were
// backed up, and they were not. A typed path waits for Apply, and says so. A
// refused path is explained beside the field and changes nothing.
import { useId, useState, type FormEvent } from 'react';
import { client } from '../../client/index';
import { appliedLocation, useBackup } from '../../state/backup';
import { useDialogs } from '../../state/dialogs';
import { notifyError } from '../../state/notifications';
import { openFolder } from '../FolderPath';
import { FolderIcon } from '../icons';
import { describeBackup } from './backup-text';
import { useNow } from './BackupIndicator';
import { StatusPanel } from '../StatusPanel';
import { RestoreSection } from './RestoreSection';
import { SnapshotsSection } from './SnapshotsSection';
import './backup.css';

export function BackupPane() {
  const status = useBackup((s) => s.status);
  const applied = appliedLocation(status);
  const [draft, setDraft] = useState(applied);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The folder holds other things and is not a backup folder: asked before anything is written there. */
  const [question, setQuestion] = useState<{ folder: string; subfolder: string } | null>(null);
  const fieldId = useId();
  const helpId = useId();
  const questionId = useId();

  // The applied location may arrive after the pane opens (or change in another window): follow it while the user has not typed.
  const [lastApplied, setLastApplied] = useState(applied);
  if (applied !== lastApplied) {
    setLastApplied(applied);
    if (draft.trim() === lastApplied) setDraft(applied);
  }

  const changed = draft.trim() !== '' && draft.trim() !== applied;

  const pick = async () => {
    try {
      const folder = await client.invoke('platform.pickFolder', {
        title: 'Choose a folder for the backup',
        create: true,
        ...(draft.trim() ? { defaultPath: draft.trim() } : {}),
      });
      if (folder) {
        setDraft(folder);
        setMessage(null);
        if (folder !== applied) await send(folder, 'ask', folder);
      }
    } catch (error) {
      notifyError('Could not show the folder picker', error);
    }
  };

  /** `shown`: what the field holds as this is sent (the picked folder, set a moment ago). */
  const send = async (location: string, whenNotEmpty: 'ask' | 'use', shown = draft) => {
    const draftWhenSent = shown;
    setBusy(true);
    setQuestion(null);
    try {
      const result = await client.invoke('backup.setLocation', { location, whenNotEmpty });
      // What the user typed while the host answered stays: the field takes the answer's folder only if it
      // still holds what was sent (found by a slow run: a late answer put the old folder over a new one).
      const unlessEdited = (folder: string) => setDraft((current) => (current === draftWhenSent ? folder : current));
      if (result.ok) {
        useBackup.getState().setStatus(result.status);
        const nowApplied = appliedLocation(result.status);
        setLastApplied(nowApplied);
        unlessEdited(nowApplied);
        setMessage(null);
      } else if (result.notEmpty) {
        unlessEdited(result.notEmpty.folder);
        setMessage(null);
        setQuestion(result.notEmpty);
      } else {
        setMessage(result.message);
      }
    } catch (error) {
      setMessage((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const apply = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!changed || busy) return;
    await send(draft, 'ask');
  };

  return (
    <div className="backup-pane" data-testid="backup-pane">
      <form className="backup-location" onSubmit={(event) => void apply(event)} noValidate>
        <label className="backup-field-label" htmlFor={fieldId}>Backup location</label>
        <div className="backup-location-row">
          <input
            id={fieldId}
            className="text-input mono"
            data-testid="backup-location"
            data-autofocus
            type="text"
            value={draft}
            spellCheck={false}
            autoComplete="off"
            placeholder="/home/you/Backups/Quire"
            aria-invalid={message ? true : undefined}
            aria-describedby={helpId}
            onChange={(event) => {
              setDraft(event.target.value);
              setMessage(null);
              setQuestion(null);
            }}
          />
          <button type="button" className="button" onClick={() => void pick()} aria-label="Choose a folder…" title="Choose a folder…" data-testid="backup-pick">…</button>
          <button type="submit" className="button primary" disabled={!changed || busy} data-testid="backup-apply">Apply</button>
        </div>
        <p id={helpId} className={message ? 'field-help error' : 'field-help'} role={message ? 'alert' : undefined} data-testid="backup-location-message">
          {message ?? (changed && !busy
            ? 'Not in use yet: press Apply to back up to this folder.'
            : 'A folder on another drive or in a synced folder (Dropbox, Syncthing, a NAS). Every note is copied there as plain files.')}
        </p>
      </form>
      {question && (
        <section className="backup-question" role="alertdialog" aria-labelledby={questionId} data-testid="backup-not-empty">
          <p id={questionId}>
            <code className="path">{question.folder}</code> already holds other files and is not a backup folder. Quire
            writes its <code>data/</code> and <code>state/</code> folders into the backup folder; a folder of its own keeps them apart
            from your files.
          </p>
          <div className="backup-question-actions">
            <button type="button" className="button primary" autoFocus disabled={busy} onClick={() => void send(question.subfolder, 'ask')} data-testid="backup-use-subfolder">
              Use a new folder inside it: {question.subfolder}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => void send(question.folder, 'use')} data-testid="backup-use-anyway">
              Use {question.folder} anyway
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setQuestion(null)}>Cancel</button>
          </div>
        </section>
      )}
      {status && <BackupStatusPanel onChoose={() => void pick()} />}
      <SnapshotsSection />
      <RestoreSection />
    </div>
  );
}

function BackupStatusPanel({ onChoose }: { onChoose(): void }) {
  const status = useBackup((s) => s.status)!;
  const now = useNow(status.state === 'error' || status.state === 'up-to-date');
  const text = describeBackup(status, now);
  return (
    <StatusPanel name="backup" label="Backup progress" state={status.state} text={text}>
      {status.state !== 'off' && status.location && (
        <p className="backup-status-folder">
          <code className="path">{status.location}</code>
          <OpenFolderButton path={status.location} />
        </p>
      )}
      {status.state === 'off' && (
        <button type="button" className="button primary backup-choose" onClick={onChoose} data-testid="backup-choose">
          <FolderIcon width="14" height="14" />Choose Folder…
        </button>
      )}
      {status.state === 'off' && (
        <p className="backup-salvage-hint" data-testid="backup-salvage-hint">
          Until then your notes are only in this computer&rsquo;s database. If Quire ever cannot open it, see{' '}
          <button type="button" className="link-button" onClick={() => useDialogs.getState().show('salvage')}>
            Salvaging Data from Local Database
          </button>
          .
        </p>
      )}
    </StatusPanel>
  );
}

function OpenFolderButton({ path }: { path: string }) {
  return (
    <button
      type="button"
      className="button small"
      onClick={() => openFolder(path, 'Could not open the backup folder')}
    >
      Open Folder
    </button>
  );
}
