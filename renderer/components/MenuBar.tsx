// The browser host's in-window menu bar: the same template Electron shows
// natively, rendered as an ARIA menubar. Mouse: click a title to open, hover
// to move between open menus. Keyboard: F10 focuses the bar, and on Windows
// and Linux so does Alt pressed and released alone, while Alt+letter opens
// the menu whose title starts with it (Alt+F File); arrows move,
// Enter/Space choose, Escape backs out one level, Tab leaves.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MenuItem } from '../../shared/menu';
import { formatAccelerator } from '../menu/accelerators';
import { webMenu, type WebMenuItem } from '../menu/web-menu';
import { runCommand, runPageRole } from '../commands';
import { ChevronRightIcon } from './icons';

interface MenuBarProps {
  template: MenuItem[];
  platform: string;
}

type FocusTarget = { menuId: string; which: 'first' | 'last' };

const itemsOf = (menu: Element) =>
  [...menu.querySelectorAll<HTMLElement>(':scope > li > [role="menuitem"]:not([aria-disabled="true"])')];

export function MenuBar({ template, platform }: MenuBarProps) {
  const menus = useMemo(() => webMenu(template), [template]);
  /** Ids of the open menus, outermost first: [] closed, [file] File open, [file, file.import] its submenu too. */
  const [openPath, setOpenPath] = useState<string[]>([]);
  const barRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<FocusTarget | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const topButton = (id: string) => barRef.current?.querySelector<HTMLElement>(`[data-menu-id="${CSS.escape(id)}"]`);

  const open = useCallback((path: string[], focus?: FocusTarget['which']) => {
    if (path.length && !barRef.current?.contains(document.activeElement)) {
      returnFocus.current = document.activeElement as HTMLElement | null;
    }
    pendingFocus.current = focus && path.length ? { menuId: path[path.length - 1]!, which: focus } : null;
    setOpenPath(path);
  }, []);

  const closeAll = useCallback((restoreFocus: boolean) => {
    setOpenPath([]);
    if (restoreFocus) returnFocus.current?.focus?.();
    returnFocus.current = null;
  }, []);

  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    const list = barRef.current?.querySelector(`[data-menu-list="${CSS.escape(target.menuId)}"]`);
    if (!list) return;
    const items = itemsOf(list);
    (target.which === 'first' ? items[0] : items[items.length - 1])?.focus();
  }, [openPath]);

  // Clicking anywhere else closes the menus, as in a native app.
  useEffect(() => {
    if (!openPath.length) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!barRef.current?.contains(event.target as Node)) closeAll(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [openPath.length, closeAll]);

  // F10 reaches the menu bar from anywhere, as on Windows and Linux desktops.
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'F10' || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      returnFocus.current = document.activeElement as HTMLElement | null;
      barRef.current?.querySelector<HTMLElement>('[data-top-index="0"]')?.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  // Alt alone focuses the bar (or leaves it); Alt+letter opens a menu. Not on macOS, whose Option types characters.
  useEffect(() => {
    if (platform === 'darwin') return;
    let armed = false;
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Alt') {
        armed = !event.repeat && !event.ctrlKey && !event.metaKey && !event.shiftKey;
        return;
      }
      armed = false;
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented) return;
      const letter = /^Key([A-Z])$/.exec(event.code)?.[1]?.toLowerCase();
      const menu = letter && menus.find((m) => m.label.toLowerCase().startsWith(letter));
      if (!menu) return;
      event.preventDefault();
      open([menu.id], 'first');
      topButton(menu.id)?.focus();
    };
    const onKeyUp = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Alt' || !armed) return;
      armed = false;
      event.preventDefault();
      if (barRef.current?.contains(document.activeElement)) {
        closeAll(true);
        return;
      }
      returnFocus.current = document.activeElement as HTMLElement | null;
      barRef.current?.querySelector<HTMLElement>('[data-top-index="0"]')?.focus();
    };
    const disarm = () => (armed = false);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('pointerdown', disarm, true);
    window.addEventListener('blur', disarm);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('pointerdown', disarm, true);
      window.removeEventListener('blur', disarm);
    };
  }, [platform, menus, open, closeAll]);

  const activate = (item: WebMenuItem) => {
    if (item.disabled || item.separator) return;
    if (item.submenu) return;
    closeAll(true);
    if (item.command) void runCommand(item.command);
    else if (item.pageRole) runPageRole(item.pageRole);
  };

  const moveTop = (from: number, delta: number, keepOpen: boolean) => {
    const next = menus[(from + delta + menus.length) % menus.length]!;
    if (keepOpen) open([next.id], 'first');
    topButton(next.id)?.focus();
  };

  const onTopKeyDown = (event: KeyboardEvent<HTMLElement>, index: number) => {
    const item = menus[index]!;
    switch (event.key) {
      case 'ArrowRight': moveTop(index, 1, openPath.length > 0); break;
      case 'ArrowLeft': moveTop(index, -1, openPath.length > 0); break;
      case 'ArrowDown': case 'Enter': case ' ': open([item.id], 'first'); break;
      case 'ArrowUp': open([item.id], 'last'); break;
      case 'Escape': closeAll(true); break;
      case 'Home': topButton(menus[0]!.id)?.focus(); break;
      case 'End': topButton(menus[menus.length - 1]!.id)?.focus(); break;
      default: return;
    }
    event.preventDefault();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLElement>, path: string[]) => {
    const list = event.currentTarget;
    const items = itemsOf(list);
    const focused = items.indexOf(document.activeElement as HTMLElement);
    const focusedItem = findItem(menus, (document.activeElement as HTMLElement | null)?.dataset.menuId);
    const topIndex = menus.findIndex((m) => m.id === path[0]);
    switch (event.key) {
      case 'ArrowDown': items[(focused + 1) % items.length]?.focus(); break;
      case 'ArrowUp': items[(focused - 1 + items.length) % items.length]?.focus(); break;
      case 'Home': items[0]?.focus(); break;
      case 'End': items[items.length - 1]?.focus(); break;
      case 'ArrowRight':
        if (focusedItem?.submenu) open([...path, focusedItem.id], 'first');
        else moveTop(topIndex, 1, true);
        break;
      case 'ArrowLeft':
        if (path.length > 1) {
          open(path.slice(0, -1));
          barRef.current?.querySelector<HTMLElement>(`[data-menu-id="${CSS.escape(path[path.length - 1]!)}"]`)?.focus();
        } else moveTop(topIndex, -1, true);
        break;
      case 'Enter': case ' ':
        if (focusedItem?.submenu) open([...path, focusedItem.id], 'first');
        else if (focusedItem) activate(focusedItem);
        break;
      case 'Escape':
        if (path.length > 1) {
          open(path.slice(0, -1));
          barRef.current?.querySelector<HTMLElement>(`[data-menu-id="${CSS.escape(path[path.length - 1]!)}"]`)?.focus();
        } else {
          closeAll(false);
          topButton(path[0]!)?.focus();
        }
        break;
      case 'Tab': closeAll(false); return;
      default: return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const renderMenu = (items: WebMenuItem[], path: string[]) => (
    <ul
      role="menu"
      className={path.length > 1 ? 'menu submenu' : 'menu'}
      data-menu-list={path[path.length - 1]}
      aria-label={findItem(menus, path[path.length - 1])?.label}
      onKeyDown={(event) => onMenuKeyDown(event, path)}
    >
      {items.map((item) => {
        if (item.separator) return <li key={item.id} role="separator" className="menu-separator" />;
        const expanded = openPath[path.length] === item.id;
        return (
          <li key={item.id} role="none" className="menu-entry">
            <div
              role="menuitem"
              tabIndex={-1}
              className="menu-item"
              data-menu-id={item.id}
              aria-disabled={item.disabled ? 'true' : undefined}
              aria-haspopup={item.submenu ? 'menu' : undefined}
              aria-expanded={item.submenu ? expanded : undefined}
              onMouseEnter={(event) => {
                if (!item.disabled) event.currentTarget.focus();
                if (item.submenu) open([...path, item.id]);
                else if (openPath.length > path.length) open(path);
              }}
              onClick={() => (item.submenu ? open([...path, item.id], 'first') : activate(item))}
            >
              <span className="menu-label">{item.label}</span>
              {item.accelerator && <span className="menu-accelerator">{formatAccelerator(item.accelerator, platform)}</span>}
              {item.submenu && <ChevronRightIcon className="menu-chevron" width="12" height="12" />}
            </div>
            {item.submenu && expanded && renderMenu(item.submenu, [...path, item.id])}
          </li>
        );
      })}
    </ul>
  );

  return (
    <div
      ref={barRef}
      role="menubar"
      aria-label="Application menu"
      className="menubar"
      onBlur={(event) => {
        if (openPath.length && !event.currentTarget.contains(event.relatedTarget as Node | null)) closeAll(false);
      }}
    >
      {menus.map((menu, index) => {
        const isOpen = openPath[0] === menu.id;
        return (
          <div key={menu.id} className="menubar-entry" role="none">
            <button
              type="button"
              role="menuitem"
              className={isOpen ? 'menubar-title open' : 'menubar-title'}
              data-menu-id={menu.id}
              data-top-index={index}
              tabIndex={index === 0 ? 0 : -1}
              aria-haspopup="menu"
              aria-expanded={isOpen}
              onMouseDown={(event) => {
                event.preventDefault();
                if (isOpen) closeAll(false);
                else {
                  open([menu.id]);
                  event.currentTarget.focus();
                }
              }}
              onMouseEnter={(event) => {
                if (openPath.length && !isOpen) {
                  open([menu.id]);
                  event.currentTarget.focus();
                }
              }}
              onKeyDown={(event) => onTopKeyDown(event, index)}
            >
              {menu.label}
            </button>
            {isOpen && menu.submenu && renderMenu(menu.submenu, [menu.id])}
          </div>
        );
      })}
    </div>
  );
}

function findItem(items: WebMenuItem[], id: string | undefined): WebMenuItem | undefined {
  if (!id) return undefined;
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.submenu && findItem(item.submenu, id);
    if (inner) return inner;
  }
  return undefined;
}
