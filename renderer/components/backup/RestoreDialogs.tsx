// The restore's dialogs, above whatever is open (Preferences or not): what a
// backup folder holds ("Restore from …?"), what the restore did ("Restore
// completed"), and a folder that is not a backup. See state/restore.ts.
import type { SkippedItem } from '../../../shared/types';
import type { RestorePlanInfo, RestoreResultInfo } from '../../../shared/contract/restore-requests';
import { runRestore, useRestore } from '../../state/restore';
import { Dialog } from '../Dialog';
import {
  describeLayouts, doneLead, doneRows, doneTitle, folderName, planLead, planRows, unlisted, type CountRow,
} from './restore-text';
import './backup.css';
import './restore.css';

const number = (n: number) => new Intl.NumberFormat().format(n);

function Counts({ rows }: { rows: CountRow[] }) {
  return (
    <dl className="restore-counts">
      {rows.map((row) => (
        <div key={row.id} className={`restore-count${row.warn ? ' warn' : ''}${row.count === 0 ? ' none' : ''}`} data-testid={`restore-count-${row.id}`}>
          <dt>
            <span className="restore-count-label">{row.label}</span>
            {row.hint && <span className="restore-count-hint">{row.hint}</span>}
          </dt>
          <dd className="restore-count-value" data-testid={`restore-count-${row.id}-value`}>{number(row.count)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The files that could not be used, each with why, behind a Details disclosure. */
function SkippedDetails({ skipped, count }: { skipped: SkippedItem[]; count: number }) {
  if (count === 0) return null;
  const more = unlisted(skipped.length, count);
  return (
    <details className="restore-details" data-testid="restore-details">
      <summary>Details</summary>
      <ul className="restore-skipped">
        {skipped.map((item) => (
          <li key={`${item.path}\u0000${item.reason}`} data-testid="restore-skipped-item">
            <code className="path">{item.path}</code>
            <span className="restore-skipped-reason">{item.reason}</span>
          </li>
        ))}
        {more && <li className="restore-skipped-more">{more}</li>}
      </ul>
    </details>
  );
}

function FolderLine({ folder }: { folder: string }) {
  return <code className="path restore-folder" data-testid="restore-folder">{folder}</code>;
}

function PlanDialog({ plan, onClose }: { plan: RestorePlanInfo; onClose(): void }) {
  const empty = plan.documents === 0;
  return (
    <Dialog title={`Restore from “${folderName(plan.folder)}”?`} onClose={onClose} closeOnBackdrop={false} className="restore-dialog" testId="restore-plan">
      <FolderLine folder={plan.folder} />
      <p className="restore-kind">{describeLayouts(plan.layouts)} with:</p>
      <Counts rows={planRows(plan)} />
      <SkippedDetails skipped={plan.skipped} count={plan.skippedCount} />
      <p className="dialog-message restore-lead">{planLead(plan)}</p>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} data-testid="restore-cancel">Cancel</button>
        <button type="button" className="button primary" disabled={empty} data-autofocus data-testid="restore-confirm"
          onClick={() => void runRestore(plan)}>Restore</button>
      </div>
    </Dialog>
  );
}

function DoneDialog({ result, onClose }: { result: RestoreResultInfo; onClose(): void }) {
  return (
    <Dialog title={doneTitle(result)} onClose={onClose} className="restore-dialog" testId="restore-done">
      <FolderLine folder={result.folder} />
      <p className="dialog-message restore-lead" data-testid="restore-done-lead">{doneLead(result)}</p>
      <Counts rows={doneRows(result)} />
      <SkippedDetails skipped={result.skipped} count={result.skippedCount} />
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose} data-autofocus>OK</button>
      </div>
    </Dialog>
  );
}

function NotABackupDialog({ folder, message, onClose }: { folder: string; message: string; onClose(): void }) {
  return (
    <Dialog title="Nothing to restore" onClose={onClose} className="restore-dialog" testId="restore-not-a-backup">
      <FolderLine folder={folder} />
      <p className="dialog-message" data-testid="restore-not-a-backup-message">{message}</p>
      <p className="dialog-message restore-hint">Nothing was changed.</p>
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose} data-autofocus>OK</button>
      </div>
    </Dialog>
  );
}

export function RestoreDialogs() {
  const dialog = useRestore((s) => s.dialog);
  const close = useRestore((s) => s.closeDialog);
  if (!dialog) return null;
  if (dialog.kind === 'plan') return <PlanDialog key={`plan:${dialog.plan.folder}`} plan={dialog.plan} onClose={close} />;
  if (dialog.kind === 'done') return <DoneDialog key="done" result={dialog.result} onClose={close} />;
  return <NotABackupDialog key="not-a-backup" folder={dialog.folder} message={dialog.message} onClose={close} />;
}
