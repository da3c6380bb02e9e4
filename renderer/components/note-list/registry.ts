// What the note list's commands (next/previous note, focus the search box)
// need from the mounted list, which only React knows: the notes as shown,
// the search input and the list element. The list publishes them; commands read them.
import type { NoteSummary } from '../../../shared/types';

let shown: readonly NoteSummary[] = [];
let searchInput: HTMLInputElement | null = null;
let listElement: HTMLElement | null = null;

export const listRegistry = {
  setShown(notes: readonly NoteSummary[]): void {
    shown = notes;
  },
  shown: (): readonly NoteSummary[] => shown,
  setSearchInput(input: HTMLInputElement | null): void {
    searchInput = input;
  },
  searchInput: (): HTMLInputElement | null => searchInput,
  setListElement(element: HTMLElement | null): void {
    listElement = element;
  },
  /** Moves the keyboard focus to the list (from the search box). */
  focusList(): void {
    listElement?.focus();
  },
};
