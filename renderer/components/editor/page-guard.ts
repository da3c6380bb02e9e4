// The window being hidden, closed or reloaded with edits not yet saved: what
// is pending is sent at once (it may be the last chance), and the browser
// asks before leaving a page whose last edits are not saved.
import { client, connection } from '../../client/index';
import { useEditor } from './editor-store';

export interface PageGuard {
  /** Sends (and keeps) whatever is pending now. */
  flush(): void;
  /** Whether anything typed is not saved yet. */
  unsaved(): boolean;
  /** Whether the user already agreed, in Quire's own dialog, to leave. */
  leaving(): boolean;
}

export function guardPage(guard: PageGuard): void {
  // Hidden or being unloaded: send what is pending now; it may be the last chance.
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && guard.flush());
  window.addEventListener('pagehide', () => guard.flush());
  window.addEventListener('beforeunload', (event) => {
    if (!guard.unsaved()) return;
    guard.flush();
    if (guard.leaving()) return;
    // The browser asks before leaving a page whose last edits are not saved yet (in its own words:
    // a page cannot choose them; text that cannot be saved is kept by kept-text.ts meanwhile).
    // In Electron, the flush above is sent at once over IPC and completes in the main process, so
    // only a note that cannot be saved holds the window: the main process then asks in Quire's
    // words (main/electron/unload-guard.ts).
    if (client.host === 'web' || Object.keys(useEditor.getState().notSaved).length > 0) event.preventDefault();
  });
  connection.onReconnect(() => guard.flush());
}
