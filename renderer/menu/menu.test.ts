import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMenuTemplate, flattenMenu } from '../../shared/menu';
import { findShortcut, formatAccelerator, menuShortcuts, parseAccelerator, type KeyLike } from './accelerators';
import { webMenu, type WebMenuItem } from './web-menu';

const key = (k: string, code: string, mods: Partial<KeyLike> = {}): KeyLike =>
  ({ key: k, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

test('CmdOrCtrl is Cmd on macOS and Ctrl elsewhere', () => {
  assert.deepEqual(parseAccelerator('CmdOrCtrl+,', 'darwin'), { key: ',', ctrl: false, meta: true, alt: false, shift: false });
  assert.deepEqual(parseAccelerator('CmdOrCtrl+Shift+N', 'linux'), { key: 'n', ctrl: true, meta: false, alt: false, shift: true });
  assert.equal(parseAccelerator('CmdOrCtrl+N+M', 'linux'), null);
  assert.equal(parseAccelerator('Ctrl+Hyper', 'linux'), null);
});

test('menu shortcuts match key events, alternates included, by key or by physical key', () => {
  const linux = menuShortcuts(buildMenuTemplate('linux'), 'linux');
  assert.equal(findShortcut(linux, key(',', 'Comma', { ctrlKey: true })), 'app.preferences');
  assert.equal(findShortcut(linux, key('k', 'KeyK', { ctrlKey: true })), 'search.focus');
  assert.equal(findShortcut(linux, key('л', 'KeyK', { ctrlKey: true })), 'search.focus', 'a Cyrillic layout still works');
  assert.equal(findShortcut(linux, key('ArrowDown', 'ArrowDown', { ctrlKey: true })), 'note.next');
  assert.equal(findShortcut(linux, key(',', 'Comma', { metaKey: true })), null);
  assert.equal(findShortcut(linux, key('c', 'KeyC', { ctrlKey: true })), null, 'copy stays the browser’s');
  const mac = menuShortcuts(buildMenuTemplate('darwin'), 'darwin');
  assert.equal(findShortcut(mac, key(',', 'Comma', { metaKey: true })), 'app.preferences');
  assert.equal(findShortcut(mac, key(',', 'Comma', { ctrlKey: true })), null);
});

test('accelerators are written the way each OS writes them', () => {
  assert.equal(formatAccelerator('CmdOrCtrl+,', 'linux'), 'Ctrl+,');
  assert.equal(formatAccelerator('CmdOrCtrl+,', 'darwin'), '⌘,');
  assert.equal(formatAccelerator('Shift+Cmd+Z', 'darwin'), '⇧⌘Z');
  assert.equal(formatAccelerator('CmdOrCtrl+Backspace', 'win32'), 'Ctrl+Backspace');
  assert.equal(formatAccelerator('CmdOrCtrl+Up', 'linux'), 'Ctrl+Up');
});

const ids = (items: WebMenuItem[]): string[] => items.flatMap((i) => [i.id, ...(i.submenu ? ids(i.submenu) : [])]);

test('the in-window menu keeps every command, shows edit roles disabled and drops what a page cannot do', () => {
  for (const platform of ['linux', 'darwin', 'win32']) {
    const template = buildMenuTemplate(platform);
    const menu = webMenu(template);
    const shown = new Set(ids(menu));
    for (const item of flattenMenu(template).filter((i) => i.command)) assert.ok(shown.has(item.id), `${platform}: ${item.id}`);
    for (const gone of ['file.quit', 'app.quit', 'app.hide', 'view.devtools', 'app.about']) assert.ok(!shown.has(gone), gone);
    const copy = menu.find((m) => m.id === 'edit')?.submenu?.find((m) => m.id === 'edit.copy');
    assert.equal(copy?.disabled, true);
    const check = (items: WebMenuItem[]) => {
      assert.ok(!items[0]?.separator && !items[items.length - 1]?.separator, 'no separator at either end');
      items.forEach((item, i) => assert.ok(!(item.separator && items[i + 1]?.separator), 'no double separators'));
      for (const item of items) if (item.submenu) check(item.submenu);
    };
    check(menu);
  }
});

test('no menu shortcut is a chord that edits text, which a native menu would steal from the editor', () => {
  // Each platform's editing chords: delete a word or line, move by word, line or to the ends of the text.
  const editing: Record<string, KeyLike[]> = {
    linux: [key('Backspace', 'Backspace', { ctrlKey: true }), key('Delete', 'Delete', { ctrlKey: true }),
      key('ArrowLeft', 'ArrowLeft', { ctrlKey: true }), key('ArrowRight', 'ArrowRight', { ctrlKey: true }),
      key('Home', 'Home', { ctrlKey: true }), key('End', 'End', { ctrlKey: true })],
    darwin: [key('Backspace', 'Backspace', { metaKey: true }), key('Backspace', 'Backspace', { altKey: true }),
      key('ArrowUp', 'ArrowUp', { metaKey: true }), key('ArrowDown', 'ArrowDown', { metaKey: true }),
      key('ArrowLeft', 'ArrowLeft', { metaKey: true }), key('ArrowRight', 'ArrowRight', { metaKey: true })],
  };
  for (const [platform, chords] of Object.entries(editing)) {
    const shortcuts = menuShortcuts(buildMenuTemplate(platform), platform);
    for (const chord of chords) assert.equal(findShortcut(shortcuts, chord), null, `${platform}: ${JSON.stringify(chord)}`);
  }
  const mac = menuShortcuts(buildMenuTemplate('darwin'), 'darwin');
  assert.equal(findShortcut(mac, key('ArrowDown', 'ArrowDown', { metaKey: true, altKey: true })), 'note.next');
  assert.equal(findShortcut(mac, key('Backspace', 'Backspace', { metaKey: true, shiftKey: true })), 'note.delete');
});
