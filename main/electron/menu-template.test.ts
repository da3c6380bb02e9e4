// The native menu is the shared template, item for item: same ids, labels,
// accelerators and roles; command items report their command when clicked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, flattenMenu, type MenuCommand } from '../../shared/menu';
import { toElectronMenuTemplate } from './menu-template';

function flattenElectron(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flattenElectron(item.submenu) : [])]);
}

for (const platform of ['darwin', 'win32', 'linux'] as const) {
  test(`the ${platform} menu mirrors the shared template`, () => {
    const shared = flattenMenu(buildMenuTemplate(platform));
    const clicked: MenuCommand[] = [];
    const electron = flattenElectron(toElectronMenuTemplate(buildMenuTemplate(platform), (c) => clicked.push(c)));
    assert.deepEqual(electron.map((item) => item.id), shared.map((item) => item.id));
    shared.forEach((item, i) => {
      const native = electron[i]!;
      if (item.separator) {
        assert.equal(native.type, 'separator');
        return;
      }
      assert.equal(native.label, item.label, item.id);
      assert.equal(native.accelerator, item.accelerator, item.id);
      assert.equal(native.role, item.role, item.id);
      assert.equal(typeof native.click === 'function', Boolean(item.command), item.id);
    });
    for (const native of electron) native.click?.(undefined as never, undefined, undefined as never);
    assert.deepEqual(clicked, shared.flatMap((item) => (item.command ? [item.command] : [])));
  });
}
