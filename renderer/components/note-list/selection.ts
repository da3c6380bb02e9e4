// How clicks and keys change the note list's selection, as plain functions
// over the list's order: a click opens one note, Ctrl/Cmd-click toggles one,
// Shift-click and Shift+arrows select a range from the anchor (the last note
// chosen without Shift), like a native list.

export interface ListSelection {
  selectedIds: string[];
  /** The note open in the editor (the range's moving end). */
  activeId: string | null;
  /** Where Shift ranges start from. */
  anchorId: string | null;
}

export interface ClickModifiers {
  /** Ctrl-click, or Cmd-click on macOS. */
  toggle: boolean;
  range: boolean;
}

const only = (id: string): ListSelection => ({ selectedIds: [id], activeId: id, anchorId: id });

function range(order: readonly string[], fromId: string, to: number): string[] | null {
  const from = order.indexOf(fromId);
  if (from < 0 || to < 0) return null;
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return order.slice(lo, hi + 1);
}

export function clickSelection(
  order: readonly string[], current: ListSelection, clickedId: string, mods: ClickModifiers,
): ListSelection {
  if (mods.range) {
    const anchor = current.anchorId ?? current.activeId ?? clickedId;
    const ids = range(order, anchor, order.indexOf(clickedId));
    if (!ids) return only(clickedId);
    const selectedIds = mods.toggle ? [...new Set([...current.selectedIds, ...ids])] : ids;
    return { selectedIds, activeId: clickedId, anchorId: anchor };
  }
  if (mods.toggle) {
    if (!current.selectedIds.includes(clickedId)) {
      return { selectedIds: [...current.selectedIds, clickedId], activeId: clickedId, anchorId: clickedId };
    }
    const selectedIds = current.selectedIds.filter((id) => id !== clickedId);
    // The editor always shows a note: unselecting the last one keeps it.
    if (selectedIds.length === 0) return only(clickedId);
    const activeId = current.activeId === clickedId ? selectedIds[selectedIds.length - 1]! : current.activeId;
    return { selectedIds, activeId, anchorId: clickedId };
  }
  return only(clickedId);
}

export type NavigationKey = 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';
const NAVIGATION_KEYS = new Set<string>(['ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

export const isNavigationKey = (key: string): key is NavigationKey => NAVIGATION_KEYS.has(key);

/** The selection after a navigation key; null when the list is empty. */
export function keySelection(
  order: readonly string[], current: ListSelection, key: NavigationKey, extend: boolean, pageRows: number,
): ListSelection | null {
  if (order.length === 0) return null;
  const index = current.activeId ? order.indexOf(current.activeId) : -1;
  const page = Math.max(1, pageRows);
  const wanted = {
    ArrowDown: index + 1, ArrowUp: index < 0 ? 0 : index - 1, Home: 0, End: order.length - 1,
    PageDown: index + page, PageUp: index - page,
  }[key];
  const target = Math.max(0, Math.min(order.length - 1, wanted));
  const targetId = order[target]!;
  if (!extend) return only(targetId);
  const anchor = current.anchorId && order.includes(current.anchorId) ? current.anchorId : current.activeId ?? targetId;
  const selectedIds = range(order, anchor, target) ?? [targetId];
  return { selectedIds, activeId: targetId, anchorId: anchor };
}

/** Every note in the list, the open one staying open. */
export function selectAll(order: readonly string[], current: ListSelection): ListSelection {
  if (order.length === 0) return current;
  const activeId = current.activeId && order.includes(current.activeId) ? current.activeId : order[0]!;
  return { selectedIds: [...order], activeId, anchorId: current.anchorId ?? activeId };
}

/** The selected ids in the list's order (ids no longer in it left out). */
export function inListOrder(order: readonly string[], selectedIds: readonly string[]): string[] {
  if (selectedIds.length <= 1) return selectedIds.filter((id) => order.includes(id));
  const wanted = new Set(selectedIds);
  return order.filter((id) => wanted.has(id));
}

/**
 * The note to open when `goneId` left the list: the one that followed it,
 * or failing that the one before it (as after deleting in a native list).
 */
export function neighborOf(previous: readonly string[], now: ReadonlySet<string>, goneId: string): string | null {
  const at = previous.indexOf(goneId);
  if (at < 0) return null;
  for (let i = at + 1; i < previous.length; i++) if (now.has(previous[i]!)) return previous[i]!;
  for (let i = at - 1; i >= 0; i--) if (now.has(previous[i]!)) return previous[i]!;
  return null;
}
