// Note › History…: the versions of one note (from the snapshots in the backup
// folder and the saves the database still has), newest first; the chosen one
// beside the current text with the differences marked; and Restore This
// Version, which makes it the current text as a new edit (the text it
// replaces stays in the history). Works for notes in the Trash too.
import { useEffect, useState } from 'react';
import type { NoteDoc } from '../../../shared/schema';
import type { HistoryEntry, NoteHistory, NoteVersion } from '../../../shared/contract/snapshot-requests';
import { client } from '../../client/index';
import { appliedLocation, useBackup } from '../../state/backup';
import { useNotes } from '../../state/notes';
import { useSnapshots } from '../../state/snapshots';
import { notifyError, useNotifications } from '../../state/notifications';
import { Dialog } from '../Dialog';
import { TextComparison } from '../compare/TextComparison';
import { editorSession } from '../editor/editor-session';
import { plainError } from '../editor/plain-error';
import { HistoryList } from './HistoryList';
import { describeSource, emptyHistoryText, firstEarlier, formatVersionTime } from './history-text';
import './history.css';

interface Loaded {
  history: NoteHistory;
  /** The note as it is now; null when it was deleted forever. */
  current: NoteDoc | null;
}

let toastId = 0;

/** Reads the versions the user chooses, each once. */
function useVersion(noteId: string, entry: HistoryEntry | null, current: NoteDoc | null) {
  const [versions, setVersions] = useState<Map<string, NoteVersion | Error>>(() => new Map());
  const key = entry && !entry.current && !entry.deleted ? entry.key : null;
  useEffect(() => {
    if (!key || versions.has(key)) return;
    let live = true;
    client.invoke('history.read', { noteId, key }).then(
      (version) => live && setVersions((m) => new Map(m).set(key, version)),
      (error: unknown) => live && setVersions((m) => new Map(m).set(key, error instanceof Error ? error : new Error(String(error)))),
    );
    return () => {
      live = false;
    };
  }, [noteId, key, versions]);
  if (!entry) return null;
  if (entry.current && current) return { key: entry.key, title: current.title, body: current.body } as Pick<NoteVersion, 'key' | 'title' | 'body'>;
  return key ? versions.get(key) ?? null : null;
}

function Comparison({ entry, version, current, now }: {
  entry: HistoryEntry; version: Pick<NoteVersion, 'title' | 'body'>; current: NoteDoc | null; now: number;
}) {
  if (!current) {
    // Deleted forever: there is no current text to compare with (not an empty, untitled note). The version alone.
    return (
      <div className="compare history-compare history-alone" data-testid="history-compare">
        <header className="compare-head-cell" data-testid="history-version">
          <div className="compare-head-line">
            <span className="compare-label">{formatVersionTime(entry.time, now, undefined, true)}</span>
            <span className="compare-detail">{describeSource(entry)}</span>
          </div>
          <p className="compare-title" title={version.title}>{version.title.trim() || 'Untitled'}</p>
        </header>
        <div className="compare-scroll history-alone-text" tabIndex={0} aria-label="This version’s text">{version.body}</div>
      </div>
    );
  }
  return (
    <TextComparison
      className="history-compare"
      tone="history"
      testId="history-compare"
      aTestId="history-version"
      bTestId="history-current"
      a={{ label: formatVersionTime(entry.time, now, undefined, true), detail: describeSource(entry), title: version.title, body: version.body }}
      b={{
        label: 'Current text',
        detail: current ? undefined : 'Deleted forever',
        title: current?.title ?? '',
        body: current?.body ?? '',
      }}
    />
  );
}

function Pane({ loaded, entry, version, now }: {
  loaded: Loaded; entry: HistoryEntry | null; version: ReturnType<typeof useVersion>; now: number;
}) {
  if (!entry) return null;
  if (entry.deleted) {
    return <p className="history-pane-message">The note was deleted forever at this point: there is no text to show. Choose an earlier version.</p>;
  }
  if (version instanceof Error) {
    return <p className="history-pane-message error" role="alert">This version could not be read. {plainError(version)}</p>;
  }
  if (!version) return <p className="history-pane-message" aria-live="polite">Reading this version…</p>;
  return <Comparison entry={entry} version={version} current={loaded.current} now={now} />;
}

