// What the sidebar's buttons, menus and drops do: each asks what it needs
// (state/ask.ts), checks the answer where the user typed it, calls the main
// process, and says plainly when the main process refuses. Lists refresh
// from the database's change events; reloading here as well makes the
// result show at once rather than after the events' short coalescing delay.
import { TAG_COLORS, type TagColor } from '../shared/doc-limits';
import type { BookSummary, TagSummary } from '../shared/types';
import { client } from './client/index';
import { moveNotesTo, moveToTrash, tagNotes } from './components/note-list/note-actions';
import { createNote } from './components/editor/new-note';
import { reload } from './data';
import { ask } from './state/ask';
import { useBooks } from './state/books';
import { bookTree } from './state/library';
import { useNotes } from './state/notes';
import { notifyError, useNotifications } from './state/notifications';
import { useSidebar } from './state/sidebar';
import { useTags } from './state/tags';
import {
  TOP_LEVEL, checkNest, deleteBookMessage, deleteTagMessage, descendantsOf, moveTargets, validateBookName, validateTagName,
} from './sidebar-model';

/** The drag type the note list puts on notes it drags: a JSON array of note ids. */
export const NOTE_IDS_TYPE = 'application/x-quire-note-ids';
/** The drag type of a notebook dragged within the sidebar. */
export const BOOK_ID_TYPE = 'application/x-quire-book-id';

export const TAG_COLOR_LABELS: Record<TagColor, string> = {
  default: 'Default', red: 'Red', orange: 'Orange', yellow: 'Yellow', olive: 'Olive', green: 'Green', teal: 'Teal',
  blue: 'Blue', violet: 'Violet', purple: 'Purple', pink: 'Pink', brown: 'Brown', grey: 'Grey', black: 'Black',
};
export { TAG_COLORS };

let localId = 0;
function done(title: string, body?: string) {
  useNotifications.getState().push({ id: `sidebar-${++localId}`, kind: 'success', title, ...(body ? { body } : {}) });
}

const books = () => useBooks.getState().books;
const tags = () => useTags.getState().tags;

// ---------- notebooks ----------

export async function createBook(parentId: string | null): Promise<void> {
  const parent = parentId ? books().find((b) => b.id === parentId) : undefined;
  const name = await ask.text({
    title: parent ? `New notebook in “${parent.name}”` : 'New notebook',
    label: 'Name',
    confirmLabel: 'Create',
    validate: validateBookName,
  });
  if (name === null) return;
  try {
    const book = await client.invoke('books.create', { name: name.trim(), parentBookId: parentId });
    if (parentId) useSidebar.getState().setExpanded(parentId, true);
    await reload('books');
    useNotes.getState().setFilter({ kind: 'book', id: book._id });
  } catch (error) {
    notifyError('The notebook was not created', error);
  }
}

