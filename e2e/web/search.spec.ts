// The search box through the UI: full-text in English, Chinese and Russian,
// the qualifiers, exclusion, the sidebar's choice narrowing the results, the
// empty state, clearing, and the shortcuts that focus it.
import type { Page } from '@playwright/test';
import { BY_UPDATED, expect, LIBRARY, test } from './note-library';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const titles = (page: Page) => page.getByTestId('note-list').locator('.nl-row-title');

async function search(page: Page, query: string, expected: string[]) {
  await page.getByTestId('search-input').fill(query);
  if (expected.length === 0) {
    await expect(page.getByTestId('note-list-empty')).toContainText(`No notes match “${query.trim()}”`);
    await expect(page.getByTestId('note-count')).toHaveText('0 notes');
  } else {
    // Shown in the list's order (pinned first, then most recently updated), not by relevance.
    await expect(titles(page)).toHaveText(expected);
    await expect(page.getByTestId('note-count')).toHaveText(`${expected.length} ${expected.length === 1 ? 'note' : 'notes'}`);
  }
}

test('full-text search in English, Chinese and Russian, with qualifiers and exclusion', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length} notes`);

  await search(page, 'budget', ['Quarterly plan', 'Meeting notes', 'Archive']);
  await search(page, 'stripes', ['Zebra facts']);
  await search(page, '明月', ['静夜思']);
  await search(page, 'столица', ['Заметки о Москве']);
  await search(page, 'москве', ['Заметки о Москве']);
  await search(page, 'book:Home', ['Grocery list', 'Zebra facts']);
  await search(page, 'tag:work', ['Quarterly plan', 'Meeting notes', 'Archive']);
  await search(page, 'status:active', ['Quarterly plan']);
  await search(page, 'status:"on hold"', ['Meeting notes']);
  await search(page, 'title:zebra', ['Zebra facts']);
  await search(page, 'budget -archive', ['Quarterly plan', 'Meeting notes']);
  await search(page, 'tag:work -status:completed', ['Quarterly plan', 'Meeting notes']);
  await search(page, 'book:Languages -tag:poetry', ['Заметки о Москве']);
  await search(page, 'xylophone', []);
  await expect(page.getByTestId('note-list-empty')).toContainText('Check the spelling');

  // Escape clears the search; the whole list is back.
  await page.getByTestId('search-input').press('Escape');
  await expect(page.getByTestId('search-input')).toHaveValue('');
  await expect(titles(page)).toHaveText(BY_UPDATED);
  // A second Escape goes to the list.
  await page.getByTestId('search-input').press('Escape');
  await expect(page.getByTestId('note-list')).toBeFocused();

  // The clear button does the same.
  await search(page, 'coffee', ['Grocery list']);
  await page.getByTestId('search-clear').click();
  await expect(page.getByTestId('search-input')).toHaveValue('');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length} notes`);
});

test('search results stay inside the sidebar\'s choice, and follow changes to the notes', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  const sidebar = page.getByTestId('sidebar');
  await sidebar.locator('[data-kind="book"][data-name="Work"]').click();
  await search(page, 'budget', ['Quarterly plan', 'Meeting notes', 'Archive']);
  await sidebar.locator('[data-kind="book"][data-name="Home"]').click();
  await expect(page.getByTestId('search-input')).toHaveValue('budget');
  await expect(page.getByTestId('note-list-empty')).toContainText('No notes match “budget”');
  await sidebar.locator('[data-kind="tag"][data-name="work"]').click();
  await expect(titles(page)).toHaveText(['Quarterly plan', 'Meeting notes', 'Archive']);

  // A note sent to the Trash leaves the results, and is found in the Trash.
  await page.getByTestId('note-list').getByRole('option', { name: /Archive/ }).click();
  await page.getByTestId('note-list').press('Delete');
  await expect(titles(page)).toHaveText(['Quarterly plan', 'Meeting notes']);
  await page.getByTestId('sidebar-trash').click();
  await expect(titles(page)).toHaveText(['Archive']);
  await search(page, 'reference', ['Archive']);
  await page.getByTestId('sidebar-all-notes').click();
  await expect(page.getByTestId('note-list-empty')).toContainText('No notes match “reference”');
});

test('Cmd/Ctrl+K and Cmd/Ctrl+F focus the search box and select its text', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length} notes`);
  const input = page.getByTestId('search-input');
  await page.getByTestId('note-list').focus();
  await page.keyboard.press(`${mod}+k`);
  await expect(input).toBeFocused();
  await page.keyboard.type('zebra');
  await expect(titles(page)).toHaveText(['Zebra facts']);
  // Down or Enter goes to the results.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('note-list')).toBeFocused();

  await page.keyboard.press(`${mod}+f`);
  await expect(input).toBeFocused();
  // The text is selected: typing replaces it.
  await page.keyboard.type('dal');
  await expect(input).toHaveValue('dal');
  await expect(page.getByTestId('note-list-empty')).toContainText('No notes match “dal”');
});

test.describe('with 3,000 notes', () => {
  test.use({ generatedNotes: 3000 });

  test('a search over thousands of notes finds the one asked for', async ({ page, libraryHost }) => {
    await page.goto(libraryHost.url);
    await expect(page.getByTestId('note-count')).toHaveText('3,000 notes');
    await search(page, 'title:"Note 02999"', ['Note 02999']);
    await search(page, 'number 1234', ['Note 01234']);
  });
});
