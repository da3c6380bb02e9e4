// The editor through the UI: new notes, autosave and its visible state,
// nothing lost when switching notes, reloading or reconnecting, the header's
// controls, the view modes, changes from another window, and a body over
// 8 MB refused where it was typed.
import type { Page } from '@playwright/test';
import { DOC_SCREENSHOTS, docScreenshot, expect, test } from './fixtures';
import {
  editorContent, editorText, focusEnd, mod, noteRow, openNote, pasteText, saveState, titleField, waitUntilSaved,
} from './editor-helpers';


async function newNoteWithKeyboard(page: Page) {
  // Headless Chromium hands Ctrl+N to the page; a desktop Chrome window keeps it (use File › New Note there).
  await page.keyboard.press(`${mod}+N`);
  await expect(titleField(page)).toBeFocused();
  await expect(titleField(page)).toHaveValue('');
}

test('Ctrl+N makes a note; title and body are saved and survive a reload', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  await newNoteWithKeyboard(page);
  await expect(page.getByTestId('notebook-picker')).toHaveValue(/^book:/);

  await page.keyboard.type('Grocery list');
  await page.keyboard.press('Enter');
  await expect(editorContent(page)).toBeFocused();
  await page.keyboard.type('Milk');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Eggs and **flour**');
  await expect(saveState(page)).toHaveText(/Saving…|Saved/);
  await waitUntilSaved(page);
  await expect(noteRow(page, /Grocery list/)).toContainText('Milk');

  await page.reload();
  await openNote(page, 'Grocery list');
  expect(await editorText(page)).toBe('Milk\nEggs and **flour**');
});

test('File › New Note creates the note in the notebook the sidebar shows', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await page.getByRole('navigation').getByText('My Notebook').click();
  await page.getByRole('menuitem', { name: 'File' }).click();
  await page.locator('[data-menu-id="file.newNote"]').click();
  await expect(titleField(page)).toBeFocused();
  await expect(page.getByTestId('notebook-picker').locator('option:checked')).toHaveText(/My Notebook/);
  await expect(page.getByTestId('note-list').getByRole('option')).toHaveCount(2);
});

