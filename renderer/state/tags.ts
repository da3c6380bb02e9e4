// Tags with their colors.
import { create } from 'zustand';
import type { TagSummary } from '../../shared/types';

interface TagsState {
  tags: TagSummary[];
  /** False until the first list arrives: an empty list before then is not "no tags". */
  loaded: boolean;
  setTags(tags: TagSummary[]): void;
}

export const useTags = create<TagsState>()((set) => ({
  tags: [],
  loaded: false,
  setTags: (tags) => set({ tags, loaded: true }),
}));
