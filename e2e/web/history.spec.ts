// Note › History… in the browser host: a note edited, snapshotted and
// edited again lists its versions newest first; choosing one shows it beside
// the current text with the differences marked; Restore This Version brings
// the old text back as a new edit (and the replaced text stays in the
// history). The context menu opens it for a note in the Trash too.
// Screenshots of the dialog for the docs.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DOC_SCREENSHOTS, dismissToasts, docScreenshot } from './fixtures';
import { editorContent, editorText, focusEnd, mod, newNote, noteRow, openNote, pasteText, waitUntilSaved } from './editor-helpers';
import { expect, test } from './note-library';
import { closePreferences, openBackupPane, takeSnapshot, useBackupFolder } from './snapshot-helpers';

const dialog = (page: Page) => page.getByTestId('history-dialog');
const entries = (page: Page) => dialog(page).getByTestId('history-entry');
const compare = (page: Page) => page.getByTestId('history-compare');
/** The lines of one side that differ from the other side. */
const changedOn = (page: Page, side: 'a' | 'b') => compare(page).locator(`.compare-cell.side-${side}.changed .compare-text`);

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await focusEnd(page);
  await page.keyboard.type(text);
  await waitUntilSaved(page);
}

test('History… lists a note’s versions, compares one with the current text and restores it', { tag: DOC_SCREENSHOTS }, async ({ page, libraryHost, tmpDir }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(libraryHost.url);
  await openBackupPane(page);
  await useBackupFolder(page, path.join(tmpDir, 'backup'));
  await closePreferences(page);

  await openNote(page, 'Grocery list');
  await typeAtEnd(page, 'Eggs for the weekend.\nTea');
  await openBackupPane(page);
  await takeSnapshot(page, 2);
  await closePreferences(page);
  await typeAtEnd(page, ' and honey\nFlowers for the table');

  // The shortcut (the Note menu's), on the open note.
  await editorContent(page).click();
  await page.keyboard.press(`${mod}+Shift+H`);
  await expect(dialog(page)).toBeVisible();
  await expect(dialog(page).getByRole('heading')).toHaveText('History of “Grocery list”');
  // Newest first: the saves since the last snapshot (the current text), then the two snapshots.
  await expect(entries(page)).toHaveCount(3);
  await expect(entries(page).nth(0)).toHaveAttribute('data-current', 'true');
  await expect(entries(page).nth(0)).toContainText(/Saved|saves/);
  await expect(entries(page).nth(0)).toContainText('+6 words');
  await expect(entries(page).nth(1)).toContainText('Snapshot');
  await expect(entries(page).nth(1)).toContainText('+5 words');
  await expect(entries(page).nth(2)).toContainText('The oldest version kept');

  // The newest earlier version is chosen; the list has the focus, so the arrows move through it.
  await expect(entries(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(dialog(page).getByTestId('history-list')).toBeFocused();
  await expect(changedOn(page, 'a')).toHaveText(['Tea']);
  await expect(changedOn(page, 'b')).toHaveText(['Tea and honey', 'Flowers for the table']);
  await expect(compare(page).locator('.compare-cell.side-b .compare-word')).toHaveText([' and honey']);

  await page.keyboard.press('ArrowDown');
  await expect(entries(page).nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(changedOn(page, 'b')).toHaveText(['Eggs for the weekend.', 'Tea and honey', 'Flowers for the table']);
  await page.mouse.move(0, 0);
  await docScreenshot(page, 'note-history-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await docScreenshot(page, 'note-history-dark.png');
  await page.emulateMedia({ colorScheme: 'light' });

  await dialog(page).getByTestId('history-restore').click();
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByTestId('notification').filter({ hasText: 'Restored the version from' })).toBeVisible();
  await expect.poll(async () => (await editorText(page)).trim()).toBe('Apples, bread, oat milk and the good coffee.');
  await waitUntilSaved(page);
  await dismissToasts(page);

  // Restoring is an edit like any other: the restored text is now the current version, and
  // the text it replaced stays in the history as the entry before it.
  await page.keyboard.press(`${mod}+Shift+H`);
  await expect(entries(page)).toHaveCount(4);
  await expect(entries(page).first()).toHaveAttribute('data-current', 'true');
  await expect(entries(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(entries(page).nth(1)).toContainText(/Saved|saves/);
  await expect(changedOn(page, 'a')).toHaveText(['Eggs for the weekend.', 'Tea and honey', 'Flowers for the table']);
  // Escape closes it, and nothing changed.
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect.poll(async () => (await editorText(page)).trim()).toBe('Apples, bread, oat milk and the good coffee.');
});

test('a note in the Trash has its history too, from its context menu; the version restored stays in the Trash', async ({ page, libraryHost, tmpDir }) => {
  await page.goto(libraryHost.url);
  await openBackupPane(page);
  await useBackupFolder(page, path.join(tmpDir, 'backup'));
  await closePreferences(page);

  await openNote(page, 'Zebra facts');
  await typeAtEnd(page, 'No two are alike.');
  await page.keyboard.press(`${mod}+Shift+Backspace`);
  await expect(noteRow(page, 'Zebra facts')).toHaveCount(0);
  await page.getByTestId('sidebar-trash').click();
  await noteRow(page, /Zebra facts/).click({ button: 'right' });
  await page.getByTestId('note-context-menu').getByRole('menuitem', { name: 'History…' }).click();

  await expect(dialog(page)).toContainText('This note is in the Trash');
  await expect(entries(page)).toHaveCount(2);
  await expect(changedOn(page, 'b')).toContainText(['No two are alike.']);
  await dialog(page).getByTestId('history-restore').click();
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByTestId('notification').filter({ hasText: 'is in the Trash' })).toBeVisible();
  await expect.poll(async () => (await editorText(page)).trim()).toBe('Every zebra has its own pattern of stripes, like a fingerprint.');
  await expect(noteRow(page, /Zebra facts/)).toBeVisible();
});

test('a note with no earlier version says so in words (Note › History…)', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await openNote(page, 'Meeting notes');
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Note' }).click();
  await page.locator('[data-menu-id="note.history"]').click();
  await expect(dialog(page).getByRole('heading')).toHaveText('History of “Meeting notes”');
  await expect(page.getByTestId('history-empty')).toContainText('No earlier versions yet');
  await expect(dialog(page).getByTestId('history-restore')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
});

test('a paste over the whole text a minute after typing: History still has the text from just before it', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await openNote(page, 'Meeting notes');
  const written = ' Then we agreed on the plan for the spring: three releases, one a month, each with its notes written first.';
  await typeAtEnd(page, written);
  await typeAtEnd(page, ' Done.');
  // Within the same writing session: everything selected and pasted over.
  await editorContent(page).click();
  await page.keyboard.press(`${mod}+A`);
  await pasteText(page, 'Oops');
  await waitUntilSaved(page);
  await expect.poll(async () => (await editorText(page)).trim()).toBe('Oops');

  await page.keyboard.press(`${mod}+Shift+H`);
  // The paste, the typing before it (its own entry, not folded into the paste), the text as imported.
  await expect(entries(page)).toHaveCount(3);
  await expect(entries(page).nth(0)).toHaveAttribute('data-current', 'true');
  await expect(entries(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(changedOn(page, 'a')).toContainText(['agreed on the plan for the spring']);
  await dialog(page).getByTestId('history-restore').click();
  await expect(dialog(page)).toBeHidden();
  await expect.poll(() => editorText(page)).toContain(`${written} Done.`);
  expect(await editorText(page)).toContain('Discussed the budget with the design team.');
  expect(await editorText(page)).not.toContain('Oops');
});

test('a link to a note deleted forever opens its history, and a version brings it back in the Trash', async ({ page, libraryHost, tmpDir }) => {
  await page.goto(libraryHost.url);
  await openBackupPane(page);
  await useBackupFolder(page, path.join(tmpDir, 'backup'));
  await closePreferences(page);

  const id = (await noteRow(page, /^Zebra facts/).getAttribute('data-note-id'))!;
  await openNote(page, 'Archive');
  await page.getByTestId('mode-split').click();
  await focusEnd(page);
  await page.keyboard.insertText(`See [Zebra facts](quire://note:${id.replace(/^note:/, '')})`);
  await waitUntilSaved(page);

  await noteRow(page, /^Zebra facts/).click();
  await page.keyboard.press(`${mod}+Shift+Backspace`);
  await page.getByTestId('sidebar-trash').click();
  await noteRow(page, /^Zebra facts/).click();
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete Forever' }).click();
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('note-list-empty')).toContainText('The Trash is empty');
  await dismissToasts(page);

  await page.getByTestId('sidebar-all-notes').click();
  await openNote(page, 'Archive');
  await page.getByTestId('preview').getByRole('link', { name: 'Zebra facts' }).click();
  await expect(dialog(page).getByRole('heading')).toHaveText('History of “Zebra facts”');
  await expect(page.getByTestId('history-deleted')).toContainText('deleted forever');
  // No current text to compare with: the version alone, not beside an empty "Untitled" note.
  await expect(compare(page).getByTestId('history-current')).toHaveCount(0);
  await expect(compare(page).getByTestId('history-version')).toContainText('Zebra facts');
  await expect(compare(page)).toContainText('Every zebra has its own pattern of stripes, like a fingerprint.');
  await dialog(page).getByTestId('history-restore').click();
  await expect(dialog(page)).toBeHidden();
  await expect(page.getByTestId('note-list-title')).toHaveText('Trash');
  await expect(noteRow(page, /^Zebra facts/)).toBeVisible();
  await expect(page.getByTestId('note-title')).toHaveValue('Zebra facts');
  await expect.poll(async () => (await editorText(page)).trim()).toBe('Every zebra has its own pattern of stripes, like a fingerprint.');
});

test('a long note’s history compares quickly: one changed line marked, the unchanged lines around it folded', async ({ page, libraryHost, tmpDir }) => {
  await page.goto(libraryHost.url);
  await newNote(page, 'Long log');
  const lines = Array.from({ length: 20_000 }, (_, i) => `Entry ${i + 1}: the system reported nothing unusual.`);
  await pasteText(page, lines.join('\n'));
  await waitUntilSaved(page);
  await openBackupPane(page);
  await useBackupFolder(page, path.join(tmpDir, 'backup'));
  await closePreferences(page);

  // One word changed near the end.
  await editorContent(page).click();
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.press('Home');
  await page.keyboard.type('Late ');
  await waitUntilSaved(page);

  await page.keyboard.press(`${mod}+Shift+H`);
  await expect(entries(page)).toHaveCount(2);
  await expect(changedOn(page, 'a')).toHaveText(['Entry 20000: the system reported nothing unusual.']);
  await expect(changedOn(page, 'b')).toHaveText(['Late Entry 20000: the system reported nothing unusual.']);
  await expect(compare(page).locator('.compare-cell.side-b .compare-word')).toHaveText(['Late ']);
  // Only the lines around the change are drawn; the rest waits behind a button.
  const fold = compare(page).getByRole('button', { name: 'Show 19,996 unchanged lines' });
  await expect(fold).toBeVisible();
  await expect(compare(page).locator('.compare-row')).toHaveCount(4);
  await fold.click();
  await expect(compare(page).locator('.compare-row')).toHaveCount(2000);
  await expect(compare(page).getByRole('button', { name: /^Show 2,000 more of/ })).toBeVisible();
});
