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
