// An in-page context menu (both hosts show the same one): role=menu, opened
// by a right-click or, on a focused entry, by the context-menu key or
// Shift+F10. Arrow keys move, Enter/Space choose, ArrowRight/ArrowLeft open
// and close a submenu, Escape backs out one level, Tab or a click elsewhere
// closes it. Focus returns to the entry it was opened from before the chosen
// action runs, so a dialog the action opens gives focus back there too.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { create } from 'zustand';
import { ChevronRightIcon } from '../icons';

export interface ContextMenuItem {
  id: string;
  label: string;
  icon?: ReactNode;
  danger?: boolean;
  /** For a choice among several (a tag's color): shown as a radio item. */
  checked?: boolean;
  onSelect?(): void;
  submenu?: ContextMenuItem[];
  separatorBefore?: boolean;
}

interface OpenMenu {
  x: number;
  y: number;
  /** Where the pointer was when the menu opened (see onPointerMove). */
  pointer: { x: number; y: number };
  /** Opened from the keyboard: the first item takes focus. From the pointer, the menu does, and nothing shows as chosen yet. */
  fromKeyboard: boolean;
  label: string;
  items: ContextMenuItem[];
  returnFocus: HTMLElement | null;
}

interface ContextMenuState {
  menu: OpenMenu | null;
  open(menu: OpenMenu): void;
  close(): void;
}

export const useContextMenu = create<ContextMenuState>()((set) => ({
  menu: null,
  open: (menu) => set({ menu }),
  close: () => set({ menu: null }),
}));

// The pointer's last position, so a menu can tell a real move from the
// browser re-sending the old position when the menu appears under a still pointer.
let lastPointer = { x: -1, y: -1 };
window.addEventListener('pointermove', (event) => {
  lastPointer = { x: event.clientX, y: event.clientY };
}, { capture: true, passive: true });

/** Opens a menu for `anchor`: at the pointer for a right-click, under the element for the keyboard. */
export function openContextMenu(anchor: HTMLElement, label: string, items: ContextMenuItem[], at?: { x: number; y: number }) {
  const rect = anchor.getBoundingClientRect();
  const position = at ?? { x: rect.left + Math.min(24, rect.width / 2), y: rect.bottom - 2 };
  useContextMenu.getState().open({ ...position, pointer: lastPointer, fromKeyboard: !at, label, items, returnFocus: anchor });
}

/** True for the keys that open a context menu on a focused element. */
export const isContextMenuKey = (event: { key: string; shiftKey: boolean }) =>
  event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey);

const itemsIn = (list: HTMLElement | null) =>
  list ? [...list.querySelectorAll<HTMLElement>(':scope > li > [role^="menuitem"]')] : [];

