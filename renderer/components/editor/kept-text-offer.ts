// What becomes of text that could not be saved when the page went away
// (kept-text.ts): offered back when Quire opens again, and a reload from
// Quire's own menu asks first, in Quire's words.
import { ask } from '../../state/ask';
import { useNotes } from '../../state/notes';
import { editorSession } from './editor-session';
import { useEditor } from './editor-store';
import { keptText } from './kept-text';

const encoder = new TextEncoder();

/** After the notes are loaded: offers each kept text back into its note, one question at a time. */
export async function offerKeptText(): Promise<void> {
  for (const kept of await keptText.all()) {
    const summary = useNotes.getState().byId.get(kept.id);
    if (!summary) {
      keptText.drop(kept.id);
      continue;
    }
    const title = summary.title.trim() || kept.title.trim() || 'Untitled';
    const size = (encoder.encode(kept.body).length / 1_000_000).toFixed(1);
    const putBack = await ask.confirm({
      title: 'Text that was not saved',
      message: `When Quire was last closed, “${title}” held ${size} MB of text that could not be saved: `
        + 'a note can hold at most 8 MB. Quire kept that text on this computer. '
        + 'Put it back into the note, to shorten it and save it? Discarding it keeps the note as it was last saved.',
      confirmLabel: 'Put It Back',
      cancelLabel: 'Discard',
    });
    if (putBack) await editorSession.putBack(kept.id, kept.body);
    else keptText.drop(kept.id);
  }
}

/** Before reloading the page from Quire's menu: true to go ahead. */
export async function confirmLeaving(): Promise<boolean> {
  const notSaved = Object.keys(useEditor.getState().notSaved);
  if (notSaved.length === 0) return true;
  const names = notSaved.map((id) => `“${useNotes.getState().byId.get(id)?.title.trim() || 'Untitled'}”`).join(', ');
  const go = await ask.confirm({
    title: notSaved.length === 1 ? 'A note is not saved' : `${notSaved.length} notes are not saved`,
    message: `${names} could not be saved. Quire keeps the text on this computer and offers it back after the reload.`,
    confirmLabel: 'Reload Anyway',
    cancelLabel: 'Keep Editing',
  });
  if (!go) return false;
  await keptText.settled();
  editorSession.allowLeaving();
  return true;
}
