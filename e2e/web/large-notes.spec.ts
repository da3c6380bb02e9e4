// Large notes: a note holds up to 8 MB; one that is larger is refused where
// it was typed, and the window says so everywhere it matters (the editor,
// the status bar, the note's row); reloading from Quire's menu asks in
// Quire's words, and the text that could not be saved is kept and offered
// back when the page opens again. The editor's header stays on one line with
// a save error at 1280 px.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { editorContent, focusEnd, keptCount, mod, newNote, noteRow, pasteText, saveState, waitUntilSaved } from './editor-helpers';

const LINE = 'All work and no play makes Jack a dull boy.\n';
const lines = (bytes: number) => LINE.repeat(Math.ceil(bytes / LINE.length));

async function shoot(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: test.info().outputPath(`${name}-${scheme}.png`), animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function reloadFromMenu(page: Page) {
  await page.getByRole('menubar').getByRole('menuitem', { name: 'View' }).click();
  await page.getByRole('menu', { name: 'View' }).getByRole('menuitem', { name: /^Reload/ }).click();
}

test('a 2 MB paste is saved and is still there after a reload', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await newNote(page, 'Server log');
  await focusEnd(page);
  await pasteText(page, `${lines(2_000_000)}The last line of the log.`);
  await waitUntilSaved(page);
  await expect(page.getByTestId('status-not-saved')).toHaveCount(0);

  await page.reload();
  await noteRow(page, 'Server log').click();
  await focusEnd(page);
  await expect(editorContent(page)).toContainText('The last line of the log.');
});

test('a note over 8 MB: shown as not saved everywhere, kept over a reload, saved once shortened', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await newNote(page, 'Transcript');
  // The title is saved first: the row is found by it below (an unsaved title is not in the list yet).
  await waitUntilSaved(page);
  await expect(noteRow(page, 'Transcript')).toBeVisible();
  const pickerWidths = () => Promise.all(['notebook-picker', 'status-picker'].map(
    (id) => page.getByTestId(id).evaluate((select) => select.parentElement!.getBoundingClientRect().width),
  ));
  const widthsBefore = await pickerWidths();
  await focusEnd(page);
  await pasteText(page, `The start of the transcript.\n${lines(8_100_000)}`);

  await expect(saveState(page)).toHaveText(/^Not saved: The note is larger than 8 MB \(8\.\d MB\)/);
  await expect(page.getByTestId('status-not-saved')).toHaveText('1 note not saved');
  await expect(noteRow(page, 'Transcript').getByTestId('note-row-not-saved')).toHaveText('Not saved');
  // The header keeps the notebook, the status, the message and the view switch apart: the pickers keep their width.
  expect(await pickerWidths()).toEqual(widthsBefore);
  const boxes = await Promise.all(['notebook-picker', 'status-picker', 'save-state', 'mode-edit'].map(
    (id) => page.getByTestId(id).boundingBox(),
  ));
  for (let i = 1; i < boxes.length; i += 1) {
    expect(boxes[i]!.x, `header item ${i} starts after item ${i - 1} ends`).toBeGreaterThanOrEqual(boxes[i - 1]!.x + boxes[i - 1]!.width);
    expect(boxes[i]!.y).toBeLessThan(boxes[0]!.y + boxes[0]!.height);
  }
  await shoot(page, 'large-note-not-saved');

  // Reloading from Quire's menu asks first, in Quire's words; staying changes nothing.
  await reloadFromMenu(page);
  const ask = page.getByTestId('ask-dialog');
  await expect(ask).toContainText('“Transcript” could not be saved');
  await expect(ask).toContainText('offers it back after the reload');
  await shoot(page, 'large-note-reload-question');
  await ask.getByTestId('ask-cancel').click();
  await expect(page.getByTestId('status-not-saved')).toHaveText('1 note not saved');

  // Going ahead: the page reloads without the browser's own question, and the kept text is offered back.
  let browserAsked = false;
  page.on('dialog', (dialog) => {
    browserAsked = true;
    void dialog.accept();
  });
  await reloadFromMenu(page);
  await ask.getByTestId('ask-ok').click();
  await expect(ask).toContainText('“Transcript” held 8.1 MB of text that could not be saved');
  expect(browserAsked).toBe(false);
  await shoot(page, 'large-note-offer');
  await ask.getByTestId('ask-ok').click();
  await expect(page.getByTestId('note-title')).toHaveValue('Transcript');
  await expect(editorContent(page)).toContainText('The start of the transcript.');
  await expect(saveState(page)).toHaveText(/^Not saved: The note is larger than 8 MB/);
  await expect(page.getByTestId('status-not-saved')).toHaveText('1 note not saved');

  // Shortened, it saves: the marks go, and nothing is offered after the next reload.
  await editorContent(page).click();
  await page.keyboard.press(`${mod}+A`);
  await page.keyboard.type('Only the summary is left.');
  await waitUntilSaved(page);
  await expect(page.getByTestId('status-not-saved')).toHaveCount(0);
  await expect(noteRow(page, 'Transcript').getByTestId('note-row-not-saved')).toHaveCount(0);
  await expect.poll(() => keptCount(page)).toBe(0);
  await reloadFromMenu(page);
  await noteRow(page, 'Transcript').click();
  await expect(editorContent(page)).toHaveText('Only the summary is left.');
  await expect(page.getByTestId('ask-dialog')).toHaveCount(0);
});

test('the browser asks before a reload that would lose a note over 8 MB, and the text is offered back', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await newNote(page, 'Huge');
  // The title is saved before the paste: what is discarded below is the text that could not be.
  await waitUntilSaved(page);
  await expect(noteRow(page, 'Huge')).toBeVisible();
  await focusEnd(page);
  await pasteText(page, lines(8_100_000));
  await expect(page.getByTestId('status-not-saved')).toHaveText('1 note not saved');
  // The text is kept in IndexedDB as it is refused (8 MB: a moment on a loaded machine). A person
  // reads the browser's question before answering it; this test answers at once, so it waits for
  // the text to be kept first. A fresh-clone CI run reloaded before the write was done.
  await expect.poll(() => keptCount(page)).toBe(1);
  let asked = false;
  page.on('dialog', (dialog) => {
    asked = dialog.type() === 'beforeunload';
    void dialog.accept();
  });
  await page.reload();
  expect(asked).toBe(true);
  const ask = page.getByTestId('ask-dialog');
  await expect(ask).toContainText('“Huge” held 8.1 MB of text that could not be saved');
  await ask.getByTestId('ask-cancel').click();
  // Discarded: the note is as it was last saved, and nothing is offered again.
  await expect.poll(() => keptCount(page)).toBe(0);
  await page.reload();
  await expect(noteRow(page, 'Huge')).toBeVisible();
  await expect(ask).toHaveCount(0);
});
