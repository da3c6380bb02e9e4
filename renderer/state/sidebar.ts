// The sidebar's own state: which notebooks are folded (remembered across
// restarts), which entry is being renamed in place, and the notebook being
// dragged (drag events only reveal the data's types until the drop).
import { create } from 'zustand';
import { readSetting, writeSetting } from './local-setting';

const COLLAPSED_KEY = 'quire.sidebar.collapsed';

const parseIds = (raw: unknown) =>
  Array.isArray(raw) ? new Set(raw.filter((v): v is string => typeof v === 'string')) : undefined;

interface SidebarState {
  /** Folded notebooks; everything else is open, so a new sub-notebook shows at once. */
  collapsed: ReadonlySet<string>;
  /** The notebook or tag id being renamed in place. */
  renaming: string | null;
  draggingBookId: string | null;
  setExpanded(id: string, expanded: boolean): void;
  setRenaming(id: string | null): void;
  setDraggingBook(id: string | null): void;
}

export const useSidebar = create<SidebarState>()((set, get) => ({
  collapsed: readSetting(COLLAPSED_KEY, parseIds) ?? new Set(),
  renaming: null,
  draggingBookId: null,
  setExpanded: (id, expanded) => {
    const collapsed = new Set(get().collapsed);
    if (expanded) collapsed.delete(id);
    else collapsed.add(id);
    writeSetting(COLLAPSED_KEY, [...collapsed]);
    set({ collapsed });
  },
  setRenaming: (renaming) => set({ renaming }),
  setDraggingBook: (draggingBookId) => set({ draggingBookId }),
}));
