// The Trash through the UI: deleting moves a note there, Restore takes it
// back to its notebook, Delete Forever and Empty Trash ask first and cannot
// be undone; the Delete shortcut does the right one in each place; the
// toasts of a move to the Trash, a move and a tag carry an Undo.
import type { Page } from '@playwright/test';
import { expect, LIBRARY, test } from './note-library';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const list = (page: Page) => page.getByTestId('note-list');
const row = (page: Page, title: string) => list(page).getByRole('option').filter({ has: page.locator('.nl-row-title', { hasText: title }) });
const titles = (page: Page) => list(page).locator('.nl-row-title');
const trashCount = (page: Page) => page.getByTestId('sidebar-trash').locator('.sb-count');
const bookCount = (page: Page, name: string) =>
  page.getByTestId('sidebar').locator(`[data-kind="book"][data-name="${name}"] .sb-count`);
const toast = (page: Page, text: string) => page.getByTestId('notification').filter({ hasText: text });

test('a deleted note waits in the Trash; Restore puts it back in its notebook', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length} notes`);
  await expect(bookCount(page, 'Work')).toHaveText('3');

  await row(page, 'Meeting notes').click();
  await list(page).press('Delete');
  await expect(toast(page, 'Moved 1 note to the Trash')).toBeVisible();
  await expect(row(page, 'Meeting notes')).toHaveCount(0);
  await expect(trashCount(page)).toHaveText('1');
  await expect(bookCount(page, 'Work')).toHaveText('2');

  await page.getByTestId('sidebar-trash').click();
  await expect(page.getByTestId('note-list-title')).toHaveText('Trash');
  await expect(page.getByTestId('note-count')).toHaveText('1 note');
  await expect(titles(page)).toHaveText(['Meeting notes']);
  const bar = page.getByTestId('selection-bar');
  await expect(page.getByTestId('selection-count')).toHaveText('In the Trash');
  await bar.getByRole('button', { name: 'Restore' }).click();
  await expect(toast(page, 'Restored 1 note')).toBeVisible();
  await expect(page.getByTestId('note-list-empty')).toContainText('The Trash is empty');
  await expect(trashCount(page)).toHaveText('0');
  await expect(bookCount(page, 'Work')).toHaveText('3');
  await page.getByTestId('sidebar').locator('[data-kind="book"][data-name="Work"]').click();
  await expect(titles(page)).toHaveText(['Quarterly plan', 'Meeting notes', 'Archive']);
});

test('Delete Forever asks first, with the count, and removes the notes for good', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await row(page, 'Grocery list').click();
  await row(page, 'Zebra facts').click({ modifiers: [mod] });
  await row(page, 'Archive').click({ modifiers: [mod] });
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Move to Trash' }).click();
  await expect(trashCount(page)).toHaveText('3');

  await page.getByTestId('sidebar-trash').click();
  await expect(page.getByTestId('note-count')).toHaveText('3 notes');
  await list(page).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await expect(page.getByTestId('selection-count')).toHaveText('3 notes selected');
  await page.keyboard.press('Shift+ArrowUp');
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete Forever' }).click();
  const dialog = page.getByTestId('ask-dialog');
  await expect(dialog).toContainText('Delete 2 notes forever?');
  await expect(dialog).toContainText('This cannot be undone.');
  // Cancel changes nothing.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('note-count')).toHaveText('3 notes');

  await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete Forever' }).click();
  await page.getByTestId('ask-ok').click();
  await expect(toast(page, 'Deleted 2 notes forever')).toBeVisible();
  await expect(page.getByTestId('note-count')).toHaveText('1 note');
  await expect(trashCount(page)).toHaveText('1');
  await page.getByTestId('sidebar-all-notes').click();
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length - 3} notes`);

  // The Delete shortcut in the Trash deletes forever, after asking.
  await page.getByTestId('sidebar-trash').click();
  await list(page).focus();
  await page.keyboard.press(`${mod}+Shift+Backspace`);
  await expect(page.getByTestId('ask-dialog')).toContainText('Delete this note forever?');
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('note-list-empty')).toContainText('The Trash is empty');
  await expect(trashCount(page)).toHaveText('0');
});