test.describe('with the sample notes', () => {
  test.use({ seedSampleNotes: true });

  test('switching notes in the middle of typing loses nothing', async ({ page, webHost }) => {
    await page.goto(webHost.url);
    await openNote(page, 'Weeknight dal');
    await focusEnd(page);
    await page.keyboard.type('\nAdd lime at the end.');
    // Straight to another note, well before the autosave pause is over.
    await noteRow(page, /Sourdough loaf/).click();
    await expect(titleField(page)).toHaveValue('Sourdough loaf');
    await focusEnd(page);
    await page.keyboard.type('\nBake at 250 °C.');
    await noteRow(page, /Weeknight dal/).click();
    await expect(editorContent(page)).toContainText('Add lime at the end.');
    await waitUntilSaved(page);

    await page.reload();
    await openNote(page, 'Sourdough loaf');
    await expect(editorContent(page)).toContainText('Bake at 250 °C.');
    await openNote(page, 'Weeknight dal');
    await expect(editorContent(page)).toContainText('Add lime at the end.');
  });

  test('reloading right after typing loses nothing (the page asks first)', async ({ page, webHost }) => {
    await page.goto(webHost.url);
    await openNote(page, 'Morning pages');
    await focusEnd(page);
    const prompts: string[] = [];
    page.on('dialog', (dialog) => {
      prompts.push(dialog.type());
      void dialog.accept();
    });
    await page.keyboard.type('\nWritten just before leaving.');
    await expect(saveState(page)).toHaveAttribute('data-state', 'pending');
    await page.reload();
    expect(prompts).toEqual(['beforeunload']);
    await openNote(page, 'Morning pages');
    await expect(editorContent(page)).toContainText('Written just before leaving.');
  });

  test('undo history stays with each note', async ({ page, webHost }) => {
    await page.goto(webHost.url);
    await openNote(page, 'Weeknight dal');
    await focusEnd(page);
    await page.keyboard.type(' undo-me');
    await openNote(page, 'Sourdough loaf');
    await openNote(page, 'Weeknight dal');
    await editorContent(page).click();
    await page.keyboard.press(`${mod}+Z`);
    await expect(editorContent(page)).not.toContainText('undo-me');
  });

  test('notebook, tags, status and pin from the header; the list and sidebar follow', async ({ page, webHost }) => {
    await page.goto(webHost.url);
    const sidebar = page.getByRole('navigation');
    await openNote(page, 'Weeknight dal');

    await page.getByTestId('notebook-picker').selectOption({ label: 'Journal' });
    await waitUntilSaved(page);
    await sidebar.getByText('Journal', { exact: true }).click();
    await expect(noteRow(page, /Weeknight dal/)).toBeVisible();
    await openNote(page, 'Weeknight dal');

    const tagInput = page.getByTestId('tag-input');
    await tagInput.click();
    await tagInput.fill('weeknight');
    await expect(page.getByTestId('tag-picker').getByRole('option', { name: 'Create tag “weeknight”' })).toBeVisible();
    await tagInput.press('Enter');
    // An existing tag is suggested as you type; Enter takes the suggestion.
    await tagInput.fill('plan');
    const suggestions = page.getByTestId('tag-picker').getByRole('listbox');
    await expect(suggestions.getByRole('option')).toHaveText(['planning', 'Create tag “plan”']);
    await tagInput.press('Enter');
    const picker = page.getByTestId('tag-picker');
    await expect(picker.locator('.tag-picker-chip')).toHaveText(['cooking', 'weeknight', 'planning']);
    await waitUntilSaved(page);
    await expect(noteRow(page, /Weeknight dal/)).toContainText('weeknight');
    await expect(sidebar).toContainText('weeknight');
    await picker.getByRole('button', { name: 'Remove tag cooking' }).click();
    await expect(picker.locator('.tag-picker-chip')).toHaveText(['weeknight', 'planning']);
    // A tag name typed and not added stays with its note: another note opened has an empty field.
    await tagInput.fill('half-typed');
    await noteRow(page, /Morning pages/).click();
    await expect(titleField(page)).toHaveValue('Morning pages');
    await expect(page.getByTestId('tag-input')).toHaveValue('');
    await openNote(page, 'Weeknight dal');

    await page.getByTestId('status-picker').selectOption('active');
    await waitUntilSaved(page);
    await sidebar.getByText('Active', { exact: true }).click();
    await expect(page.getByTestId('note-list').getByRole('option')).toHaveCount(1);
    await expect(noteRow(page, /Weeknight dal/)).toBeVisible();

    await page.getByTestId('pin-toggle').click();
    await expect(page.getByTestId('pin-toggle')).toHaveAttribute('aria-pressed', 'true');
    await waitUntilSaved(page);
    await sidebar.getByText('Pinned', { exact: true }).click();
    await expect(noteRow(page, /Weeknight dal/)).toBeVisible();

    await page.reload();
    await openNote(page, 'Weeknight dal');
    await expect(page.getByTestId('notebook-picker').locator('option:checked')).toHaveText(/Journal/);
    await expect(page.getByTestId('status-picker')).toHaveValue('active');
    await expect(page.getByTestId('pin-toggle')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('tag-picker').locator('.tag-picker-chip')).toHaveText(['weeknight', 'planning']);
  });

  test('edit, preview and side by side; the choice is remembered', async ({ page, webHost }) => {
    await page.goto(webHost.url);
    await openNote(page, 'Sourdough loaf');
    const editor = page.getByTestId('editor');
    const preview = page.getByTestId('preview');
    await expect(editor).toBeVisible();
    await expect(preview).toHaveCount(0);

    await page.getByTestId('mode-preview').click();
    await expect(editor).toBeHidden();
    await expect(preview.getByRole('heading', { name: 'Sourdough loaf' })).toBeVisible();

    await page.getByTestId('mode-split').click();
    await expect(editor).toBeVisible();
    await expect(preview).toBeVisible();
    await focusEnd(page);
    await page.keyboard.type('\n\n## Shaping');
    await expect(preview.getByRole('heading', { name: 'Shaping' })).toBeVisible();

    await page.reload();
    await openNote(page, 'Sourdough loaf');
    await expect(page.getByTestId('mode-split')).toHaveAttribute('aria-pressed', 'true');
    await expect(preview).toBeVisible();
    await page.keyboard.press(`${mod}+Shift+E`);
    await expect(page.getByTestId('mode-edit')).toHaveAttribute('aria-pressed', 'true');
    await expect(preview).toHaveCount(0);
    await page.keyboard.press(`${mod}+Shift+P`);
    await expect(editor).toBeHidden();
    // A new note from Preview opens to be written in: Edit.
    await page.keyboard.press(`${mod}+N`);
    await expect(page.getByTestId('mode-edit')).toHaveAttribute('aria-pressed', 'true');
    await expect(editor).toBeVisible();
  });

  test('a change from another window shows up; unsaved local text is kept', async ({ page, context, webHost }) => {
    await page.goto(webHost.url);
    await openNote(page, 'Weeknight dal');
    const other = await context.newPage();
    await other.goto(webHost.url);
    await openNote(other, 'Weeknight dal');
    await focusEnd(other);
    await other.keyboard.type('\nFrom the other window.');
    await waitUntilSaved(other);
    await expect(editorContent(page)).toContainText('From the other window.');

    // Now both edit: this window's unsaved text wins over the other's.
    await focusEnd(page);
    await page.keyboard.type(' Mine.');
    await other.getByTestId('note-title').fill('Weeknight dal (theirs)');
    await waitUntilSaved(other);
    await waitUntilSaved(page);
    await expect(editorContent(page)).toContainText('From the other window. Mine.');
    await expect(titleField(page)).toHaveValue('Weeknight dal (theirs)');
    await expect(editorContent(other)).toContainText('From the other window. Mine.');
    await other.close();
  });

  test('a save cut off by a dropped connection is sent again after it comes back', async ({ page, webHost }) => {
    let dropped = false;
    await page.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (!dropped && String(message).includes('"notes.update"')) {
          dropped = true;
          ws.close(); // the host never sees this save
          return;
        }
        server.send(message);
      });
    });
    await page.goto(webHost.url);
    await openNote(page, 'Weeknight dal');
    // The failure shows only until the socket is back (a fraction of a second): record what the state said.
    await saveState(page).evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { seenSaveStates: string[] }).seenSaveStates = seen;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await focusEnd(page);
    await page.keyboard.type('\nSaved after all.');
    await expect.poll(() => dropped).toBe(true);
    await waitUntilSaved(page);
    const seen = await page.evaluate(() => (window as unknown as { seenSaveStates: string[] }).seenSaveStates);
    expect(seen.some((text) => /^Not saved: The connection to Quire was lost/.test(text)), seen.join(' | ')).toBe(true);
    await page.reload();
    await openNote(page, 'Weeknight dal');
    await expect(editorContent(page)).toContainText('Saved after all.');
  });

  test('a body over 8 MB is refused where it was typed and the stored note is unchanged', async ({ page, webHost }) => {
    await page.goto(webHost.url);
    await openNote(page, 'Weeknight dal');
    const before = await editorText(page);
    await focusEnd(page);
    await pasteText(page, `\n${'All work and no play.\n'.repeat(370_000)}`);
    await expect(saveState(page)).toHaveText(/^Not saved: The note is larger than 8 MB/);
    await expect(page.getByTestId('editor-alert')).toContainText('larger than 8 MB');
    // Still in the editor, not thrown away.
    await expect(editorContent(page)).toContainText('All work and no play.');

    // Leaving asks first while a save is failing; the stored note is the one from before.
    let asked = false;
    page.on('dialog', (dialog) => {
      asked = dialog.type() === 'beforeunload';
      void dialog.accept();
    });
    await page.reload();
    expect(asked).toBe(true);
    // The text was kept on this computer and is offered back (large-notes.spec.ts); discarded here.
    await page.getByTestId('ask-dialog').getByTestId('ask-cancel').click();
    await openNote(page, 'Weeknight dal');
    expect(await editorText(page)).toBe(before);
  });

  test('screenshots of the editor, light and dark', { tag: DOC_SCREENSHOTS }, async ({ page, webHost }) => {
    await page.setViewportSize({ width: 1360, height: 860 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(webHost.url);
    await openNote(page, 'Sourdough loaf');
    await page.getByTestId('mode-edit').click();
    await page.getByTestId('status-picker').selectOption('active');
    await waitUntilSaved(page);
    await editorContent(page).click();
    await docScreenshot(page, 'editor-light.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(30, 31, 34)');
    await docScreenshot(page, 'editor-dark.png');
  });
});
