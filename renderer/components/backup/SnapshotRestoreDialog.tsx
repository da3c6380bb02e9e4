// Preferences › Backup › Snapshots › Restore to…: the snapshots by date and
// time with what each changed; choosing one shows what a restore to it will
// do (notes changed back, brought back, created since, and whether those are
// kept or moved to the Trash); Restore takes a snapshot first, so the
// restore itself can be undone, then brings the whole database back.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { SnapshotRestorePlan, SnapshotSummary } from '../../../shared/contract/snapshot-requests';
import { client } from '../../client/index';
import { notifyError, useNotifications } from '../../state/notifications';
import { Dialog } from '../Dialog';
import { plainError } from '../editor/plain-error';
import { formatVersionTime, timeLabels } from '../history/history-text';
import { describePlan, describeSnapshot, lowerDay, restoredText } from './snapshot-text';
import '../history/history.css';
import './restore.css';
import './snapshots.css';

const number = (n: number) => new Intl.NumberFormat().format(n);
let toastId = 0;

/**
 * Restores to `snapshot` and says so in a toast whose Undo restores to the
 * snapshot taken just before (the notes the restore brought back are then
 * "created since" it, and go back to the Trash). Throws what the restore threw.
 */
async function restoreTo(snapshot: SnapshotSummary, createdSince: 'keep' | 'trash'): Promise<void> {
  const outcome = await client.invoke('snapshots.restore', { snapshot: snapshot.id, createdSince });
  const text = restoredText(snapshot, outcome);
  const undoTo = outcome.undoSnapshot;
  const action = undoTo
    ? {
        label: 'Undo',
        run: () => {
          client.invoke('snapshots.list', {})
            .then((all) => {
              const before = all.find((s) => s.id === undoTo);
              if (!before) throw new Error('The snapshot taken before the restore is no longer in the backup folder.');
              return restoreTo(before, 'trash');
            })
            .catch((error: unknown) => notifyError('Could not undo the restore', error));
        },
      }
    : undefined;
  useNotifications.getState().push({ id: `snapshot-restored-${++toastId}`, kind: 'success', ...text, action });
}

/** A title as one item of a list: a long one cut at a word, with an ellipsis. */
function shortTitle(title: string, max = 60): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function Examples({ titles, total }: { titles: string[]; total: number }) {
  if (!titles.length) return null;
  const more = total - titles.length;
  return (
    <span className="snapshot-plan-examples">
      {titles.map((t) => shortTitle(t.trim() || 'Untitled')).join(', ')}
      {more > 0 && ` and ${number(more)} more`}
    </span>
  );
}

function Plan({ plan, createdSince, onCreatedSince }: {
  plan: SnapshotRestorePlan; createdSince: 'keep' | 'trash'; onCreatedSince(choice: 'keep' | 'trash'): void;
}) {
  const rows = [
    { id: 'changed', label: 'Changed back', hint: 'Their text, notebook or tags as they were', count: plan.changedBack, titles: plan.examples.changedBack },
    { id: 'brought', label: 'Brought back', hint: 'Deleted or moved to the Trash since', count: plan.broughtBack, titles: plan.examples.broughtBack },
    { id: 'created', label: 'Created since', hint: 'Newer than the snapshot', count: plan.createdSince, titles: plan.examples.createdSince },
  ];
  return (
    <div className="snapshot-plan" data-testid="snapshot-plan">
      <p className="snapshot-plan-lead" data-testid="snapshot-plan-lead">{describePlan(plan)}.</p>
      <dl className="restore-counts">
        {rows.map((row) => (
          <div key={row.id} className={`restore-count${row.count === 0 ? ' none' : ''}`} data-testid={`snapshot-plan-${row.id}`}>
            <dt>
              <span className="restore-count-label">{row.label}</span>
              <span className="restore-count-hint">{row.count ? <Examples titles={row.titles} total={row.count} /> : row.hint}</span>
            </dt>
            <dd className="restore-count-value" data-testid={`snapshot-plan-${row.id}-value`}>{number(row.count)}</dd>
          </div>
        ))}
      </dl>
      {plan.createdSince > 0 && (
        <fieldset className="snapshot-plan-choice">
          <legend>The {plan.createdSince === 1 ? 'note' : 'notes'} created since:</legend>
          <label>
            <input type="radio" name="created-since" checked={createdSince === 'keep'} onChange={() => onCreatedSince('keep')} data-testid="snapshot-created-keep" />
            Keep {plan.createdSince === 1 ? 'it' : 'them'}
          </label>
          <label>
            <input type="radio" name="created-since" checked={createdSince === 'trash'} onChange={() => onCreatedSince('trash')} data-testid="snapshot-created-trash" />
            Move {plan.createdSince === 1 ? 'it' : 'them'} to the Trash
          </label>
        </fieldset>
      )}
      <p className="snapshot-plan-note">
        A snapshot of how things are now is taken first, so this restore can be undone. Notes changed both ways keep both
        versions to choose from.
      </p>
    </div>
  );
}