test('Empty Trash asks with the count, then deletes everything in the Trash', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await page.getByTestId('sidebar').locator('[data-kind="book"][data-name="Work"]').click();
  await expect(page.getByTestId('note-count')).toHaveText('3 notes');
  // Cmd/Ctrl+Shift+Backspace (the menu's Move to Trash) works from anywhere, no question asked.
  await list(page).focus();
  await page.keyboard.press(`${mod}+a`);
  await page.keyboard.press(`${mod}+Shift+Backspace`);
  await expect(toast(page, 'Moved 3 notes to the Trash')).toBeVisible();
  await expect(page.getByTestId('note-list-empty')).toContainText('No notes here');

  await page.getByTestId('sidebar-trash').click();
  const empty = page.getByTestId('empty-trash');
  await expect(page.getByTestId('note-count')).toHaveText('3 notes');
  await empty.click();
  const dialog = page.getByTestId('ask-dialog');
  await expect(dialog).toContainText('Permanently delete 3 notes in the Trash? This cannot be undone.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('note-count')).toHaveText('3 notes');

  await empty.click();
  await page.getByTestId('ask-ok').click();
  await expect(toast(page, 'Deleted 3 notes forever')).toBeVisible();
  await expect(page.getByTestId('note-list-empty')).toContainText('The Trash is empty');
  await expect(empty).toBeDisabled();
  await expect(trashCount(page)).toHaveText('0');
  await page.getByTestId('sidebar-all-notes').click();
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length - 3} notes`);
});

test('Undo on the toast takes back a move to the Trash, a move to a notebook and a tag, and only what that action did', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length} notes`);
  const undo = (text: string) => toast(page, text).getByTestId('notification-action');
  const bar = page.getByTestId('selection-bar');

  // A note already in the Trash stays there when a later move to the Trash is undone.
  await row(page, 'Archive').click();
  await list(page).press('Delete');
  await expect(trashCount(page)).toHaveText('1');
  await row(page, 'Meeting notes').click();
  await row(page, 'Grocery list').click({ modifiers: [mod] });
  await list(page).press('Delete');
  await expect(trashCount(page)).toHaveText('3');
  await expect(undo('Moved 2 notes to the Trash')).toHaveText('Undo');
  await page.screenshot({ path: test.info().outputPath('undo-toast.png'), animations: 'disabled' });
  await undo('Moved 2 notes to the Trash').click();
  await expect(toast(page, 'Restored 2 notes')).toBeVisible();
  await expect(toast(page, 'Moved 2 notes to the Trash')).toHaveCount(0);
  await expect(trashCount(page)).toHaveText('1');
  await expect(bookCount(page, 'Work')).toHaveText('2');
  await expect(bookCount(page, 'Home')).toHaveText('2');

  // Move to… one notebook, from two: Undo puts each note back where it was.
  await row(page, 'Meeting notes').click();
  await row(page, 'Zebra facts').click({ modifiers: [mod] });
  await bar.getByRole('button', { name: 'Move to…' }).click();
  await page.getByTestId('ask-choice').selectOption({ label: 'Languages' });
  await page.getByTestId('ask-ok').click();
  await expect(bookCount(page, 'Work')).toHaveText('1');
  await expect(bookCount(page, 'Home')).toHaveText('1');
  await undo('Moved 2 notes to “Languages”').click();
  await expect(toast(page, 'Moved 2 notes back')).toBeVisible();
  await expect(bookCount(page, 'Work')).toHaveText('2');
  await expect(bookCount(page, 'Home')).toHaveText('2');

  // Add Tag: Undo takes the tag off the notes that did not have it, and leaves it on the one that did.
  await row(page, 'Quarterly plan').click();
  await row(page, 'Zebra facts').click({ modifiers: [mod] });
  await bar.getByRole('button', { name: 'Add Tag' }).click();
  await page.getByTestId('ask-text-input').fill('work');
  await page.getByTestId('ask-ok').click();
  await expect(row(page, 'Zebra facts').locator('.nl-tag', { hasText: 'work' })).toBeVisible();
  await undo('Tagged 2 notes “work”').click();
  await expect(toast(page, 'Took “work” off 1 note')).toBeVisible();
  await expect(row(page, 'Zebra facts').locator('.nl-tag', { hasText: 'work' })).toHaveCount(0);
  await expect(row(page, 'Quarterly plan').locator('.nl-tag', { hasText: 'work' })).toBeVisible();
});

