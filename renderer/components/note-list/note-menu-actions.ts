// The Note menu's and the note rows' context menu's actions that are not
// plain list actions (note-actions.ts): pin or unpin, duplicate, copy a
// link to the notes, export them as Markdown; and the Note menu's commands
// for every action, applied to the notes chosen in the list (the
// selection, else the open note).
import { MAX_IDS_PER_REQUEST, TRASH_BOOK_ID } from '../../../shared/doc-limits';
import type { NoteDoc } from '../../../shared/schema';
import { noteLinkMarkdown } from '../../../shared/note-links';
import { client } from '../../client/index';
import { registerCommand } from '../../commands';
import { formatCount } from '../../format';
import { useNotes } from '../../state/notes';
import { notifyError, useNotifications } from '../../state/notifications';
import { editorSession } from '../editor/editor-session';
import { summaryOf } from '../editor/new-note';
import { addTag, chosenIds, deleteForever, moveToNotebook, restore } from './note-actions';

let toastId = 0;
function toast(title: string, kind: 'info' | 'success' = 'info') {
  useNotifications.getState().push({ id: `note-menu-${++toastId}`, kind, title });
}

const notes = (n: number) => formatCount(n, 'note', 'notes');
const summary = (id: string) => useNotes.getState().byId.get(id);
const titleOf = (id: string) => summary(id)?.title.trim() || 'Untitled';
const inTrash = (id: string) => summary(id)?.bookId === TRASH_BOOK_ID;

/** Pins them all, or unpins them all when every one is pinned already. */
export function pinLabel(ids: readonly string[]): 'Pin' | 'Unpin' {
  return ids.length > 0 && ids.every((id) => summary(id)?.pinned) ? 'Unpin' : 'Pin';
}

export async function togglePin(ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  const pinned = pinLabel(ids) === 'Pin';
  try {
    for (const id of ids) await client.invoke('notes.update', { id, patch: { pinned } });
    toast(`${pinned ? 'Pinned' : 'Unpinned'} ${ids.length === 1 ? `“${titleOf(ids[0]!)}”` : notes(ids.length)}`);
  } catch (error) {
    notifyError(pinned ? 'Could not pin the notes' : 'Could not unpin the notes', error);
  }
}

/** A copy of each note beside it (same notebook, tags, status, text), titled "… copy"; the last copy opens. */
export async function duplicate(ids: readonly string[]): Promise<void> {
  const sources = ids.filter((id) => !inTrash(id));
  if (!sources.length) return;
  try {
    let last: NoteDoc | null = null;
    for (const id of sources) {
      const doc = await client.invoke('notes.get', { id });
      if (!doc) continue;
      let copy = await client.invoke('notes.create', {
        bookId: doc.bookId, title: `${doc.title.trim() || 'Untitled'} copy`, body: doc.body, tags: doc.tags,
      });
      if (doc.status !== 'none') copy = await client.invoke('notes.update', { id: copy._id, patch: { status: doc.status } });
      last = copy;
    }
    if (!last) return;
    const state = useNotes.getState();
    // The list learns of the copy from the database's event too; adding it now lets it be opened at once.
    state.patch([summaryOf(last)], []);
    editorSession.prime(last);
    state.open(last._id);
    toast(sources.length === 1 ? `Duplicated “${titleOf(sources[0]!)}”` : `Duplicated ${notes(sources.length)}`, 'success');
  } catch (error) {
    notifyError('Could not duplicate the notes', error);
  }
}

/** `[Title](quire://note:<id>)` for each note, one a line, on the clipboard. */
export async function copyLink(ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  try {
    await navigator.clipboard.writeText(ids.map((id) => noteLinkMarkdown(titleOf(id), id)).join('\n'));
    toast(ids.length === 1 ? `Copied the link to “${titleOf(ids[0]!)}”` : `Copied links to ${notes(ids.length)}`);
  } catch (error) {
    notifyError('Could not copy the link', error);
  }
}

let exporting = false;

export async function exportMarkdown(ids: readonly string[]): Promise<void> {
  const chosen = ids.filter((id) => !inTrash(id));
  if (!chosen.length || exporting) return;
  if (chosen.length > MAX_IDS_PER_REQUEST) {
    // One export is one folder and one run: said before a folder is asked for, not after.
    notifyError('Too many notes to export as a selection', `Export as Markdown takes up to ${formatCount(MAX_IDS_PER_REQUEST, 'note', 'notes')} at once; File › Export › All Notes… exports every note.`);
    return;
  }
  exporting = true;
  try {
    const what = chosen.length === 1 ? `“${titleOf(chosen[0]!)}”` : notes(chosen.length);
    const folder = await client.invoke('platform.pickFolder', { title: `Export ${what} as Markdown into a folder`, create: true });
    if (!folder) return;
    // Progress and the outcome come from the main process (status bar, notification with Open Folder).
    await client.invoke('export.notes', { ids: chosen, to: folder });
  } catch (error) {
    notifyError('The export did not finish', error);
  } finally {
    exporting = false;
  }
}

export function openNote(ids: readonly string[]): void {
  if (ids.length) useNotes.getState().open(ids[0]!);
}

function inTrashOnly(ids: string[], what: string): string[] {
  const chosen = ids.filter(inTrash);
  if (ids.length && !chosen.length) toast(`Only notes in the Trash can be ${what}.`);
  return chosen;
}

registerCommand('note.togglePin', () => togglePin(chosenIds().filter((id) => !inTrash(id))));
registerCommand('note.move', () => moveToNotebook(chosenIds()));
registerCommand('note.addTag', () => addTag(chosenIds()));
registerCommand('note.duplicate', () => duplicate(chosenIds()));
registerCommand('note.copyLink', () => copyLink(chosenIds()));
registerCommand('note.exportMarkdown', () => exportMarkdown(chosenIds()));
registerCommand('note.restore', () => restore(inTrashOnly(chosenIds(), 'restored')));
registerCommand('note.deleteForever', () => deleteForever(inTrashOnly(chosenIds(), 'deleted forever')));
