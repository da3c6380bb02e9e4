// Notebooks, as a flat list; the sidebar builds the tree.
import { create } from 'zustand';
import type { BookSummary } from '../../shared/types';

interface BooksState {
  books: BookSummary[];
  /** False until the first list arrives: an empty list before then is not "no notebooks". */
  loaded: boolean;
  setBooks(books: BookSummary[]): void;
}

export const useBooks = create<BooksState>()((set) => ({
  books: [],
  loaded: false,
  setBooks: (books) => set({ books, loaded: true }),
}));