/** Renames in place (inline editor): returns the message to show there, or null when done. */
export async function renameBookTo(book: BookSummary, name: string): Promise<string | null> {
  const problem = validateBookName(name);
  if (problem) return problem;
  if (name.trim() === book.name) return null;
  try {
    await client.invoke('books.rename', { id: book.id, name: name.trim() });
    await reload('books');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function renameBook(book: BookSummary): Promise<void> {
  const name = await ask.text({
    title: `Rename “${book.name}”`, label: 'Name', initial: book.name, confirmLabel: 'Rename', validate: validateBookName,
  });
  if (name === null) return;
  const problem = await renameBookTo(book, name);
  if (problem) notifyError('The notebook was not renamed', problem);
}

/** Nests `id` under `parentId` (null: top level), as a drop or "Move to…" asks. */
export async function moveBook(id: string, parentId: string | null): Promise<void> {
  const check = checkNest(books(), id, parentId);
  if (!check.ok) {
    if (check.reason) notifyError('The notebook was not moved', check.reason);
    return;
  }
  try {
    await client.invoke('books.move', { id, parentBookId: parentId });
    if (parentId) useSidebar.getState().setExpanded(parentId, true);
    await reload('books');
  } catch (error) {
    notifyError('The notebook was not moved', error);
  }
}

export async function moveBookTo(book: BookSummary): Promise<void> {
  const all = books();
  const choice = await ask.choice({
    title: `Move “${book.name}” to…`,
    label: 'Into',
    options: moveTargets(bookTree(all), all, book.id),
    confirmLabel: 'Move',
  });
  if (choice === null) return;
  await moveBook(book.id, choice === TOP_LEVEL ? null : choice);
}

export async function deleteBook(book: BookSummary): Promise<void> {
  try {
    const preview = await client.invoke('books.deletePreview', { id: book.id });
    const sure = await ask.confirm({
      title: 'Delete notebook',
      message: deleteBookMessage(book.name, preview),
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!sure) return;
    const doomed = descendantsOf(books(), book.id).add(book.id);
    const result = await client.invoke('books.delete', { id: book.id });
    const filter = useNotes.getState().filter;
    if (filter.kind === 'book' && doomed.has(filter.id)) useNotes.getState().setFilter({ kind: 'all' });
    await reload('books');
    done(`Deleted “${book.name}”`, result.trashedNotes > 0
      ? `${result.trashedNotes} ${result.trashedNotes === 1 ? 'note was' : 'notes were'} moved to the Trash.`
      : undefined);
  } catch (error) {
    notifyError('The notebook was not deleted', error);
  }
}

export function newNoteIn(bookId: string): Promise<void> {
  return createNote(bookId);
}

// ---------- tags ----------

export async function createTag(): Promise<void> {
  const name = await ask.text({
    title: 'New tag', label: 'Name', confirmLabel: 'Create', validate: (text) => validateTagName(text, tags()),
  });
  if (name === null) return;
  try {
    await client.invoke('tags.create', { name: name.trim() });
    await reload('tags');
  } catch (error) {
    notifyError('The tag was not created', error);
  }
}

export async function renameTagTo(tag: TagSummary, name: string): Promise<string | null> {
  const problem = validateTagName(name, tags(), tag.id);
  if (problem) return problem;
  if (name.trim() === tag.name) return null;
  try {
    await client.invoke('tags.update', { id: tag.id, name: name.trim() });
    await reload('tags');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function renameTag(tag: TagSummary): Promise<void> {
  const name = await ask.text({
    title: `Rename the tag “${tag.name}”`, label: 'Name', initial: tag.name, confirmLabel: 'Rename',
    validate: (text) => validateTagName(text, tags(), tag.id),
  });
  if (name === null) return;
  const problem = await renameTagTo(tag, name);
  if (problem) notifyError('The tag was not renamed', problem);
}

export async function recolorTag(tag: TagSummary, color: TagColor): Promise<void> {
  if (tag.color === color) return;
  try {
    await client.invoke('tags.update', { id: tag.id, color });
    await reload('tags');
  } catch (error) {
    notifyError('The tag color was not changed', error);
  }
}

export async function deleteTag(tag: TagSummary): Promise<void> {
  // Main also takes the tag off notes in the Trash, so count those too.
  let notes = 0;
  for (const note of useNotes.getState().byId.values()) if (note.tags.includes(tag.id)) notes += 1;
  const sure = await ask.confirm({
    title: 'Delete tag', message: deleteTagMessage(tag.name, notes), confirmLabel: 'Delete', danger: true,
  });
  if (!sure) return;
  try {
    await client.invoke('tags.delete', { id: tag.id });
    const filter = useNotes.getState().filter;
    if (filter.kind === 'tag' && filter.id === tag.id) useNotes.getState().setFilter({ kind: 'all' });
    await reload('tags');
  } catch (error) {
    notifyError('The tag was not deleted', error);
  }
}

// ---------- notes dropped from the list ----------

export function noteIdsFrom(data: DataTransfer): string[] {
  try {
    const parsed: unknown = JSON.parse(data.getData(NOTE_IDS_TYPE) || '[]');
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string' && id.length > 0) : [];
  } catch {
    return [];
  }
}

/**
 * Notes dropped on a notebook, a tag or the Trash do what the list's Move
 * to…, Add Tag and Delete do: the same working toast on a large drop, the
 * same Undo, the same words when it fails.
 */
export async function dropNotes(target: { kind: 'book' | 'tag' | 'trash'; id?: string }, ids: string[]): Promise<void> {
  if (target.kind === 'book') return moveNotesTo(ids, target.id!);
  if (target.kind === 'tag') return tagNotes(ids, target.id!, tags().find((t) => t.id === target.id)?.name ?? 'the tag');
  return moveToTrash(ids);
}
