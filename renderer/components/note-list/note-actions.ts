// What can be done to the notes chosen in the list: move them to a notebook,
// tag them, send them to the Trash, restore them or delete them for good;
// and the menu commands the list owns (delete, next/previous note, search).
// Every question goes through ask.*, every failure says what went wrong.
import { MAX_TAG_NAME_CHARS, TRASH_BOOK_ID } from '../../../shared/doc-limits';
import { client } from '../../client/index';
import { invokeForIds } from '../../client/in-chunks';
import { registerCommand } from '../../commands';
import { formatCount } from '../../format';
import { ask } from '../../state/ask';
import { appliedLocation, useBackup } from '../../state/backup';
import { useBooks } from '../../state/books';
import { bookTree } from '../../state/library';
import { applyHeldPatches, useNotes } from '../../state/notes';
import { notifyError, useNotifications, type Toast } from '../../state/notifications';
import { useTags } from '../../state/tags';
import { useEditor } from '../editor/editor-store';
import { listRegistry } from './registry';
import { inListOrder } from './selection';

let toastId = 0;
function toast(title: string, kind: 'info' | 'success' = 'info', action?: Toast['action']) {
  useNotifications.getState().push({ id: `note-list-${++toastId}`, kind, title, action });
}

/** An Undo on the toast of an action that is easy to do by mistake (a stray Delete key, a wrong notebook). */
function undo(run: () => Promise<void>): Toast['action'] {
  return { label: 'Undo', run: () => void run() };
}

const notes = (n: number) => formatCount(n, 'note', 'notes');

/** The notes an action applies to: the selection in list order, or the open note. */
export function chosenIds(): string[] {
  // A new note being made is what the editor shows: the note still chosen in the list is not what the user sees.
  if (useEditor.getState().draft) return [];
  const { selectedIds, activeId } = useNotes.getState();
  const ids = selectedIds.length ? inListOrder(listRegistry.shown().map((n) => n.id), selectedIds) : [];
  if (ids.length) return ids;
  return activeId && useNotes.getState().byId.has(activeId) ? [activeId] : [];
}

/** After an action the selection shrinks to the open note, so the bar goes away. */
function collapseSelection() {
  const { activeId, setSelection } = useNotes.getState();
  setSelection(activeId ? [activeId] : []);
}

/** From this many notes a bulk action says at once what it is doing: at 200,000 notes it takes seconds. */
const SAY_WORKING_FROM = 100;

/**
 * Runs a bulk action over `count` notes; a large one shows `working` at once
 * (with a spinner) and the toast `done` makes of its result replaces it. A
 * new user emptying a Trash of 10,150 notes saw nothing for 40 seconds, and
 * took the click for lost.
 */
async function withWorkingToast<T>(
  count: number, working: string, work: () => Promise<T>, done: (result: T) => string, kind: 'info' | 'success' = 'info',
  action?: Toast['action'],
): Promise<void> {
  const id = `note-list-${++toastId}`;
  const push = useNotifications.getState().push;
  if (count >= SAY_WORKING_FROM) push({ id, kind: 'info', title: working, working: true });
  try {
    const result = await work();
    push({ id, kind, title: done(result), action: result ? action : undefined });
  } catch (error) {
    useNotifications.getState().dismiss(id);
    throw error;
  }
}

async function run(failure: string, action: () => Promise<void>) {
  // What the action reads of the notes (where each was, which had a tag) includes the changes already heard.
  applyHeldPatches();
  try {
    await action();
  } catch (error) {
    notifyError(failure, error);
  }
}

export function moveToTrash(ids: string[]): Promise<void> {
  return run('Could not move the notes to the Trash', async () => {
    if (!ids.length) return;
    // Undo brings back only what this action moved, not notes that were in the Trash already.
    const { byId } = useNotes.getState();
    const moving = ids.filter((id) => byId.get(id)?.bookId !== TRASH_BOOK_ID);
    await withWorkingToast(ids.length, `Moving ${notes(ids.length)} to the Trash…`, () => invokeForIds('notes.trash', ids, {}), (moved) => {
      collapseSelection();
      return `Moved ${notes(moved)} to the Trash`;
    }, 'info', undo(() => restore(moving)));
  });
}

export function restore(ids: string[]): Promise<void> {
  return run('Could not restore the notes', async () => {
    if (!ids.length) return;
    await withWorkingToast(ids.length, `Restoring ${notes(ids.length)}…`, () => invokeForIds('notes.restore', ids, {}), (restored) => {
      collapseSelection();
      // An Undo from an old toast, after the notes were deleted forever (or restored already): said as such.
      return restored === 0 ? 'Nothing to restore: those notes are no longer in the Trash' : `Restored ${notes(restored)}`;
    }, 'success');
  });
}

