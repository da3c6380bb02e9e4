// Menus on notes: the context menu on note rows (mouse, Shift+F10 and the
// context-menu key), acting on the whole selection, the Trash's own menu,
// and the same actions in the Note menu with their shortcuts.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './note-library';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const list = (page: Page) => page.getByTestId('note-list');
const row = (page: Page, title: string) =>
  list(page).getByRole('option').filter({ has: page.locator('.nl-row-title', { hasText: new RegExp(`^${title}$`) }) });
const menu = (page: Page) => page.getByTestId('note-context-menu');
const item = (page: Page, name: string | RegExp) => menu(page).getByRole('menuitem', { name });
const toast = (page: Page, text: string) => page.getByTestId('notification').filter({ hasText: text });

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('right-click a note: Open, Pin, Move to…, Duplicate and Move to Trash act on that note', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await row(page, 'Quarterly plan').click();

  await row(page, 'Zebra facts').click({ button: 'right' });
  await expect(menu(page)).toBeVisible();
  // The row right-clicked becomes the selection, as in a file manager.
  await expect(row(page, 'Zebra facts')).toHaveAttribute('aria-selected', 'true');
  await expect(menu(page).getByRole('menuitem')).toHaveText([
    'Open', /^Pin/, /^Move to…/, /^Add Tag…/, /^Duplicate/, /^Copy Note Link/, 'Export as Markdown…', /^History…/, /^Move to Trash/,
  ]);
  await expect(item(page, /^Move to…/)).toContainText(process.platform === 'darwin' ? '⇧⌘M' : 'Ctrl+Shift+M');
  await item(page, 'Open').click();
  await expect(menu(page)).toBeHidden();
  await expect(page.getByTestId('note-title')).toHaveValue('Zebra facts');

  await row(page, 'Zebra facts').click({ button: 'right' });
  await item(page, /^Pin/).click();
  await expect(toast(page, 'Pinned “Zebra facts”')).toBeVisible();
  await expect(row(page, 'Zebra facts').locator('.nl-row-pin')).toBeVisible();
  await row(page, 'Zebra facts').click({ button: 'right' });
  await expect(item(page, /^Unpin/)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu(page)).toBeHidden();

  await row(page, 'Zebra facts').click({ button: 'right' });
  await item(page, /^Move to…/).click();
  await page.getByTestId('ask-choice').selectOption({ label: 'Work' });
  await page.getByTestId('ask-ok').click();
  await expect(toast(page, 'Moved 1 note to “Work”')).toBeVisible();

  await row(page, 'Zebra facts').click({ button: 'right' });
  await item(page, /^Duplicate/).click();
  await expect(toast(page, 'Duplicated “Zebra facts”')).toBeVisible();
  await expect(row(page, 'Zebra facts copy')).toHaveCount(1);
  await expect(page.getByTestId('note-title')).toHaveValue('Zebra facts copy');
  await expect(page.getByTestId('editor')).toContainText('Every zebra has its own pattern of stripes');

  await row(page, 'Zebra facts copy').click({ button: 'right' });
  await item(page, /^Move to Trash/).click();
  await expect(toast(page, 'Moved 1 note to the Trash')).toBeVisible();
  await expect(row(page, 'Zebra facts copy')).toHaveCount(0);
});

test('with several notes selected the menu acts on all of them', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await row(page, 'Grocery list').click();
  await row(page, 'Archive').click({ modifiers: [mod] });
  await row(page, 'Archive').click({ button: 'right' });
  await expect(menu(page)).toHaveAttribute('aria-label', '2 notes');
  // Open is for one note; the link item says links.
  await expect(item(page, 'Open')).toHaveCount(0);
  await item(page, /^Add Tag…/).click();
  await page.getByTestId('ask-text-input').fill('poetry');
  await page.getByTestId('ask-ok').click();
  await expect(toast(page, 'Tagged 2 notes “poetry”')).toBeVisible();
  await expect(row(page, 'Grocery list').locator('.nl-tag', { hasText: 'poetry' })).toBeVisible();
  await expect(row(page, 'Archive').locator('.nl-tag', { hasText: 'poetry' })).toBeVisible();

  await row(page, 'Grocery list').click();
  await row(page, 'Archive').click({ modifiers: [mod] });
  await row(page, 'Grocery list').click({ button: 'right' });
  await item(page, /^Copy Note Links/).click();
  // One link a line, in the list's order (tagging just made both the most recently updated).
  const copied = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
  expect(copied).toHaveLength(2);
  expect(copied.sort()).toEqual([
    expect.stringMatching(/^\[Archive\]\(quire:\/\/note:[^)\s]+\)$/),
    expect.stringMatching(/^\[Grocery list\]\(quire:\/\/note:[^)\s]+\)$/),
  ]);

  // Right-clicking a row outside the selection chooses that row alone.
  await row(page, 'Meeting notes').click({ button: 'right' });
  await expect(menu(page)).toHaveAttribute('aria-label', 'Note');
  await expect(page.getByTestId('selection-bar')).toBeHidden();
});

