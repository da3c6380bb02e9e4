// Links between notes: Copy Note Link, `[[` completion in the editor, a
// click in the preview opens the linked note (quire:// and Inkdrop's
// inkdrop:// alike), and the Backlinks section under the preview, kept
// current as notes change.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { editorContent, editorText, focusEnd, mod, openNote, titleField, waitUntilSaved } from './editor-helpers';
import { expect, test } from './note-library';
import { dismissToasts } from './fixtures';

const list = (page: Page) => page.getByTestId('note-list');
const row = (page: Page, title: string) =>
  list(page).getByRole('option').filter({ has: page.locator('.nl-row-title', { hasText: new RegExp(`^${title}$`) }) });
const backlinks = (page: Page) => page.getByTestId('backlinks');
const completion = (page: Page) => page.locator('.cm-tooltip-autocomplete');

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

async function copyLinkOf(page: Page, title: string): Promise<string> {
  await row(page, title).click({ button: 'right' });
  await page.getByTestId('note-context-menu').getByRole('menuitem', { name: /^Copy Note Link/ }).click();
  await expect(page.getByTestId('notification').filter({ hasText: `Copied the link to “${title}”` })).toBeVisible();
  return page.evaluate(() => navigator.clipboard.readText());
}

test('[[ offers titles, the link opens the note from the preview, and Backlinks lists and follows it', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  const link = await copyLinkOf(page, 'Meeting notes');
  expect(link).toMatch(/^\[Meeting notes\]\(quire:\/\/note:[^)\s]+\)$/);

  await openNote(page, 'Grocery list');
  await focusEnd(page);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Agenda: [[Meet');
  await expect(completion(page)).toBeVisible();
  await expect(completion(page).getByRole('option').first()).toHaveText('Meeting notes');
  await page.keyboard.press('Enter');
  await expect(completion(page)).toBeHidden();
  expect(await editorText(page)).toContain(`Agenda: ${link}`);
  await waitUntilSaved(page);

  await page.getByTestId('mode-split').click();
  const preview = page.getByTestId('preview');
  await expect(preview.getByRole('link', { name: 'Meeting notes' })).toBeVisible();
  await expect(backlinks(page)).toContainText('No other note links here.');
  await preview.getByRole('link', { name: 'Meeting notes' }).click();
  await expect(titleField(page)).toHaveValue('Meeting notes');
  await expect(backlinks(page).getByRole('button')).toHaveText(['Grocery list']);

  // A backlink opens the linking note (once the "Copied the link" toast over it is closed).
  await dismissToasts(page);
  await backlinks(page).getByRole('button', { name: 'Grocery list' }).click();
  await expect(titleField(page)).toHaveValue('Grocery list');

  // Removing the link removes the backlink.
  await editorContent(page).click();
  await page.keyboard.press(`${mod}+A`);
  await page.keyboard.type('No links now.');
  await waitUntilSaved(page);
  await row(page, 'Meeting notes').click();
  await expect(titleField(page)).toHaveValue('Meeting notes');
  await expect(backlinks(page)).toContainText('No other note links here.');
});

test('inkdrop://note: links from restored Inkdrop notes open the note and count as backlinks', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  const link = await copyLinkOf(page, 'Zebra facts');
  const inkdrop = link.replace('quire://', 'inkdrop://');
  await openNote(page, 'Archive');
  await page.getByTestId('mode-split').click();
  await focusEnd(page);
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(`Old link: ${inkdrop}`);
  await waitUntilSaved(page);
  const preview = page.getByTestId('preview');
  await preview.getByRole('link', { name: 'Zebra facts' }).click();
  await expect(titleField(page)).toHaveValue('Zebra facts');
  await expect(backlinks(page).getByRole('button')).toHaveText(['Archive']);

  // A note that links here and goes to the Trash is no longer listed; restored, it is again.
  await row(page, 'Archive').click({ button: 'right' });
  await page.getByTestId('note-context-menu').getByRole('menuitem', { name: /^Move to Trash/ }).click();
  await row(page, 'Zebra facts').click();
  await expect(titleField(page)).toHaveValue('Zebra facts');
  await expect(backlinks(page)).toContainText('No other note links here.');
});

