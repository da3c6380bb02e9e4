// Electron accelerator strings ("CmdOrCtrl+Shift+N") read, matched against
// keyboard events and shown the way each OS writes them. The browser host
// uses this to give the in-window menu the same shortcuts as the native one.
import { flattenMenu, type MenuCommand, type MenuItem } from '../../shared/menu';

export interface Accelerator {
  key: string;
  ctrl: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

const NAMED_KEYS: Record<string, string> = {
  up: 'ArrowUp', down: 'ArrowDown', left: 'ArrowLeft', right: 'ArrowRight',
  backspace: 'Backspace', delete: 'Delete', enter: 'Enter', return: 'Enter',
  esc: 'Escape', escape: 'Escape', space: ' ', tab: 'Tab', plus: '+',
  home: 'Home', end: 'End', pageup: 'PageUp', pagedown: 'PageDown',
};

export function parseAccelerator(accelerator: string, platform: string): Accelerator | null {
  const mac = platform === 'darwin';
  const result: Accelerator = { key: '', ctrl: false, meta: false, alt: false, shift: false };
  // "CmdOrCtrl++" is not valid Electron syntax (it is "Plus"), so splitting on + is safe.
  for (const raw of accelerator.split('+')) {
    const token = raw.trim().toLowerCase();
    if (token === 'cmdorctrl' || token === 'commandorcontrol') result[mac ? 'meta' : 'ctrl'] = true;
    else if (token === 'cmd' || token === 'command' || token === 'super' || token === 'meta') result.meta = true;
    else if (token === 'ctrl' || token === 'control') result.ctrl = true;
    else if (token === 'alt' || token === 'option' || token === 'altgr') result.alt = true;
    else if (token === 'shift') result.shift = true;
    else if (result.key) return null;
    else if (NAMED_KEYS[token]) result.key = NAMED_KEYS[token]!;
    else if (/^f([1-9]|1\d|2[0-4])$/.test(token)) result.key = token.toUpperCase();
    else if (token.length === 1) result.key = token;
    else return null;
  }
  return result.key ? result : null;
}

/** The key a KeyboardEvent.code stands for on a US layout: matches shortcuts whatever the layout or Shift does to `key`. */
function keyFromCode(code: string): string | null {
  if (/^Key[A-Z]$/.test(code)) return code.slice(3).toLowerCase();
  if (/^Digit\d$/.test(code)) return code.slice(5);
  const punctuation: Record<string, string> = {
    Comma: ',', Period: '.', Slash: '/', Semicolon: ';', Quote: "'", BracketLeft: '[', BracketRight: ']',
    Backslash: '\\', Minus: '-', Equal: '=', Backquote: '`',
  };
  return punctuation[code] ?? null;
}

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function matchesAccelerator(event: KeyLike, accelerator: Accelerator): boolean {
  if (event.ctrlKey !== accelerator.ctrl || event.metaKey !== accelerator.meta) return false;
  if (event.altKey !== accelerator.alt || event.shiftKey !== accelerator.shift) return false;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  return key === accelerator.key || keyFromCode(event.code) === accelerator.key;
}

const MAC_KEY_SYMBOLS: Record<string, string> = {
  ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Backspace: '⌫', Delete: '⌦',
  Enter: '↩', Escape: '⎋', Tab: '⇥', ' ': 'Space',
};
const OTHER_KEY_NAMES: Record<string, string> = {
  ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right', ' ': 'Space', Escape: 'Esc',
};

/** "⌘," on macOS, "Ctrl+," elsewhere. */
export function formatAccelerator(accelerator: string, platform: string): string {
  const parsed = parseAccelerator(accelerator, platform);
  if (!parsed) return '';
  const key = parsed.key.length === 1 ? parsed.key.toUpperCase() : parsed.key;
  if (platform === 'darwin') {
    return `${parsed.ctrl ? '⌃' : ''}${parsed.alt ? '⌥' : ''}${parsed.shift ? '⇧' : ''}${parsed.meta ? '⌘' : ''}${MAC_KEY_SYMBOLS[key] ?? key}`;
  }
  const mods = [parsed.ctrl && 'Ctrl', parsed.meta && 'Super', parsed.alt && 'Alt', parsed.shift && 'Shift'].filter(Boolean);
  return [...mods, OTHER_KEY_NAMES[key] ?? key].join('+');
}

export interface Shortcut {
  accelerator: Accelerator;
  command: MenuCommand;
}

/** Every command in the menu with its accelerator and alternates. Native roles (copy, quit…) are the browser's own. */
export function menuShortcuts(template: MenuItem[], platform: string): Shortcut[] {
  const out: Shortcut[] = [];
  for (const item of flattenMenu(template)) {
    if (!item.command) continue;
    for (const text of [item.accelerator, ...(item.alternateAccelerators ?? [])]) {
      const accelerator = text ? parseAccelerator(text, platform) : null;
      if (accelerator) out.push({ accelerator, command: item.command });
    }
  }
  return out;
}

export function findShortcut(shortcuts: readonly Shortcut[], event: KeyLike): MenuCommand | null {
  return shortcuts.find((s) => matchesAccelerator(event, s.accelerator))?.command ?? null;
}