function MenuList({ items, label, x, y, level, autoFocus, pointer, onDone, onBack }: {
  items: ContextMenuItem[];
  pointer: { x: number; y: number };
  label: string;
  x: number;
  y: number;
  level: number;
  /** A submenu opened by hovering leaves focus on its parent item; opened by the keyboard or a click, it takes focus. */
  autoFocus: boolean;
  onDone(item: ContextMenuItem): void;
  onBack(): void;
}) {
  const ref = useRef<HTMLUListElement>(null);
  const [position, setPosition] = useState({ x, y });
  const [openSub, setOpenSub] = useState<{ id: string; x: number; y: number; focus: boolean } | null>(null);

  // Keep the menu inside the window: flip left (a submenu: to the other side) or up when it would overflow.
  useLayoutEffect(() => {
    const el = ref.current!;
    const { width, height } = el.getBoundingClientRect();
    const parentWidth = level > 0 ? (el.parentElement?.getBoundingClientRect().width ?? 0) : 0;
    const flipped = level > 0 ? x - width - parentWidth - 4 : window.innerWidth - width - 4;
    const left = x + width > window.innerWidth - 4 ? Math.max(4, flipped) : x;
    const top = y + height > window.innerHeight - 4 ? Math.max(4, window.innerHeight - height - 4) : y;
    setPosition({ x: left, y: top });
    if (autoFocus) itemsIn(el)[0]?.focus();
    else if (level === 0) el.focus();
  }, [x, y, level, autoFocus]);

  const openSubmenu = (item: ContextMenuItem, element: HTMLElement, focus: boolean) => {
    const rect = element.getBoundingClientRect();
    setOpenSub({ id: item.id, x: rect.right + 2, y: rect.top - 6, focus });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const elements = itemsIn(ref.current);
    const active = document.activeElement as HTMLElement | null;
    const index = active ? elements.indexOf(active) : -1;
    const item = items.find((i) => i.id === active?.dataset.itemId);
    const move = (to: number) => elements[(to + elements.length) % elements.length]?.focus();
    switch (event.key) {
      case 'ArrowDown': move(index + 1); break;
      case 'ArrowUp': move(index < 0 ? -1 : index - 1); break;
      case 'Home': move(0); break;
      case 'End': move(-1); break;
      case 'ArrowRight':
        if (item?.submenu && active) openSubmenu(item, active, true);
        break;
      case 'ArrowLeft':
        if (level > 0) onBack();
        break;
      case 'Escape':
        onBack();
        break;
      case 'Enter':
      case ' ':
        if (item?.submenu && active) openSubmenu(item, active, true);
        else if (item) onDone(item);
        break;
      case 'Tab':
        useContextMenu.getState().close();
        return; // Tab goes on to the next control as usual
      default: {
        // A letter jumps to the next item starting with it, as in native menus.
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
        const letter = event.key.toLocaleLowerCase();
        const order = [...elements.slice(index + 1), ...elements.slice(0, index + 1)];
        order.find((el) => el.textContent?.trim().toLocaleLowerCase().startsWith(letter))?.focus();
      }
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const sub = openSub ? items.find((i) => i.id === openSub.id) : undefined;
  return (
    <ul
      ref={ref}
      role="menu"
      tabIndex={-1}
      aria-label={label}
      className="menu sb-context-menu"
      data-testid={level === 0 ? 'context-menu' : 'context-submenu'}
      style={{ left: position.x, top: position.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item) => (
        <li key={item.id} role="none" className="menu-entry">
          {item.separatorBefore && <div role="separator" className="menu-separator" />}
          <div
            role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
            aria-checked={item.checked}
            aria-haspopup={item.submenu ? 'menu' : undefined}
            aria-expanded={item.submenu ? openSub?.id === item.id : undefined}
            tabIndex={-1}
            data-item-id={item.id}
            className={`menu-item${item.danger ? ' danger' : ''}`}
            onClick={(event) => (item.submenu ? openSubmenu(item, event.currentTarget, true) : onDone(item))}
            onPointerMove={(event) => {
              // A pointer that has not moved since the menu opened is not pointing at anything yet.
              if (event.clientX === pointer.x && event.clientY === pointer.y) return;
              if (document.activeElement !== event.currentTarget) event.currentTarget.focus();
              if (item.submenu) {
                if (openSub?.id !== item.id) openSubmenu(item, event.currentTarget, false);
              } else if (openSub) setOpenSub(null);
            }}
          >
            {item.icon && <span className="sb-menu-icon">{item.icon}</span>}
            <span className="menu-label">{item.label}</span>
            {item.checked && <span className="sb-menu-check" aria-hidden="true">✓</span>}
            {item.submenu && <ChevronRightIcon className="menu-chevron" width="14" height="14" />}
          </div>
          {sub === item && sub.submenu && openSub && (
            <MenuList items={sub.submenu} label={sub.label} x={openSub.x} y={openSub.y} level={level + 1}
              autoFocus={openSub.focus} pointer={pointer} onDone={onDone}
              onBack={() => {
                setOpenSub(null);
                ref.current?.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(item.id)}"]`)?.focus();
              }} />
          )}
        </li>
      ))}
    </ul>
  );
}

export function ContextMenu() {
  const menu = useContextMenu((s) => s.menu);
  const close = useContextMenu((s) => s.close);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menu) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) close();
    };
    const onBlur = () => close();
    // The menu stays where it opened, so scrolling what it belongs to closes it. ('wheel', not
    // 'scroll': a scroll that brought the entry into view may still be arriving as the menu opens.)
    const onWheel = (event: Event) => {
      if (!rootRef.current?.contains(event.target as Node)) close();
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('wheel', onWheel, { capture: true, passive: true });
    window.addEventListener('blur', onBlur);
    window.addEventListener('resize', onBlur);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('wheel', onWheel, true);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('resize', onBlur);
    };
  }, [menu, close]);

  if (!menu) return null;
  const done = (item: ContextMenuItem) => {
    close();
    menu.returnFocus?.focus();
    item.onSelect?.();
  };
  const back = () => {
    close();
    menu.returnFocus?.focus();
  };
  return (
    <div ref={rootRef} className="sb-context-root">
      <MenuList key={`${menu.x},${menu.y},${menu.label}`} items={menu.items} label={menu.label} x={menu.x} y={menu.y} level={0}
        autoFocus={menu.fromKeyboard} pointer={menu.pointer} onDone={done} onBack={back} />
    </div>
  );
}
