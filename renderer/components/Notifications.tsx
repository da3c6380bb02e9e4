// Toasts in the lower-right corner. Errors stay until closed; others fade after a few seconds.
import { createPortal } from 'react-dom';
import { useNotifications } from '../state/notifications';
import { useOpenDialogs } from '../state/open-dialogs';
import { openFolder } from './FolderPath';
import { CloseIcon, FolderIcon } from './icons';
import { openLinkedNote } from './editor/open-linked-note';

export function Notifications() {
  const items = useNotifications((s) => s.items);
  const dismiss = useNotifications((s) => s.dismiss);
  // Inside the innermost open dialog, if any (state/open-dialogs.ts): above it, and clickable.
  const host = useOpenDialogs((s) => s.stack.at(-1) ?? null);
  const toasts = (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {items.map((n) => (
        <div key={n.id} className={`toast ${n.kind ?? 'info'}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="notification" data-notification-id={n.id}>
          <div className="toast-text">
            <p className="toast-title">
              {n.working && <span className="spinner toast-spinner" aria-hidden="true" />}
              {n.title}
            </p>
            {n.body && <p className="toast-body">{n.body}</p>}
            {n.openPath && (
              <button
                type="button"
                className="button small"
                onClick={() => openFolder(n.openPath!.path)}
              >
                <FolderIcon width="14" height="14" />{n.openPath.label}
              </button>
            )}
            {n.openNote && (
              <ActionButton testId="notification-open-note" label={n.openNote.label} run={() => openLinkedNote(n.openNote!.id)} done={() => dismiss(n.id)} />
            )}
            {n.action && <ActionButton testId="notification-action" label={n.action.label} run={n.action.run} done={() => dismiss(n.id)} />}
          </div>
          <button type="button" className="icon-button toast-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            <CloseIcon width="14" height="14" />
          </button>
        </div>
      ))}
    </section>
  );
  return host ? createPortal(toasts, host) : toasts;
}

/** A button that does what the toast offers, and closes the toast. */
function ActionButton({ testId, label, run, done }: { testId: string; label: string; run(): void; done(): void }) {
  return (
    <button
      type="button"
      className="button small"
      data-testid={testId}
      onClick={() => {
        done();
        run();
      }}
    >
      {label}
    </button>
  );
}
