// What becomes of text that could not be saved when the page went away
// (kept-text.ts): offered back when Quire opens again, and a reload from
// Quire's own menu asks first, in Quire's words.
import { client } from '../../client/index';
import { ask } from '../../state/ask';
import { notifyError } from '../../state/notifications';
import { useNotes } from '../../state/notes';
import { editorSession } from './editor-session';
import { useEditor } from './editor-store';
import { KEPT_DRAFT_ID, keptText, type KeptText } from './kept-text';

const encoder = new TextEncoder();

/** After the notes are loaded: offers each kept text back into its note, one question at a time. */
export async function offerKeptText(): Promise<void> {
  for (const kept of await keptText.all()) {
    if (kept.id === KEPT_DRAFT_ID) {
      await offerDraft(kept);
      continue;
    }
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

/** A new note's text, typed before the host had made the note, when the page went away: made into a note if wanted. */
async function offerDraft(kept: KeptText): Promise<void> {
  const title = kept.title.trim();
  const make = await ask.confirm({
    title: 'A new note was not saved',
    message: `When Quire was last closed, a new note${title ? ` (“${title}”)` : ''} had text that was not saved yet. `
      + 'Quire kept it on this computer. Make a note of it?',
    confirmLabel: 'Make a Note',
    cancelLabel: 'Discard',
  });
  if (!make) {
    keptText.drop(KEPT_DRAFT_ID);
    return;
  }
  try {
    const doc = await client.invoke('notes.create', { title: kept.title, body: kept.body });
    keptText.drop(KEPT_DRAFT_ID);
    // The list shows it once the database's event arrives; the editor opens it now.
    useNotes.getState().open(doc._id);
  } catch (error) {
    notifyError('The kept note could not be made', error);
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
