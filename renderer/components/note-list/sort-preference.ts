// The note list's sort survives restarts: kept in localStorage, read once
// when the list module loads. A value this version does not know is ignored.
import type { NoteSort } from '../../../shared/types';

export const SORT_KEY = 'quire.noteList.sort';
const SORTS: readonly NoteSort[] = ['updatedAt', 'createdAt', 'title'];

export const isNoteSort = (value: unknown): value is NoteSort => SORTS.includes(value as NoteSort);

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

export function readSort(storage: Storage | undefined): NoteSort | null {
  try {
    const value = storage?.getItem(SORT_KEY);
    return isNoteSort(value) ? value : null;
  } catch {
    // Storage can be switched off (privacy settings); the default sort is fine then.
    return null;
  }
}

export function writeSort(storage: Storage | undefined, sort: NoteSort): void {
  try {
    storage?.setItem(SORT_KEY, sort);
  } catch {
    // As above: without storage the choice lasts until the window closes.
  }
}
