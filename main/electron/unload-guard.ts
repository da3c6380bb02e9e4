// Closing or reloading the window while a note cannot be saved (the page's
// beforeunload handler holds the unload only then: see the renderer's
// editor-session.ts) asks in Quire's words instead of closing silently or
// staying open without a word. The page keeps the unsaved text
// (renderer/components/editor/kept-text.ts) and offers it back next time.
import { dialog, type BrowserWindow } from 'electron';

export const UNLOAD_QUESTION = {
  type: 'warning' as const,
  buttons: ['Close Anyway', 'Keep Editing'],
  defaultId: 1,
  cancelId: 1,
  noLink: true,
  message: 'A note could not be saved',
  detail: 'Its text is larger than a note can hold (8 MB), so it is not in your notes yet. '
    + 'Quire keeps the text on this computer and offers it back the next time it opens. '
    + 'To save it now, keep editing and shorten the note.',
};

export function guardUnload(window: BrowserWindow): void {
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, UNLOAD_QUESTION);
    // Preventing this event lets the unload go ahead.
    if (choice === 0) event.preventDefault();
  });
}