test('Shift+F10 and the context-menu key open the menu from the keyboard', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await row(page, 'Meeting notes').click();
  await list(page).focus();
  await page.keyboard.press('Shift+F10');
  await expect(menu(page)).toBeVisible();
  await expect(item(page, 'Open')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(item(page, /^Move to Trash/)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu(page)).toBeHidden();
  await expect(list(page)).toBeFocused();

  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('note-title')).toHaveValue('Grocery list');
  await page.keyboard.press('ContextMenu');
  await expect(menu(page)).toBeVisible();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expect(item(page, /^Copy Note Link/)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(menu(page)).toBeHidden();
  await expect(list(page)).toBeFocused();
  await expect(toast(page, 'Copied the link to “Grocery list”')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^\[Grocery list\]\(quire:\/\/note:[^)\s]+\)$/);
});

test('in the Trash the menu offers Restore and Delete Forever', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await row(page, 'Archive').click({ button: 'right' });
  await item(page, /^Move to Trash/).click();
  await page.getByTestId('sidebar-trash').click();
  await row(page, 'Archive').click({ button: 'right' });
  await expect(menu(page).getByRole('menuitem')).toHaveText(['Open', 'Restore', /^History…/, 'Delete Forever…']);
  await item(page, 'Delete Forever…').click();
  await expect(page.getByTestId('ask-dialog')).toContainText('Delete this note forever?');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await row(page, 'Archive').click({ button: 'right' });
  await item(page, 'Restore').click();
  await expect(toast(page, 'Restored 1 note')).toBeVisible();
  await expect(page.getByTestId('note-list-empty')).toContainText('The Trash is empty');
});

test('the Note menu has the same actions, with their shortcuts', async ({ page, libraryHost, tmpDir }) => {
  await page.goto(libraryHost.url);
  await row(page, 'Grocery list').click();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Note' }).click();
  for (const id of ['note.duplicate', 'note.togglePin', 'note.move', 'note.addTag', 'note.copyLink', 'note.exportMarkdown',
    'note.history', 'note.delete', 'note.restore', 'note.deleteForever']) {
    await expect(page.locator(`[data-menu-id="${id}"]`)).toBeVisible();
  }
  await page.locator('[data-menu-id="note.togglePin"]').click();
  await expect(toast(page, 'Pinned “Grocery list”')).toBeVisible();

  await list(page).focus();
  await page.keyboard.press(`${mod}+Shift+M`);
  await expect(page.getByTestId('ask-dialog')).toContainText('Move Note');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await list(page).focus();
  await page.keyboard.press(`${mod}+Shift+D`);
  await expect(page.getByTestId('note-title')).toHaveValue('Grocery list copy');

  // Export as Markdown… writes just the chosen note, through the folder prompt.
  await row(page, 'Grocery list').click();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Note' }).click();
  await page.locator('[data-menu-id="note.exportMarkdown"]').click();
  await expect(page.getByTestId('path-prompt')).toContainText('Export “Grocery list” as Markdown into a folder');
  const target = path.join(tmpDir, 'one-note');
  fs.mkdirSync(target);
  await page.getByTestId('path-prompt-input').fill(target);
  await page.getByTestId('path-prompt-input').press('Enter');
  await expect(toast(page, 'Finished exporting')).toContainText('1 note exported');
  const files = fs.readdirSync(target, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
  expect(files.map((f) => path.basename(f))).toEqual(['Grocery list.md']);
  expect(fs.readFileSync(path.join(target, files[0]!), 'utf8')).toContain('Apples, bread, oat milk');
});

test('screenshots: the note context menu, light and dark', async ({ page, libraryHost }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(libraryHost.url);
    await row(page, 'Meeting notes').click();
    await row(page, 'Grocery list').click({ modifiers: [mod] });
    await row(page, 'Grocery list').click({ button: 'right', position: { x: 120, y: 30 } });
    await expect(item(page, /^Pin/)).toBeFocused();
    await page.screenshot({ path: testInfo.outputPath(`note-context-menu-${scheme}.png`) });
  }
});