test.describe('with 150 notes', () => {
  test.use({ generatedNotes: 150 });

  test('moving many notes to the Trash and emptying it say at once what they are doing, then what they did', async ({ page, libraryHost }) => {
    // Each request is held until the test has seen the window say it is working (at 200,000 notes it takes seconds).
    const held = new Map<string, () => void>();
    await page.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const request = JSON.parse(String(message)) as { name?: string };
        if (request.name !== 'notes.trash' && request.name !== 'trash.empty') return server.send(message);
        held.set(request.name, () => server.send(message));
      });
    });
    await page.goto(libraryHost.url);
    await expect(page.getByTestId('note-count')).toHaveText('150 notes');
    await list(page).getByRole('option').first().click();
    await list(page).press(`${mod}+A`);
    await list(page).press('Delete');
    await expect(toast(page, 'Moving 150 notes to the Trash…')).toBeVisible();
    await expect.poll(() => held.has('notes.trash')).toBe(true);
    held.get('notes.trash')!();
    await expect(toast(page, 'Moved 150 notes to the Trash')).toBeVisible();
    await expect(toast(page, 'Moving 150 notes')).toHaveCount(0);
    await expect(trashCount(page)).toHaveText('150');

    await page.getByTestId('sidebar-trash').click({ button: 'right' });
    await page.getByRole('menuitem', { name: /Empty Trash/ }).click();
    await page.getByTestId('ask-ok').click();
    await expect(toast(page, 'Deleting 150 notes forever…')).toBeVisible();
    await expect.poll(() => held.has('trash.empty')).toBe(true);
    held.get('trash.empty')!();
    await expect(toast(page, 'Deleted 150 notes forever')).toBeVisible();
    await expect(toast(page, 'Deleting 150 notes')).toHaveCount(0);
    await expect(page.getByTestId('note-count')).toHaveText('0 notes');
  });
});

test('a note dragged out of the Trash and put back with Undo still goes home on Restore', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await row(page, 'Meeting notes').click();
  await list(page).press('Delete');
  await expect(trashCount(page)).toHaveText('1');
  await expect(bookCount(page, 'Work')).toHaveText('2');

  await page.getByTestId('sidebar-trash').click();
  await expect(titles(page)).toHaveText(['Meeting notes']);
  await row(page, 'Meeting notes').dragTo(page.getByTestId('sidebar').locator('[data-kind="book"][data-name="Home"]'));
  await expect(toast(page, 'Moved 1 note to “Home”')).toBeVisible();
  await expect(bookCount(page, 'Home')).toHaveText('3');
  await expect(trashCount(page)).toHaveText('0');
  await toast(page, 'Moved 1 note to “Home”').getByTestId('notification-action').click();
  await expect(toast(page, 'Moved 1 note back')).toBeVisible();
  await expect(trashCount(page)).toHaveText('1');
  await expect(bookCount(page, 'Home')).toHaveText('2');

  // Restore takes it to Work, where it was deleted from, not to Home, where it was for a moment.
  await expect(titles(page)).toHaveText(['Meeting notes']);
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Restore' }).click();
  await expect(toast(page, 'Restored 1 note')).toBeVisible();
  await expect(bookCount(page, 'Work')).toHaveText('3');
  await expect(bookCount(page, 'Home')).toHaveText('2');
});