export function HistoryDialog({ noteId, onClose }: { noteId: string; onClose(): void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now] = useState(() => Date.now());
  const hasFolder = useBackup((s) => appliedLocation(s.status) !== '');
  const summaryTitle = useNotes((s) => s.byId.get(noteId)?.title);
  // The snapshots as the main process last reported them: a backup folder gone or back, a snapshot taken
  // while the dialog is open: the versions are read again (the one chosen stays chosen).
  const snapshotsNow = useSnapshots((s) => (s.overview ? `${s.overview.unreachable ? 'away' : 'here'}:${s.overview.count}:${s.overview.lastSnapshotAt ?? ''}` : ''));

  useEffect(() => {
    let live = true;
    (async () => {
      // Typing not saved yet goes in first, so the current text is what the editor shows.
      await editorSession.saver.flush(noteId).catch(() => undefined);
      const [history, current] = await Promise.all([
        client.invoke('history.list', { noteId }),
        client.invoke('notes.get', { id: noteId }),
      ]);
      if (!live) return;
      setLoaded({ history, current });
      setSelected((chosen) => (chosen && history.entries.some((e) => e.key === chosen) ? chosen : firstEarlier(history)?.key ?? history.entries[0]?.key ?? null));
    })().catch((error: unknown) => live && setFailed(plainError(error)));
    return () => {
      live = false;
    };
  }, [noteId, snapshotsNow]);

  const entries = loaded?.history.entries ?? [];
  const entry = entries.find((e) => e.key === selected) ?? null;
  const version = useVersion(noteId, entry, loaded?.current ?? null);
  const earlier = entries.some((e) => !e.current);
  const canRestore = Boolean(entry && !entry.current && !entry.deleted && version && !(version instanceof Error)) && !busy;
  const title = (loaded?.current?.title ?? summaryTitle ?? entries.find((e) => !e.deleted)?.title ?? '').trim() || 'Untitled';

  const restore = async () => {
    if (!entry || !canRestore) return;
    setBusy(true);
    try {
      await editorSession.saver.flush(noteId);
      const result = await client.invoke('history.restoreVersion', { noteId, key: entry.key });
      editorSession.reload(noteId);
      // A note deleted forever comes back in the Trash: the list shows it there.
      if (result.inTrash && useNotes.getState().filter.kind !== 'trash') useNotes.getState().setFilter({ kind: 'trash' });
      useNotes.getState().open(noteId);
      useNotifications.getState().push({
        id: `history-restored-${++toastId}`,
        kind: 'success',
        title: `Restored the version from ${formatVersionTime(entry.time).replace(/^(Today|Yesterday)/, (d) => d.toLowerCase())}`,
        body: result.inTrash
          ? `“${title}” is in the Trash. The text it replaced is kept in its history.`
          : 'The text it replaced is kept in the history.',
      });
      onClose();
    } catch (error) {
      notifyError('Could not restore that version', error);
      setBusy(false);
    }
  };

  return (
    <Dialog title={`History of “${title}”`} onClose={onClose} className="history-dialog" testId="history-dialog">
      {loaded?.history.state === 'trash' && <p className="history-note">This note is in the Trash. A version you restore stays there.</p>}
      {loaded?.history.state === 'deleted' && (
        <p className="history-note" data-testid="history-deleted">This note was deleted forever. Restoring a version brings it back, in the Trash.</p>
      )}
      <div className="history-body">
        <div className="history-side">
          {!loaded && !failed && <p className="history-loading" aria-live="polite">Reading the history…</p>}
          {failed && <p className="history-pane-message error" role="alert" data-testid="history-error">The history could not be read. {failed}</p>}
          {loaded && entries.length > 0 && <HistoryList entries={entries} selected={selected} onSelect={setSelected} now={now} />}
          {loaded?.history.problems.map((problem) => (
            <p key={problem} className="history-problem" data-testid="history-problem">{problem}</p>
          ))}
        </div>
        <div className="history-pane">
          {loaded && !earlier ? (
            <p className="history-empty" data-testid="history-empty">{emptyHistoryText(hasFolder)}</p>
          ) : (
            loaded && <Pane loaded={loaded} entry={entry} version={version} now={now} />
          )}
        </div>
      </div>
      <div className="dialog-actions">
        <span className="history-legend" aria-hidden={!entry || entry.current}>
          {entry && !entry.current && !entry.deleted && loaded?.current && <>
            <span className="history-key removed">Only in this version</span>
            <span className="history-key added">Only in the current text</span>
          </>}
        </span>
        <button type="button" className="button" onClick={onClose} data-testid="history-close">Close</button>
        <button type="button" className="button primary" disabled={!canRestore} onClick={() => void restore()} data-testid="history-restore">
          {busy ? 'Restoring…' : 'Restore This Version'}
        </button>
      </div>
    </Dialog>
  );
}
