// A section's heading (Notebooks, Status, Tags) with an optional "+" button
// and context menu; the Notebooks heading also takes notebooks dropped on
// it, to lift them to the top level.
import type { DragEventHandler } from 'react';
import { isContextMenuKey } from './ContextMenu';
import type { DropVerdict } from './drop-target';
import { PlusIcon } from './sidebar-icons';

interface SectionHeadingProps {
  id: string;
  title: string;
  addLabel?: string;
  onAdd?(): void;
  onMenu?(anchor: HTMLElement, at?: { x: number; y: number }): void;
  dropState?: DropVerdict;
  dropHandlers?: Partial<Record<'onDragEnter' | 'onDragOver' | 'onDragLeave' | 'onDrop', DragEventHandler>>;
  testId?: string;
}

export function SectionHeading({ id, title, addLabel, onAdd, onMenu, dropState, dropHandlers, testId }: SectionHeadingProps) {
  return (
    <div
      className="sb-heading"
      data-drop={dropState ?? undefined}
      data-testid={testId}
      onContextMenu={(event) => {
        if (!onMenu) return;
        event.preventDefault();
        onMenu(event.currentTarget, { x: event.clientX, y: event.clientY });
      }}
      {...dropHandlers}
    >
      <h2 id={id} className="sb-heading-title">{title}</h2>
      {dropState === 'ok' && <span className="sb-heading-hint">Move to top level</span>}
      {onAdd && addLabel && (
        <button
          type="button"
          className="sb-add"
          aria-label={addLabel}
          title={addLabel}
          data-testid={`${testId ?? id}-add`}
          onClick={onAdd}
          onKeyDown={(event) => {
            if (onMenu && isContextMenuKey(event)) {
              event.preventDefault();
              onMenu(event.currentTarget);
            }
          }}
        >
          <PlusIcon width="14" height="14" />
        </button>
      )}
    </div>
  );
}
