// The context menu on note rows: right-click a row, or press Shift+F10 or
// the context-menu key in the list. It acts on the notes chosen in the list
// (every selected note when the row is part of the selection). A WAI-ARIA
// menu: arrows, Home and End move, Enter or Space chooses, Escape or Tab
// closes and returns to the list. Shortcuts shown are the Note menu's.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { buildMenuTemplate, flattenMenu, type MenuCommand } from '../../../shared/menu';
import { TRASH_BOOK_ID } from '../../../shared/doc-limits';
import { formatCount } from '../../format';
import { formatAccelerator } from '../../menu/accelerators';
import { useNotes } from '../../state/notes';
import { addTag, deleteForever, moveToNotebook, moveToTrash, restore } from './note-actions';
import { copyLink, duplicate, exportMarkdown, openNote, pinLabel, togglePin } from './note-menu-actions';
import { openHistory } from '../history/open-history';

export interface ContextMenuAt {
  x: number;
  y: number;
  ids: string[];
}

interface Entry {
  id: string;
  label: string;
  /** The Note menu command whose shortcut is shown. */
  command?: MenuCommand;
  danger?: boolean;
  run(ids: string[]): unknown;
}

function entries(ids: string[]): (Entry | 'separator')[] {
  const { byId } = useNotes.getState();
  const open: Entry[] = ids.length === 1 ? [{ id: 'open', label: 'Open', run: openNote }] : [];
  const history: Entry[] = ids.length === 1 ? [{ id: 'history', label: 'History…', command: 'note.history', run: openHistory }] : [];
  if (ids.every((id) => byId.get(id)?.bookId === TRASH_BOOK_ID)) {
    return [
      ...open,
      ...(open.length ? ['separator' as const] : []),
      { id: 'restore', label: 'Restore', command: 'note.restore', run: restore },
      ...history,
      { id: 'deleteForever', label: 'Delete Forever…', command: 'note.deleteForever', danger: true, run: deleteForever },
    ];
  }
  return [
    ...open,
    { id: 'pin', label: pinLabel(ids), command: 'note.togglePin', run: togglePin },
    'separator',
    { id: 'move', label: 'Move to…', command: 'note.move', run: moveToNotebook },
    { id: 'addTag', label: 'Add Tag…', command: 'note.addTag', run: addTag },
    { id: 'duplicate', label: 'Duplicate', command: 'note.duplicate', run: duplicate },
    'separator',
    { id: 'copyLink', label: ids.length === 1 ? 'Copy Note Link' : 'Copy Note Links', command: 'note.copyLink', run: copyLink },
    { id: 'export', label: 'Export as Markdown…', command: 'note.exportMarkdown', run: exportMarkdown },
    ...(history.length ? ['separator' as const, ...history] : []),
    'separator',
    { id: 'trash', label: 'Move to Trash', command: 'note.delete', danger: true, run: moveToTrash },
  ];
}

function shortcuts(): Map<MenuCommand, string> {
  const platform = document.documentElement.dataset.platform ?? '';
  const out = new Map<MenuCommand, string>();
  for (const item of flattenMenu(buildMenuTemplate(platform))) {
    if (item.command && item.accelerator && !out.has(item.command)) out.set(item.command, formatAccelerator(item.accelerator, platform));
  }
  return out;
}

export function NoteContextMenu({ at, onClose }: { at: ContextMenuAt; onClose(returnFocus: boolean): void }) {
  const menu = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState({ left: at.x, top: at.y });
  const [items] = useState(() => entries(at.ids));
  const [keys] = useState(shortcuts);

  // Kept inside the window: flipped up or left when it would overflow.
  useLayoutEffect(() => {
    const box = menu.current!.getBoundingClientRect();
    const left = at.x + box.width > window.innerWidth - 4 ? Math.max(4, at.x - box.width) : at.x;
    const top = at.y + box.height > window.innerHeight - 4 ? Math.max(4, at.y - box.height) : at.y;
    setPlace({ left, top });
    menu.current!.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [at]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose(false);
    };
    const onBlur = () => onClose(false);
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: buttons.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      buttons[(moves[event.key]! + buttons.length) % buttons.length]?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab' || (event.key === 'F10' && event.shiftKey) || event.key === 'ContextMenu') {
      event.preventDefault();
      onClose(true);
    }
    event.stopPropagation();
  };

  const choose = (entry: Entry) => {
    onClose(true);
    void entry.run(at.ids);
  };

  return createPortal(
    <div
      ref={menu}
      className="nl-menu nl-context-menu"
      role="menu"
      aria-label={at.ids.length === 1 ? 'Note' : formatCount(at.ids.length, 'note', 'notes')}
      data-testid="note-context-menu"
      style={{ left: place.left, top: place.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((entry, index) =>
        entry === 'separator' ? (
          <div key={`sep-${index}`} role="separator" className="nl-menu-separator" />
        ) : (
          <button
            key={entry.id}
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={`nl-menu-item${entry.danger ? ' danger' : ''}`}
            data-action={entry.id}
            onClick={() => choose(entry)}
          >
            <span className="nl-menu-label">{entry.label}</span>
            {entry.command && keys.get(entry.command) && (
              <kbd className="nl-menu-shortcut" aria-hidden="true">{keys.get(entry.command)}</kbd>
            )}
          </button>
        ),
      )}
    </div>,
    document.body,
  );
}