export function SnapshotRestoreDialog({ onClose }: { onClose(): void }) {
  const [snapshots, setSnapshots] = useState<SnapshotSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [plans, setPlans] = useState<Map<string, SnapshotRestorePlan | Error>>(() => new Map());
  const [createdSince, setCreatedSince] = useState<'keep' | 'trash'>('keep');
  const [busy, setBusy] = useState(false);
  /** Why the last Restore did not happen, said in the dialog (a toast behind it would go unseen). */
  const [failure, setFailure] = useState<string | null>(null);
  const [now] = useState(() => Date.now());
  const list = useRef<HTMLDivElement>(null);
  const baseId = useId();

  useEffect(() => {
    let live = true;
    client.invoke('snapshots.list', {}).then(
      (found) => {
        if (!live) return;
        setSnapshots(found);
      },
      (error: unknown) => {
        if (!live) return;
        setSnapshots([]);
        notifyError('Could not list the snapshots', error);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  // Once the list is there (an effect runs after React has put it in the page; a frame callback
  // could run before that on a busy computer and find no list, leaving the focus nowhere).
  const loaded = snapshots !== null;
  useEffect(() => {
    if (loaded) list.current?.focus();
  }, [loaded]);

  useEffect(() => {
    if (!selected || plans.has(selected)) return;
    let live = true;
    client.invoke('snapshots.planRestore', { snapshot: selected }).then(
      (plan) => live && setPlans((m) => new Map(m).set(selected, plan)),
      (error: unknown) => live && setPlans((m) => new Map(m).set(selected, error instanceof Error ? error : new Error(String(error)))),
    );
    return () => {
      live = false;
    };
  }, [selected, plans]);

  const labels = useMemo(() => timeLabels((snapshots ?? []).map((s) => s.time), now), [snapshots, now]);
  const plan = selected ? plans.get(selected) : undefined;
  const chosen = snapshots?.find((s) => s.id === selected) ?? null;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!snapshots?.length) return;
    const index = snapshots.findIndex((s) => s.id === selected);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: snapshots.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = snapshots[Math.max(0, Math.min(snapshots.length - 1, moves[event.key]!))]!;
    setSelected(next.id);
    document.getElementById(`${baseId}-${next.id}`)?.scrollIntoView({ block: 'nearest' });
  };

  const restore = async () => {
    if (!chosen || !plan || plan instanceof Error) return;
    setBusy(true);
    setFailure(null);
    try {
      await restoreTo(chosen, createdSince);
      onClose();
    } catch (error) {
      setFailure(plainError(error));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Restore Everything to an Earlier Moment" onClose={busy ? () => undefined : onClose} closeOnBackdrop={false}
      className="snapshot-restore-dialog" testId="snapshot-restore">
      <p className="snapshot-restore-lead">Choose a snapshot to see what restoring to it would change. Nothing changes until you restore.</p>
      <div className="snapshot-restore-body">
        {!snapshots && <p className="history-loading">Reading the snapshots…</p>}
        {snapshots && snapshots.length === 0 && <p className="history-empty">There are no snapshots in the backup folder yet.</p>}
        {snapshots && snapshots.length > 0 && (
          <div ref={list} className="history-list snapshot-list" role="listbox" tabIndex={0} aria-label="Snapshots, newest first"
            aria-activedescendant={selected ? `${baseId}-${selected}` : undefined} onKeyDown={onKeyDown} data-testid="snapshot-list">
            {snapshots.map((s, i) => (
              <div key={s.id} id={`${baseId}-${s.id}`} role="option" aria-selected={s.id === selected}
                className={`history-entry${s.id === selected ? ' selected' : ''}`} onClick={() => { setSelected(s.id); setFailure(null); }}
                data-testid="snapshot-entry" data-id={s.id}>
                <span className="history-entry-time">{labels[i]}</span>
                <span className="history-entry-change">{describeSnapshot(s, undefined, now)}</span>
              </div>
            ))}
          </div>
        )}
        <div className="snapshot-restore-plan">
          {!selected && snapshots && snapshots.length > 0 && <p className="history-pane-message">Choose a snapshot on the left.</p>}
          {selected && !plan && <p className="history-pane-message" aria-live="polite">Comparing it with now…</p>}
          {plan instanceof Error && <p className="history-pane-message error" role="alert">{plainError(plan)}</p>}
          {plan && !(plan instanceof Error) && <Plan plan={plan} createdSince={createdSince} onCreatedSince={setCreatedSince} />}
        </div>
      </div>
      {failure && <p className="snapshot-restore-failure" role="alert" data-testid="snapshot-restore-failure">{failure}</p>}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} disabled={busy} data-testid="snapshot-restore-cancel">Cancel</button>
        <button type="button" className="button primary" disabled={busy || !plan || plan instanceof Error} onClick={() => void restore()}
          data-testid="snapshot-restore-confirm">
          {busy ? 'Restoring…' : chosen ? `Restore to ${lowerDay(labels[snapshots!.indexOf(chosen)] ?? formatVersionTime(chosen.time, now))}` : 'Restore'}
        </button>
      </div>
    </Dialog>
  );
}