/**
 * What is left after Delete Forever: nothing, or, with a backup folder set,
 * the copy the backup moves to _deleted/ (docs/backup-format.md), which
 * brings the note back when its file is moved into data/.
 */
function afterDeleteForever(count: number): string {
  const location = appliedLocation(useBackup.getState().status);
  if (!location) return ' This cannot be undone.';
  const sep = location.includes('\\') && !location.includes('/') ? '\\' : '/';
  const deleted = `${location.replace(/[\\/]+$/, '')}${sep}_deleted${sep}note${sep}`;
  return ` The backup folder keeps ${count === 1 ? 'a copy' : 'copies'} in ${deleted}: moving a file from there back into data${sep}note${sep} brings its note back.`;
}

export function deleteForever(ids: string[]): Promise<void> {
  return run('Could not delete the notes', async () => {
    if (!ids.length) return;
    const title = ids.length === 1 ? titleOf(ids[0]!) : null;
    const ok = await ask.confirm({
      title: ids.length === 1 ? 'Delete this note forever?' : `Delete ${notes(ids.length)} forever?`,
      message: `${title ? `“${title}”` : `The ${notes(ids.length)}`} will be deleted permanently from Quire.${afterDeleteForever(ids.length)}`,
      confirmLabel: 'Delete Forever',
      danger: true,
    });
    if (!ok) return;
    const deleted = await invokeForIds('notes.deleteForever', ids, {});
    collapseSelection();
    toast(`Deleted ${notes(deleted)} forever`);
  });
}

export function trashCount(): number {
  let count = 0;
  for (const note of useNotes.getState().byId.values()) if (note.bookId === TRASH_BOOK_ID) count++;
  return count;
}

export function emptyTrash(): Promise<void> {
  return run('Could not empty the Trash', async () => {
    const count = trashCount();
    if (!count) return;
    const ok = await ask.confirm({
      title: 'Empty the Trash?',
      message: `Permanently delete ${notes(count)} in the Trash?${afterDeleteForever(count)}`,
      confirmLabel: 'Empty Trash',
      danger: true,
    });
    if (!ok) return;
    await withWorkingToast(count, `Deleting ${notes(count)} forever…`, () => client.invoke('trash.empty', {}), (deleted) => `Deleted ${notes(deleted)} forever`);
  });
}

export function moveToNotebook(ids: string[]): Promise<void> {
  return run('Could not move the notes', async () => {
    if (!ids.length) return;
    const tree = bookTree(useBooks.getState().books);
    if (!tree.length) throw new Error('There is no notebook to move the notes into. Create a notebook first.');
    const bookId = await ask.choice({
      title: ids.length === 1 ? 'Move Note' : `Move ${notes(ids.length)}`,
      label: 'Notebook',
      options: tree.map(({ book, depth }) => ({ id: book.id, label: book.name, depth })),
      confirmLabel: 'Move',
    });
    if (!bookId) return;
    await moveNotesTo(ids, bookId);
  });
}

/**
 * Moves the notes into `bookId` (Move to…, or a drop on a notebook in the
 * sidebar), saying what it is doing when that takes long, with an Undo that
 * puts each note back where it was.
 */
export function moveNotesTo(ids: string[], bookId: string): Promise<void> {
  return run('Could not move the notes', async () => {
    if (!ids.length) return;
    const from = notebooksBefore(ids, bookId);
    // The host leaves notes already there as they are; the toast counts them with the ones it moved.
    const already = ids.filter((id) => useNotes.getState().byId.get(id)?.bookId === bookId).length;
    const name = useBooks.getState().books.find((b) => b.id === bookId)?.name ?? 'the notebook';
    await withWorkingToast(ids.length, `Moving ${notes(ids.length)} to “${name}”…`, () => invokeForIds('notes.move', ids, { bookId }), (moved) => {
      collapseSelection();
      return `Moved ${notes(moved + already)} to “${name}”`;
    }, 'info', undo(() => moveBack(from, bookId)));
  });
}

/** Where each note that a move to `bookId` will change was, grouped by notebook (the Trash included). */
function notebooksBefore(ids: string[], bookId: string): Map<string, string[]> {
  const { byId } = useNotes.getState();
  const from = new Map<string, string[]>();
  for (const id of ids) {
    const before = byId.get(id)?.bookId;
    if (!before || before === bookId) continue;
    const group = from.get(before);
    if (group) group.push(id);
    else from.set(before, [id]);
  }
  return from;
}