async function fromMenu(page: Page, menu: string, item: string, folder: string): Promise<void> {
  await page.getByRole('menubar').getByRole('menuitem', { name: 'File' }).click();
  await page.locator(`[data-menu-id="${menu}"]`).hover();
  await page.locator(`[data-menu-id="${item}"]`).click();
  await page.getByTestId('path-prompt-input').fill(folder);
  await page.getByTestId('path-prompt-input').press('Enter');
}

test('an export links the notes to each other by relative path; importing it makes note links again', async ({ page, libraryHost, tmpDir }) => {
  await page.goto(libraryHost.url);
  await openNote(page, 'Grocery list');
  await focusEnd(page);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Agenda: [[Meeting');
  await expect(completion(page).getByRole('option').first()).toHaveText('Meeting notes');
  await page.keyboard.press('Enter');
  await waitUntilSaved(page);

  const out = path.join(tmpDir, 'export');
  fs.mkdirSync(out);
  await fromMenu(page, 'file.export', 'file.export.allNotes', out);
  await expect(page.getByTestId('notification').filter({ hasText: 'Finished exporting all notes' })).toBeVisible();
  const files = fs.readdirSync(out, { recursive: true, encoding: 'utf8' });
  const grocery = files.find((f) => path.basename(f) === 'Grocery list.md')!;
  const meeting = files.find((f) => path.basename(f) === 'Meeting notes.md')!;
  const relative = path.relative(path.dirname(grocery), meeting).split(path.sep).join('/').replace(/ /g, '%20');
  expect(fs.readFileSync(path.join(out, grocery), 'utf8')).toContain(`Agenda: [Meeting notes](${relative})`);

  // Imported beside the originals (their ids are taken): each copy links the other copy.
  await fromMenu(page, 'file.import', 'file.import.markdown', out);
  await expect(page.getByTestId('notification').filter({ hasText: 'Finished importing Markdown' })).toBeVisible();
  await expect(row(page, 'Meeting notes')).toHaveCount(2);
  await page.getByTestId('mode-split').click();
  for (const index of [0, 1]) {
    await row(page, 'Meeting notes').nth(index).click();
    await expect(titleField(page)).toHaveValue('Meeting notes');
    await expect(backlinks(page).getByRole('button')).toHaveText(['Grocery list']);
  }
  for (const index of [0, 1]) {
    await row(page, 'Grocery list').nth(index).click();
    const openedId = await list(page).getByRole('option', { selected: true }).getAttribute('data-note-id');
    await page.getByTestId('preview').getByRole('link', { name: 'Meeting notes' }).click();
    await expect(titleField(page)).toHaveValue('Meeting notes');
    await expect(backlinks(page).getByRole('button', { name: 'Grocery list' })).toHaveAttribute('data-note-id', openedId!);
  }
});

test('screenshots: backlinks under the preview and the [[ completion, light and dark', async ({ page, libraryHost }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(libraryHost.url);
    if (scheme === 'light') {
      for (const title of ['Grocery list', 'Archive']) {
        await openNote(page, title);
        await focusEnd(page);
        await page.keyboard.press('Enter');
        await page.keyboard.type('See [[Quarter');
        await expect(completion(page).getByRole('option').first()).toHaveText('Quarterly plan');
        await page.keyboard.press('Enter');
        await waitUntilSaved(page);
      }
    }
    await row(page, 'Quarterly plan').click();
    await expect(titleField(page)).toHaveValue('Quarterly plan');
    await page.getByTestId('mode-split').click();
    await expect(backlinks(page).getByRole('button')).toHaveText(['Archive', 'Grocery list']);
    await focusEnd(page);
    await page.keyboard.type(' [[');
    await expect(completion(page)).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`note-links-${scheme}.png`) });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await waitUntilSaved(page);
  }
});
