// The widths of the sidebar and the note list, set by dragging the handles
// between the panes and remembered across restarts. null means the
// stylesheet's default (which also adapts to narrow windows).
import { create } from 'zustand';
import { readSetting, writeSetting } from './local-setting';

export type ResizablePane = 'sidebar' | 'list';

export const PANE_LIMITS: Record<ResizablePane, { min: number; max: number }> = {
  sidebar: { min: 160, max: 420 },
  list: { min: 220, max: 620 },
};
/** The stylesheet's widths (--sidebar-width, --list-width) for a window of ordinary size. */
export const PANE_DEFAULTS: Record<ResizablePane, number> = { sidebar: 232, list: 320 };
/** Room the editor keeps whatever the other panes ask for. */
export const MIN_EDITOR_WIDTH = 320;

const KEY = 'quire.layout.widths';
type Widths = Record<ResizablePane, number | null>;

const parseWidths = (raw: unknown): Widths | undefined => {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const pick = (pane: ResizablePane) => {
    const value = (raw as Record<string, unknown>)[pane];
    const { min, max } = PANE_LIMITS[pane];
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, min), max) : null;
  };
  return { sidebar: pick('sidebar'), list: pick('list') };
};

interface LayoutState {
  widths: Widths;
  setWidth(pane: ResizablePane, width: number | null): void;
}

export const useLayout = create<LayoutState>()((set, get) => ({
  widths: readSetting(KEY, parseWidths) ?? { sidebar: null, list: null },
  setWidth: (pane, width) => {
    const widths = { ...get().widths, [pane]: width === null ? null : Math.round(width) };
    writeSetting(KEY, widths);
    set({ widths });
  },
}));