function moveBack(from: Map<string, string[]>, movedTo: string): Promise<void> {
  return run('Could not undo the move', async () => {
    let moved = 0;
    // Only notes still where the move put them, as the host has them (the window may not have heard of all
    // of a large move yet): one trashed or moved again since stays where it is now.
    for (const [bookId, ids] of from) {
      moved += bookId === TRASH_BOOK_ID
        ? await invokeForIds('notes.trash', ids, { onlyFrom: movedTo })
        : await invokeForIds('notes.move', ids, { bookId, onlyFrom: movedTo });
    }
    toast(`Moved ${notes(moved)} back`);
  });
}

export function validateTagName(text: string): string | null {
  const name = text.trim();
  if (!name) return 'Give the tag a name.';
  if (name.length > MAX_TAG_NAME_CHARS) return `A tag name can be at most ${MAX_TAG_NAME_CHARS} characters (this one has ${name.length}).`;
  return null;
}

/**
 * Add Tag: one field, offering the tags there are as the name is typed; a
 * name no tag has makes a new tag. (A list of existing tags with "New tag…"
 * at its end hid that a new one could be made: the new-user walk.)
 */
export function addTag(ids: string[]): Promise<void> {
  return run('Could not tag the notes', async () => {
    if (!ids.length) return;
    const tags = [...useTags.getState().tags].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    // The tag of that exact name, else the one the host would take for it (names are unique by their lower case).
    const named = (name: string) => tags.find((t) => t.name === name) ?? tags.find((t) => t.name.trim().toLocaleLowerCase() === name.toLocaleLowerCase());
    const text = await ask.text({
      title: ids.length === 1 ? 'Add Tag' : `Add Tag to ${notes(ids.length)}`,
      label: 'Tag',
      confirmLabel: 'Add Tag',
      validate: validateTagName,
      suggestions: tags.map((t) => t.name),
      help: tags.length ? 'Type a tag’s name, or a new name to make a new tag.' : 'Type a name for the new tag.',
    });
    if (text === null) return;
    const existing = named(text.trim());
    const tagName = existing?.name ?? text.trim();
    const tagId = existing ? existing.id : (await client.invoke('tags.create', { name: tagName }))._id;
    await tagNotes(ids, tagId, tagName);
  });
}

/** Tags the notes (Add Tag, or a drop on a tag in the sidebar), with an Undo that takes the tag off the notes that did not have it. */
export function tagNotes(ids: string[], tagId: string, tagName: string): Promise<void> {
  return run('Could not tag the notes', async () => {
    if (!ids.length) return;
    const { byId } = useNotes.getState();
    const untagged = ids.filter((id) => byId.get(id)?.tags.includes(tagId) === false);
    // The host leaves notes that have the tag as they are; the toast counts them with the ones it tagged.
    const already = ids.filter((id) => byId.get(id)?.tags.includes(tagId)).length;
    await withWorkingToast(ids.length, `Tagging ${notes(ids.length)} “${tagName}”…`, () => invokeForIds('notes.addTags', ids, { tagIds: [tagId] }), (tagged) => {
      collapseSelection();
      return `Tagged ${notes(tagged + already)} “${tagName}”`;
    }, 'info', untagged.length ? undo(() => untag(untagged, tagId, tagName)) : undefined);
  });
}

function untag(ids: string[], tagId: string, tagName: string): Promise<void> {
  return run('Could not undo the tag', async () => {
    const untagged = await invokeForIds('notes.removeTags', ids, { tagIds: [tagId] });
    toast(`Took “${tagName}” off ${notes(untagged)}`);
  });
}

function titleOf(id: string): string {
  return useNotes.getState().byId.get(id)?.title.trim() || 'Untitled';
}

/** Delete as the menu and the Delete key mean it: to the Trash, or out of it for good. */
export function deleteChosen(): Promise<void> {
  const ids = chosenIds();
  return useNotes.getState().filter.kind === 'trash' ? deleteForever(ids) : moveToTrash(ids);
}

function step(by: 1 | -1) {
  const shown = listRegistry.shown();
  if (!shown.length) return;
  const { activeId, open } = useNotes.getState();
  const index = activeId ? shown.findIndex((n) => n.id === activeId) : -1;
  const next = index < 0 ? 0 : Math.max(0, Math.min(shown.length - 1, index + by));
  open(shown[next]!.id);
}

registerCommand('note.delete', deleteChosen);
registerCommand('note.next', () => step(1));
registerCommand('note.previous', () => step(-1));
registerCommand('search.focus', () => {
  const input = listRegistry.searchInput();
  input?.focus();
  input?.select();
});
