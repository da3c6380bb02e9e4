// Small things a new user trips over (issue 15, Polish): `:14:` is just text
// in the editor; the status bar counts what All Notes shows and says the
// Trash apart; Open Folder in the browser host shows the path with Copy;
// Alt and Alt+letter reach the in-window menu bar; and the console has no
// Content-Security-Policy errors.
import type { ConsoleMessage, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { editorContent, mod, newNote, noteRow, waitUntilSaved } from './editor-helpers';

async function ready(page: Page) {
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
}

async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: test.info().outputPath(`${name}-${scheme}.png`), animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('times and colons are plain text in the editor, not emoji codes', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await newNote(page, 'Colons');
  await page.keyboard.type('Meet at 10:14: bring :x: and :smile: along.');
  await waitUntilSaved(page);
  const line = editorContent(page).locator('.cm-line', { hasText: 'Meet at' });
  await expect(line).toHaveText('Meet at 10:14: bring :x: and :smile: along.');
  // No highlighting span inside the line: all of it is one run of plain text.
  await expect(line.locator('span')).toHaveCount(0);
});

test('the status bar counts the notes All Notes shows, and the Trash apart', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await ready(page);
  await expect(page.getByTestId('status-count')).toHaveText('1 note');
  await newNote(page, 'Scratch');
  await expect(page.getByTestId('status-count')).toHaveText('2 notes');
  await noteRow(page, 'Scratch').click();
  await page.keyboard.press('Delete');
  await expect(noteRow(page, 'Scratch')).toHaveCount(0);
  await expect(page.getByTestId('status-count')).toHaveText('1 note, 1 in the Trash');
  await expect(page.getByRole('navigation').getByText('All Notes').locator('..')).toContainText('1');
  await shoot(page, 'status-bar-trash');
});

test('Open Folder in the browser host shows the folder with a Copy button', async ({ page, webHost, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(webHost.url);
  await ready(page);
  await page.keyboard.press(`${mod}+Comma`);
  await expect(page.getByTestId('preferences')).toBeVisible();
  const dataFolder = await page.getByTestId('pref-data-folder').innerText();
  await page.getByTestId('preferences').getByRole('button', { name: 'Open Folder' }).click();
  const dialog = page.getByTestId('folder-path');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('folder-path-text')).toHaveValue(dataFolder);
  await dialog.getByTestId('folder-path-copy').click();
  await expect(dialog.getByTestId('folder-path-copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(dataFolder);
  // The system's opener was asked too (the host runs on this computer).
  await expect.poll(() => webHost.opened()).toContain(dataFolder);
  await shoot(page, 'open-folder');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('preferences')).toBeVisible();
});

test('Alt focuses the menu bar and Alt+letter opens a menu', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await ready(page);
  const bar = page.getByRole('menubar');
  await noteRow(page, /Welcome/).click();
  await page.keyboard.press('Alt');
  await expect(bar.getByRole('menuitem', { name: 'File' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(bar.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  // Alt again leaves the bar.
  await page.keyboard.press('Alt');
  await expect(bar.getByRole('menuitem', { name: 'Edit' })).not.toBeFocused();

  await page.keyboard.press('Alt+F');
  await expect(page.getByRole('menu', { name: 'File' })).toBeVisible();
  await expect(page.getByRole('menu', { name: 'File' }).getByRole('menuitem').first()).toBeFocused();
  await shoot(page, 'alt-f-menu');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu', { name: 'File' })).toHaveCount(0);
  await page.keyboard.press('Alt+V');
  await expect(page.getByRole('menu', { name: 'View' })).toBeVisible();
  await page.keyboard.press('Escape');
});

test('no Content-Security-Policy errors in the console across the window', async ({ page, webHost }) => {
  const violations: string[] = [];
  const record = (message: ConsoleMessage) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) violations.push(message.text());
  };
  page.on('console', record);
  await page.goto(webHost.url);
  await ready(page);
  await noteRow(page, /Welcome/).click();
  for (const view of ['preview', 'split', 'edit'] as const) {
    await page.getByTestId(`mode-${view}`).click();
    await expect(page.getByTestId(`mode-${view}`)).toHaveAttribute('aria-pressed', 'true');
  }
  await newNote(page, 'Links');
  await page.keyboard.type('See [[Wel');
  await page.keyboard.press('Escape');
  // HTML with inline styles in a note: the preview drops them rather than have the CSP refuse them.
  await page.keyboard.type('\n\n<span style="color: red">red</span> <div style="float: right">box</div>\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n');
  await waitUntilSaved(page);
  await page.getByTestId('mode-split').click();
  await expect(page.getByTestId('preview')).toContainText('red');
  await page.getByTestId('mode-edit').click();
  await noteRow(page, 'Links').click({ button: 'right' });
  await page.keyboard.press('Escape');
  await page.getByRole('navigation').getByText('My Notebook').click({ button: 'right' });
  await page.keyboard.press('Escape');
  await page.keyboard.press(`${mod}+Comma`);
  await expect(page.getByTestId('preferences')).toBeVisible();
  await page.getByRole('tab', { name: 'Backup' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Help' }).click();
  await page.getByRole('menu', { name: 'Help' }).getByRole('menuitem').last().click();
  await page.keyboard.press('Escape');
  // Drag a pane handle: the widths it sets go through the CSSOM.
  const handle = page.getByRole('separator', { name: 'Resize the note list' });
  const box = (await handle.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 40, box.y + box.height / 2);
  await page.mouse.up();
  // A round trip to the host: every console message sent so far has arrived.
  await page.reload();
  await ready(page);
  expect(violations).toEqual([]);
});

test('on a short window Preferences keeps its tabs and Done in view; only the page scrolls', async ({ page, webHost }) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto(webHost.url);
  await ready(page);
  await page.keyboard.press(`${mod}+Comma`);
  const prefs = page.getByTestId('preferences');
  await prefs.getByRole('tab', { name: 'Backup' }).click();
  await expect(prefs.getByRole('button', { name: 'Restore…' })).toBeAttached();
  const done = prefs.getByRole('button', { name: 'Done' });
  await expect(done).toBeInViewport({ ratio: 1 });
  await expect(prefs.getByRole('tab', { name: 'Backup' })).toBeInViewport({ ratio: 1 });
  // The Backup page is taller than the room left: it scrolls, and its last button can be reached.
  const panel = prefs.getByRole('tabpanel');
  expect(await panel.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  await prefs.getByRole('button', { name: 'Restore…' }).scrollIntoViewIfNeeded();
  await expect(prefs.getByRole('button', { name: 'Restore…' })).toBeInViewport({ ratio: 1 });
  await expect(done).toBeInViewport({ ratio: 1 });
  await shoot(page, 'preferences-short-window');
  await done.click();
  await expect(prefs).toBeHidden();
});
