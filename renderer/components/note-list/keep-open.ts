// Which note the editor should show after the list changed (see
// use-keep-note-open.ts for when this runs). Pure, so the rules are tested.
import { neighborOf } from './selection';

export interface ListSnapshot {
  ids: readonly string[];
  /** Stands for what the user asked to see: the sidebar's choice and the search. */
  key: string;
}

export interface OpenNoteFacts {
  activeId: string | null;
  /** The open note still exists. */
  activeExists: boolean;
  /** The open note went into or out of the Trash, so it belongs to another list now. */
  activeChangedPlace: boolean;
}

/** The note to open, or undefined to leave the editor as it is. */
export function noteToOpen(now: ListSnapshot, before: ListSnapshot | null, facts: OpenNoteFacts): string | null | undefined {
  const { activeId } = facts;
  if (activeId && now.ids.includes(activeId)) return undefined;
  // A different list (or nothing open): its first note.
  if (!activeId || !before || before.key !== now.key) return now.ids[0] ?? null;
  // The open note left a list that stayed the same: only trashing, restoring or deleting moves the editor on;
  // a note that stopped matching because it is being edited stays open.
  if (facts.activeExists && !facts.activeChangedPlace) return undefined;
  // Only a note that was in the list can leave it; one just created may not have arrived yet.
  if (!before.ids.includes(activeId)) return undefined;
  return neighborOf(before.ids, new Set(now.ids), activeId) ?? now.ids[0] ?? null;
}
