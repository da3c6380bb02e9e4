// One sidebar entry: a button that sets the note list's filter, with its
// icon, name and count; for notebooks a disclosure triangle, dragging, and
// renaming in place (F2 or double-click); a context menu for entries that
// have one (right-click, the context-menu key or Shift+F10); drops of notes
// (and notebooks) where they mean something.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useNotes, type NoteFilter } from '../../state/notes';
import { useSidebar } from '../../state/sidebar';
import { BOOK_ID_TYPE } from '../../sidebar-actions';
import { isContextMenuKey, openContextMenu, type ContextMenuItem } from './ContextMenu';
import { useDropTarget, type DropSpec } from './drop-target';
import { DisclosureIcon } from './sidebar-icons';

const numberFormat = new Intl.NumberFormat();

export interface EntryProps {
  entryKey: string;
  kind: 'all' | 'pinned' | 'trash' | 'status' | 'book' | 'tag';
  filter: NoteFilter;
  label: string;
  count: number;
  icon: ReactNode;
  current: boolean;
  tabStop: boolean;
  testId: string;
  depth?: number;
  /** Notebooks with sub-notebooks. */
  expanded?: boolean;
  onExpand?(expanded: boolean): void;
  /** ArrowLeft on an entry that cannot fold moves here. */
  parentKey?: string | null;
  menu?(): ContextMenuItem[];
  /** Inline rename: resolves with the message to show, or null when renamed. */
  rename?(name: string): Promise<string | null>;
  onDelete?(): void;
  drop?: DropSpec;
  /** Makes the entry draggable as this notebook. */
  dragBookId?: string;
  onFocusEntry(key: string): void;
}

const focusEntry = (key: string | null | undefined) =>
  key && document.querySelector<HTMLElement>(`[data-entry-key="${CSS.escape(key)}"]`)?.focus();

function RenameField({ entryKey, label, rename, onEnd }: {
  entryKey: string;
  label: string;
  rename(name: string): Promise<string | null>;
  onEnd(): void;
}) {
  const [text, setText] = useState(label);
  const [problem, setProblem] = useState<string | null>(null);
  const busy = useRef(false);
  const finished = useRef(false);
  const errorId = useId();
  // Once ended (Escape, or renamed), a late blur from the field going away must not commit anything.
  const end = () => {
    finished.current = true;
    onEnd();
  };

  const commit = async (fromBlur: boolean) => {
    if (busy.current || finished.current) return;
    if (text === label) return end();
    busy.current = true;
    const issue = await rename(text);
    busy.current = false;
    // Leaving the field with a name that cannot be kept drops the edit: nothing changes.
    if (!issue || fromBlur) end();
    else setProblem(issue);
  };

  return (
    <div className="sb-rename">
      <input
        className="sb-rename-input"
        value={text}
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        aria-label={`Rename “${label}”`}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errorId : undefined}
        data-testid="sidebar-rename-input"
        data-rename-for={entryKey}
        onChange={(event) => {
          setText(event.target.value);
          setProblem(null);
        }}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') void commit(false);
          else if (event.key === 'Escape') end();
        }}
        onBlur={() => void commit(true)}
      />
      {problem && <p id={errorId} className="sb-rename-error" role="alert" data-testid="sidebar-rename-error">{problem}</p>}
    </div>
  );
}

export function SidebarEntry(props: EntryProps) {
  const { entryKey, kind, filter, label, count, icon, current, tabStop, testId, depth = 0, expanded, onExpand } = props;
  // Counts of the first screenful would be wrong (60 of 200,000): none until every summary is in.
  const loaded = useNotes((s) => s.loaded);
  const setFilter = useNotes((s) => s.setFilter);
  const renaming = useSidebar((s) => s.renaming === entryKey);
  const setRenaming = useSidebar((s) => s.setRenaming);
  const setDraggingBook = useSidebar((s) => s.setDraggingBook);
  const { dropState, dropHandlers } = useDropTarget(props.drop);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);

  useEffect(() => {
    // Back on the entry once an in-place rename ends, so the keyboard carries on from there.
    if (wasRenaming.current && !renaming) buttonRef.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);

  const showMenu = (at?: { x: number; y: number }) => {
    if (props.menu && buttonRef.current) openContextMenu(buttonRef.current, label, props.menu(), at);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (isContextMenuKey(event)) showMenu();
    else if (event.key === 'F2' && props.rename) setRenaming(entryKey);
    else if (event.key === 'Delete' && props.onDelete) props.onDelete();
    else if (event.key === 'ArrowRight' && expanded === false) onExpand?.(true);
    else if (event.key === 'ArrowLeft' && expanded === true) onExpand?.(false);
    else if (event.key === 'ArrowLeft' && props.parentKey) focusEntry(props.parentKey);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <li className="sb-entry">
      <div className={`sb-row depth-${Math.min(depth, 8)}`} data-drop={dropState ?? undefined} {...dropHandlers}>
        {onExpand && expanded !== undefined && (
          <button
            type="button"
            className="sb-disclosure"
            tabIndex={-1}
            aria-label={`${expanded ? 'Collapse' : 'Expand'} “${label}”`}
            aria-expanded={expanded}
            data-testid={`${testId}-disclosure`}
            onClick={() => onExpand(!expanded)}
          >
            <DisclosureIcon />
          </button>
        )}
        {renaming && props.rename ? (
          <div className="sb-item editing">
            {icon}
            <RenameField entryKey={entryKey} label={label} rename={props.rename} onEnd={() => setRenaming(null)} />
          </div>
        ) : (
          <button
            ref={buttonRef}
            type="button"
            className="sb-item"
            tabIndex={tabStop ? 0 : -1}
            aria-current={current ? 'true' : undefined}
            aria-expanded={expanded}
            aria-haspopup={props.menu ? 'menu' : undefined}
            data-testid={testId}
            data-entry-key={entryKey}
            data-kind={kind}
            data-name={label}
            data-depth={depth}
            draggable={props.dragBookId ? true : undefined}
            onClick={() => setFilter(filter)}
            onDoubleClick={() => props.rename && setRenaming(entryKey)}
            onFocus={() => props.onFocusEntry(entryKey)}
            onKeyDown={onKeyDown}
            onContextMenu={(event) => {
              if (!props.menu) return;
              event.preventDefault();
              // A context menu opened from the keyboard arrives at 0,0: place it under the entry instead.
              showMenu(event.clientX || event.clientY ? { x: event.clientX, y: event.clientY } : undefined);
            }}
            onDragStart={(event) => {
              if (!props.dragBookId) return;
              event.dataTransfer.setData(BOOK_ID_TYPE, props.dragBookId);
              event.dataTransfer.setData('text/plain', label);
              event.dataTransfer.effectAllowed = 'move';
              setDraggingBook(props.dragBookId);
            }}
            onDragEnd={() => setDraggingBook(null)}
          >
            {icon}
            <span className="sb-label">{label}</span>
            <span className="sb-count">{loaded ? numberFormat.format(count) : ''}</span>
          </button>
        )}
      </div>
    </li>
  );
}
