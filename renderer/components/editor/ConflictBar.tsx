// The bar above a note that has another version kept as a conflict (a
// restore found the note changed both here and in the backup): when that
// version is from, both side by side on request (read-only, the lines and
// words that differ marked: compare/TextComparison.tsx), and the choice:
// keep this version, or use the other one.
import { useEffect, useState } from 'react';
import type { NoteSummary } from '../../../shared/types';
import type { NoteConflicts, NoteVersion } from '../../../shared/contract/restore-requests';
import { client } from '../../client/index';
import { notifyError } from '../../state/notifications';
import { TextComparison } from '../compare/TextComparison';
import { ConflictIcon } from './conflict-icon';
import { editorSession } from './editor-session';
import './conflict.css';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOf = (ms: number) => (ms > 0 ? when.format(ms) : 'an unknown date');

function Comparison({ current, other }: { current: NoteVersion; other: NoteVersion }) {
  return (
    <TextComparison
      className="conflict-compare"
      tone="conflict"
      testId="conflict-compare"
      aTestId="conflict-current"
      bTestId="conflict-other"
      a={{ label: 'This version', detail: dateOf(current.updatedAt), title: current.title, body: current.body }}
      b={{ label: 'The other version', detail: dateOf(other.updatedAt), title: other.title, body: other.body }}
    />
  );
}

export function ConflictBar({ summary }: { summary: NoteSummary }) {
  const { id } = summary;
  const count = summary.conflicts ?? 0;
  const [loaded, setLoaded] = useState<NoteConflicts | null>(null);
  /** The note whose versions are shown side by side. */
  const [comparingId, setComparingId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The versions just chosen between: hidden until the note's summary says the conflict is gone. */
  const [resolved, setResolved] = useState<string | null>(null);

  useEffect(() => {
    if (count === 0) return;
    let live = true;
    client.invoke('notes.conflicts', { id }).then(
      (conflicts) => live && setLoaded(conflicts),
      (error: unknown) => notifyError('Could not read the other version of this note', error),
    );
    // The revision that shows may be the backup's now: the editor follows it.
    editorSession.reload(id);
    return () => {
      live = false;
    };
  }, [id, count, summary.updatedAt]);

  const data = loaded?.id === id && count > 0 ? loaded : null;
  const other = data?.others[0];
  const key = data ? `${id} ${data.others.map((o) => o.rev).join(' ')}` : '';
  if (!data || !other || resolved === key) return null;
  const comparing = comparingId === id;

  const choose = async (keepRev: string) => {
    setBusy(true);
    try {
      // Typing not saved yet goes in first, so the choice is made on what the user sees.
      await editorSession.saver.flush(id);
      await client.invoke('notes.resolveConflict', { id, keepRev });
      setResolved(key);
      setComparingId(null);
      editorSession.reload(id);
    } catch (error) {
      notifyError('Could not keep that version', error);
    } finally {
      setBusy(false);
    }
  };

  const more = data.others.length - 1;
  return (
    <div className="conflict-area">
      <div className="conflict-bar" role="status" data-testid="conflict-bar">
        <ConflictIcon className="conflict-bar-icon" width="15" height="15" />
        <div className="conflict-bar-text">
          <span className="conflict-bar-title" data-testid="conflict-bar-title">
            This note has another version from {dateOf(other.updatedAt)}
            {more > 0 && ` (and ${more} more)`}
          </span>
          <span className="conflict-bar-hint">It was changed both here and in a backup you restored. Choose the one to keep.</span>
        </div>
        <div className="conflict-bar-actions">
          <button type="button" className="button small" aria-pressed={comparing} onClick={() => setComparingId(comparing ? null : id)} data-testid="conflict-compare-toggle">
            {comparing ? 'Hide Comparison' : 'Compare'}
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => void choose(data.current.rev)} data-testid="conflict-keep">
            Keep This Version
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => void choose(other.rev)} data-testid="conflict-use-other">
            Use the Other Version
          </button>
        </div>
      </div>
      {comparing && <Comparison current={data.current} other={other} />}
    </div>
  );
}
