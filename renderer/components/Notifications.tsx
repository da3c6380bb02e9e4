// Toasts in the lower-right corner. Errors stay until closed; others fade after a few seconds.
import { useNotifications } from '../state/notifications';
import { openFolder } from './FolderPath';
import { CloseIcon, FolderIcon } from './icons';
import { openLinkedNote } from './editor/open-linked-note';

export function Notifications() {
  const items = useNotifications((s) => s.items);
  const dismiss = useNotifications((s) => s.dismiss);
  return (
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
              <button
                type="button"
                className="button small"
                data-testid="notification-open-note"
                onClick={() => {
                  openLinkedNote(n.openNote!.id);
                  dismiss(n.id);
                }}
              >
                {n.openNote.label}
              </button>
            )}
            {n.action && (
              <button
                type="button"
                className="button small"
                data-testid="notification-action"
                onClick={() => {
                  dismiss(n.id);
                  n.action!.run();
                }}
              >
                {n.action.label}
              </button>
            )}
          </div>
          <button type="button" className="icon-button toast-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            <CloseIcon width="14" height="14" />
          </button>
        </div>
      ))}
    </section>
  );
}
