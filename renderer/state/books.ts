// Notebooks, as a flat list; the sidebar builds the tree.
import { create } from 'zustand';
import type { BookSummary } from '../../shared/types';

interface BooksState {
  books: BookSummary[];
  setBooks(books: BookSummary[]): void;
}

export const useBooks = create<BooksState>()((set) => ({
  books: [],
  setBooks: (books) => set({ books }),
}));
