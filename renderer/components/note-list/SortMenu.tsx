// The note list's Sort button and its menu (a WAI-ARIA menu button: arrows
// move, Enter or Space chooses, Escape closes and returns to the button).
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { NoteSort } from '../../../shared/types';
import { useNotes } from '../../state/notes';
import { CheckIcon, SortIcon } from './list-icons';

const OPTIONS: { sort: NoteSort; label: string; short: string }[] = [
  { sort: 'updatedAt', label: 'Date Updated', short: 'Updated' },
  { sort: 'createdAt', label: 'Date Created', short: 'Created' },
  { sort: 'title', label: 'Title', short: 'Title' },
];

export function SortMenu() {
  const sort = useNotes((s) => s.sort);
  const setSort = useNotes((s) => s.setSort);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (value: NoteSort) => {
    setSort(value);
    close();
  };
  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      items[(moves[event.key]! + items.length) % items.length]?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      close();
    }
  };

  const current = OPTIONS.find((o) => o.sort === sort) ?? OPTIONS[0]!;
  return (
    <div className="nl-sort">
      <button
        ref={button}
        type="button"
        className="nl-header-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Sort notes by ${current.label}`}
        title="Sort notes"
        data-testid="sort-button"
        onClick={() => setOpen((o) => !o)}
      >
        <SortIcon width="14" height="14" />
        <span>{current.short}</span>
      </button>
      {open && (
        <div ref={menu} className="nl-menu" role="menu" aria-label="Sort notes by" onKeyDown={onMenuKeyDown}>
          {OPTIONS.map((option) => (
            <button
              key={option.sort}
              type="button"
              role="menuitemradio"
              aria-checked={option.sort === sort}
              className="nl-menu-item"
              tabIndex={-1}
              onClick={() => choose(option.sort)}
            >
              <CheckIcon className="nl-menu-check" width="14" height="14" />
              {option.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
