// Tags with their colors.
import { create } from 'zustand';
import type { TagSummary } from '../../shared/types';

interface TagsState {
  tags: TagSummary[];
  setTags(tags: TagSummary[]): void;
}

export const useTags = create<TagsState>()((set) => ({
  tags: [],
  setTags: (tags) => set({ tags }),
}));
