// Drag-and-drop onto sidebar entries. Until the drop, a drag only reveals
// the types of its data, so what is being dragged is judged by type (and,
// for a notebook dragged within the sidebar, by the id the sidebar noted
// when the drag began).
import { useState, type DragEvent } from 'react';
import { useSidebar } from '../../state/sidebar';
import { BOOK_ID_TYPE, NOTE_IDS_TYPE, noteIdsFrom } from '../../sidebar-actions';

/** 'ok': highlight and accept; 'refuse': highlight as wrong, and explain on drop; null: not a target for this drag. */
export type DropVerdict = 'ok' | 'refuse' | null;

export interface DropSpec {
  /** What a dragged notebook (by id) would do here; omit when notebooks cannot be dropped here. */
  book?(bookId: string): DropVerdict;
  onBook?(bookId: string): void;
  /** Set when notes dropped here do something. */
  onNotes?(ids: string[]): void;
}

function verdict(spec: DropSpec, event: DragEvent): DropVerdict {
  const types = event.dataTransfer.types;
  if (spec.onNotes && types.includes(NOTE_IDS_TYPE)) return 'ok';
  const bookId = useSidebar.getState().draggingBookId;
  if (spec.book && bookId && types.includes(BOOK_ID_TYPE)) return spec.book(bookId);
  return null;
}

/** Handlers for an element that takes drops, and the state to show it by (data-drop). */
export function useDropTarget(spec: DropSpec | undefined) {
  const [state, setState] = useState<DropVerdict>(null);
  if (!spec) return { dropState: null, dropHandlers: {} };
  const over = (event: DragEvent) => {
    const v = verdict(spec, event);
    if (!v) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (v !== state) setState(v);
  };
  return {
    dropState: state,
    dropHandlers: {
      onDragEnter: over,
      onDragOver: over,
      onDragLeave: (event: DragEvent) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setState(null);
      },
      onDrop: (event: DragEvent) => {
        setState(null);
        const v = verdict(spec, event);
        if (!v) return;
        event.preventDefault();
        if (event.dataTransfer.types.includes(NOTE_IDS_TYPE) && spec.onNotes) {
          spec.onNotes(noteIdsFrom(event.dataTransfer));
          return;
        }
        const bookId = event.dataTransfer.getData(BOOK_ID_TYPE) || useSidebar.getState().draggingBookId;
        if (bookId) spec.onBook?.(bookId);
      },
    },
  };
}
