// The sidebar through the UI: counts beside every entry, filters, the
// notebook tree (create, sub-notebook, rename with its errors, nest by drag
// and by "Move to…", delete with the count), tags (create, rename, color,
// delete, the empty-name error), notes dropped from the list, the keyboard,
// and the resizable panes. The data is imported by the real CLI from
// Markdown files whose front matter sets status and pin.
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { copySampleNotes, DOC_SCREENSHOTS, docScreenshot, expect, seedWithCli, useWebHost, test as base } from './fixtures';

/** A second top notebook, "Work", with statuses, a pin and nesting: Work ─ Clients ─ Initech, Work ─ Archive. */
function writeWorkNotes(dir: string): string {
  const files: Record<string, string> = {
    'Plan.md': '---\nstatus: active\npinned: true\ntags: [planning]\n---\n# Plan\n\nThe plan for the quarter.\n',
    'Ideas.md': '---\nstatus: active\n---\n# Ideas\n\nA podcast about typography.\n',
    'Clients/Acme.md': '---\nstatus: onHold\ntags: [clients]\n---\n# Acme\n\nWaiting for the signed contract.\n',
    'Clients/Globex.md': '---\nstatus: completed\ntags: [clients]\n---\n# Globex\n\nDelivered in March.\n',
    'Clients/Initech/Kickoff.md': '---\ntags: [clients]\n---\n# Kickoff\n\nAgenda for the first meeting.\n',
    'Archive/Old plan.md': '---\nstatus: dropped\n---\n# Old plan\n\nSuperseded.\n',
  };
  const target = path.join(dir, 'Work');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    fs.writeFileSync(path.join(target, name), text);
  }
  return target;
}

const test = base.extend({
  webHost: async ({ tmpDir }, use, testInfo) => {
    const userDataDir = path.join(tmpDir, 'user-data');
    seedWithCli(userDataDir, copySampleNotes(tmpDir));
    seedWithCli(userDataDir, writeWorkNotes(tmpDir));
    await useWebHost(userDataDir, use, testInfo);
  },
});

const book = (page: Page, name: string) => page.locator(`[data-kind="book"][data-name="${name}"]`);
const tag = (page: Page, name: string) => page.locator(`[data-kind="tag"][data-name="${name}"]`);
const count = (entry: Locator) => entry.locator('.sb-count');
const list = (page: Page) => page.getByTestId('note-list').getByRole('option');
const bookNames = (page: Page) => page.locator('[data-kind="book"]').evaluateAll((els) =>
  els.map((el) => `${'  '.repeat(Number((el as HTMLElement).dataset.depth))}${(el as HTMLElement).dataset.name}`));

async function menuOn(entry: Locator, item: string) {
  await entry.click({ button: 'right' });
  await entry.page().getByTestId('context-menu').getByRole('menuitem', { name: item }).click();
}

async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(count(page.getByTestId('sidebar-all-notes'))).toHaveText('15');
}

test('counts beside every entry, and each entry filters the list', async ({ page, webHost }) => {
  await open(page, webHost.url);
  const expected: [string, string][] = [
    ['sidebar-pinned', '2'], ['sidebar-trash', '0'], ['sidebar-status-active', '2'], ['sidebar-status-onHold', '1'],
    ['sidebar-status-completed', '1'], ['sidebar-status-dropped', '1'],
  ];
  for (const [id, n] of expected) await expect(count(page.getByTestId(id)), id).toHaveText(n);
  await expect(count(book(page, 'Work'))).toHaveText('6');
  await expect(count(book(page, 'Clients'))).toHaveText('3');
  await expect(count(book(page, 'Notes'))).toHaveText('9');
  await expect(count(tag(page, 'clients'))).toHaveText('3');
  await expect(count(tag(page, 'planning'))).toHaveText('4');

  await page.getByTestId('sidebar-status-active').click();
  await expect(page.getByTestId('sidebar-status-active')).toHaveAttribute('aria-current', 'true');
  await expect(list(page)).toHaveCount(2);
  await expect(page.getByTestId('note-list')).toContainText('Ideas');
  await page.getByTestId('sidebar-status-dropped').click();
  await expect(list(page)).toHaveText([/Old plan/]);
  await page.getByTestId('sidebar-pinned').click();
  await expect(list(page)).toHaveCount(2);
  await book(page, 'Clients').click();
  await expect(list(page)).toHaveCount(3);
  await tag(page, 'planning').click();
  await expect(list(page)).toHaveCount(4);
  // The status icons carry the status colors.
  await expect(page.getByTestId('sidebar-status-completed').locator('svg')).toHaveAttribute('data-status', 'completed');
});

test('create a notebook and a sub-notebook; rename refuses empty and over-long names', async ({ page, webHost }) => {
  await open(page, webHost.url);
  const dialog = page.getByTestId('ask-dialog');

  await page.getByRole('button', { name: 'New notebook' }).click();
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('ask-error')).toHaveText('A notebook needs a name.');
  await page.getByTestId('ask-text-input').fill('Travel');
  await page.getByTestId('ask-ok').click();
  await expect(dialog).toBeHidden();
  await expect(book(page, 'Travel')).toHaveAttribute('aria-current', 'true');
  await expect(count(book(page, 'Travel'))).toHaveText('0');

  await menuOn(book(page, 'Travel'), 'New Sub-notebook…');
  await expect(dialog).toContainText('New notebook in “Travel”');
  await page.getByTestId('ask-text-input').fill('Lisbon');
  await page.getByTestId('ask-ok').click();
  await expect(book(page, 'Lisbon')).toHaveAttribute('data-depth', '1');
  expect(await bookNames(page)).toContain('Travel');
  const names = await bookNames(page);
  expect(names[names.indexOf('Travel') + 1]).toBe('  Lisbon');

  // Rename in the dialog: both errors show under the field, and Cancel leaves the name as it was.
  await menuOn(book(page, 'Lisbon'), 'Rename…');
  await expect(page.getByTestId('ask-text-input')).toHaveValue('Lisbon');
  await page.getByTestId('ask-text-input').fill('L'.repeat(65));
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('ask-error')).toHaveText('Notebook names can be at most 64 characters.');
  await page.getByTestId('ask-text-input').fill('   ');
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('ask-error')).toHaveText('A notebook needs a name.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(book(page, 'Lisbon')).toBeVisible();

  await menuOn(book(page, 'Lisbon'), 'Rename…');
  await page.getByTestId('ask-text-input').fill('Porto');
  await page.getByTestId('ask-ok').click();
  await expect(book(page, 'Porto')).toBeVisible();
  await expect(book(page, 'Lisbon')).toHaveCount(0);

  // Rename in place: F2, an over-long name is refused right at the field and Escape keeps the old name.
  await book(page, 'Porto').focus();
  await page.keyboard.press('F2');
  const field = page.getByTestId('sidebar-rename-input');
  await expect(field).toBeFocused();
  await field.fill('P'.repeat(65));
  await field.press('Enter');
  await expect(page.getByTestId('sidebar-rename-error')).toHaveText('Notebook names can be at most 64 characters.');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.fill('');
  await field.press('Enter');
  await expect(page.getByTestId('sidebar-rename-error')).toHaveText('A notebook needs a name.');
  await field.press('Escape');
  await expect(book(page, 'Porto')).toBeFocused();

  // Double-click renames in place too.
  await book(page, 'Porto').dblclick();
  await field.fill('Faro');
  await field.press('Enter');
  await expect(book(page, 'Faro')).toBeVisible();

  // What is on screen is what was saved.
  await page.reload();
  await expect(book(page, 'Faro')).toHaveAttribute('data-depth', '1');
  await expect(book(page, 'Travel')).toBeVisible();
  await expect(page.locator('[data-kind="book"][data-name^="PPP"], [data-kind="book"][data-name^="LLL"]')).toHaveCount(0);
});

test('nest notebooks by drag and drop, refusing a notebook\'s own sub-notebook', async ({ page, webHost }) => {
  await open(page, webHost.url);
  await book(page, 'Archive').dragTo(book(page, 'Clients'));
  await expect(book(page, 'Archive')).toHaveAttribute('data-depth', '2');
  await expect(count(book(page, 'Clients'))).toHaveText('4');

  await book(page, 'Work').dragTo(book(page, 'Initech'));
  await expect(page.getByTestId('notification').filter({ hasText: 'The notebook was not moved' }))
    .toContainText('A notebook cannot be moved into itself or one of its own sub-notebooks.');
  await expect(book(page, 'Work')).toHaveAttribute('data-depth', '0');

  // The Notebooks heading takes a notebook to the top level.
  await book(page, 'Clients').dragTo(page.getByTestId('sidebar-notebooks-heading'));
  await expect(book(page, 'Clients')).toHaveAttribute('data-depth', '0');
  await expect(count(book(page, 'Work'))).toHaveText('2');

  await page.reload();
  await expect(book(page, 'Clients')).toHaveAttribute('data-depth', '0');
  await expect(book(page, 'Archive')).toHaveAttribute('data-depth', '1');
  await expect(book(page, 'Initech')).toHaveAttribute('data-depth', '1');
});

test('"Move to…" offers the tree without the notebook and its sub-notebooks', async ({ page, webHost }) => {
  await open(page, webHost.url);
  await menuOn(book(page, 'Work'), 'Move to…');
  const choice = page.getByTestId('ask-choice');
  const options = (await choice.locator('option').allTextContents()).map((t) => t.trim());
  expect(options).toContain('Top level (current)');
  expect(options).toContain('Recipes');
  for (const excluded of ['Work', 'Clients', 'Initech', 'Archive']) expect(options).not.toContain(excluded);
  await page.getByTestId('ask-dialog').getByRole('button', { name: 'Cancel' }).click();

  await menuOn(book(page, 'Initech'), 'Move to…');
  const recipes = await choice.locator('option', { hasText: 'Recipes' }).getAttribute('value');
  await choice.selectOption(recipes!);
  await page.getByTestId('ask-ok').click();
  await expect.poll(async () => {
    const names = await bookNames(page);
    return names[names.indexOf('  Recipes') + 1];
  }).toBe('    Initech');
  await expect(count(book(page, 'Recipes'))).toHaveText('3');
  await expect(count(book(page, 'Clients'))).toHaveText('2');
});

test('deleting a notebook says how many notes go to the Trash, and they do', async ({ page, webHost }) => {
  await open(page, webHost.url);
  await book(page, 'Clients').click();
  await menuOn(book(page, 'Work'), 'Delete…');
  const dialog = page.getByTestId('ask-dialog');
  await expect(dialog).toContainText('Delete “Work” and its 3 sub-notebooks? Its 6 notes will be moved to the Trash.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(book(page, 'Work')).toBeVisible();

  // From the keyboard this time: Delete on the focused entry.
  await book(page, 'Work').focus();
  await page.keyboard.press('Delete');
  await expect(dialog).toContainText('Its 6 notes will be moved to the Trash.');
  await page.getByTestId('ask-ok').click();
  await expect(book(page, 'Work')).toHaveCount(0);
  await expect(book(page, 'Clients')).toHaveCount(0);
  await expect(page.getByTestId('sidebar-all-notes')).toHaveAttribute('aria-current', 'true');
  await expect(count(page.getByTestId('sidebar-all-notes'))).toHaveText('9');
  await expect(count(page.getByTestId('sidebar-trash'))).toHaveText('6');
  await page.getByTestId('sidebar-trash').click();
  await expect(list(page)).toHaveCount(6);
  await expect(page.getByTestId('note-list')).toContainText('Kickoff');
});

test('tags: create (refusing an empty or taken name), rename, color and delete', async ({ page, webHost }) => {
  await open(page, webHost.url);
  await page.getByRole('button', { name: 'New tag' }).click();
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('ask-error')).toHaveText('A tag needs a name.');
  await page.getByTestId('ask-text-input').fill('Clients');
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('ask-error')).toHaveText('There is already a tag named “clients”.');
  await page.getByTestId('ask-text-input').fill('ideas');
  await page.getByTestId('ask-ok').click();
  await expect(count(tag(page, 'ideas'))).toHaveText('0');

  await menuOn(tag(page, 'ideas'), 'Rename…');
  await page.getByTestId('ask-text-input').fill('someday');
  await page.getByTestId('ask-ok').click();
  await expect(tag(page, 'someday')).toBeVisible();
  await expect(tag(page, 'ideas')).toHaveCount(0);

  // In place, an empty name is refused where it was typed and the tag keeps its name.
  await tag(page, 'someday').dblclick();
  await page.getByTestId('sidebar-rename-input').fill(' ');
  await page.getByTestId('sidebar-rename-input').press('Enter');
  await expect(page.getByTestId('sidebar-rename-error')).toHaveText('A tag needs a name.');
  await page.getByTestId('sidebar-rename-input').press('Escape');
  await expect(tag(page, 'someday')).toBeVisible();

  // Color with the mouse: the submenu shows all 14 colors, the current one checked.
  await tag(page, 'someday').click({ button: 'right' });
  await page.getByTestId('context-menu').getByRole('menuitem', { name: 'Color' }).hover();
  const colors = page.getByTestId('context-submenu').getByRole('menuitemradio');
  await expect(colors).toHaveCount(14);
  await expect(colors.filter({ hasText: 'Default' })).toHaveAttribute('aria-checked', 'true');
  await colors.filter({ hasText: 'Teal' }).click();
  await expect(tag(page, 'someday').getByTestId('tag-color')).toHaveAttribute('data-color', 'teal');

  // And with the keyboard: Shift+F10, down to Color, right into the submenu, End, Enter.
  await tag(page, 'someday').focus();
  await page.keyboard.press('Shift+F10');
  await expect(page.getByTestId('context-menu').getByRole('menuitem', { name: 'Rename…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(colors.first()).toBeFocused();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('context-menu')).toBeHidden();
  await expect(tag(page, 'someday').getByTestId('tag-color')).toHaveAttribute('data-color', 'black');
  await expect(tag(page, 'someday')).toBeFocused();

  await menuOn(tag(page, 'clients'), 'Delete…');
  await expect(page.getByTestId('ask-dialog'))
    .toContainText('Delete the tag “clients”? It will be removed from 3 notes; the notes themselves stay.');
  await page.getByTestId('ask-ok').click();
  await expect(tag(page, 'clients')).toHaveCount(0);
  await expect(count(page.getByTestId('sidebar-all-notes'))).toHaveText('15');

  await page.reload();
  await expect(tag(page, 'someday').getByTestId('tag-color')).toHaveAttribute('data-color', 'black');
  await expect(tag(page, 'clients')).toHaveCount(0);
});

/** The list's row for `title`, scrolled into view with the wheel as a user would: the list renders only the rows near its view. */
async function rowScrolledTo(page: Page, title: string): Promise<Locator> {
  const row = page.getByTestId('note-list').getByRole('option').filter({ hasText: title });
  await page.getByTestId('note-list').hover();
  // From the top down: a note just changed moves up the list (it is sorted by the time updated).
  if (!(await row.isVisible())) await page.mouse.wheel(0, -100_000);
  for (let i = 0; i < 20 && !(await row.isVisible()); i++) await page.mouse.wheel(0, 300);
  await row.scrollIntoViewIfNeeded();
  return row;
}

test('notes dragged from the list onto a notebook, a tag and the Trash', async ({ page, webHost }) => {
  await open(page, webHost.url);
  const row = (title: string) => rowScrolledTo(page, title);
  await (await row('Weeknight dal')).dragTo(book(page, 'Journal'));
  await expect(count(book(page, 'Journal'))).toHaveText('3');
  await expect(count(book(page, 'Recipes'))).toHaveText('1');

  await (await row('Weeknight dal')).dragTo(tag(page, 'planning'));
  await expect(count(tag(page, 'planning'))).toHaveText('5');

  await (await row('Weeknight dal')).dragTo(page.getByTestId('sidebar-trash'));
  await expect(count(page.getByTestId('sidebar-trash'))).toHaveText('1');
  await expect(count(page.getByTestId('sidebar-all-notes'))).toHaveText('14');

  // A drop says what it did with an Undo, as the list's own Delete, Move to… and Add Tag do: a note let go over the
  // wrong row is one click from where it was.
  const undo = (text: string) => page.getByTestId('notification').filter({ hasText: text }).getByTestId('notification-action');
  await undo('Moved 1 note to the Trash').click();
  await expect(count(page.getByTestId('sidebar-all-notes'))).toHaveText('15');
  await expect(count(book(page, 'Journal'))).toHaveText('3');
  await undo('Tagged 1 note “planning”').click();
  await expect(count(tag(page, 'planning'))).toHaveText('4');
  await undo('Moved 1 note to “Journal”').click();
  await expect(count(book(page, 'Journal'))).toHaveText('2');
  await expect(count(book(page, 'Recipes'))).toHaveText('2');
});

test('moving notes into a notebook deleted meanwhile in another window says so and moves nothing', async ({ page, context, webHost }) => {
  await open(page, webHost.url);
  const row = (title: string) => page.getByTestId('note-list').getByRole('option').filter({ hasText: title });
  await book(page, 'Work').click();
  await row('The plan for the quarter').click();
  await row('Ideas').click({ modifiers: [process.platform === 'darwin' ? 'Meta' : 'Control'] });
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Move to…' }).click();
  const choice = page.getByTestId('ask-choice');
  await choice.selectOption((await choice.locator('option', { hasText: 'Archive' }).getAttribute('value'))!);

  // Meanwhile another window deletes that notebook.
  const other = await context.newPage();
  await open(other, webHost.url);
  await menuOn(book(other, 'Archive'), 'Delete…');
  await other.getByTestId('ask-ok').click();
  await expect(book(other, 'Archive')).toHaveCount(0);
  await other.close();

  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('notification').filter({ hasText: 'That notebook no longer exists' })).toBeVisible();
  await expect(book(page, 'Archive')).toHaveCount(0);
  await book(page, 'Work').click();
  await expect(row('The plan for the quarter')).toBeVisible();
  await expect(row('Ideas')).toBeVisible();
  await expect(count(book(page, 'Work'))).toHaveText('5');
  await expect(count(page.getByTestId('sidebar-trash'))).toHaveText('1');
});

test('keyboard: arrows move, fold and unfold; folding is remembered', async ({ page, webHost }) => {
  await open(page, webHost.url);
  // One Tab stop for the entries: the current one.
  await page.getByTestId('sidebar-all-notes').focus();
  await expect(page.getByTestId('sidebar-pinned')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('sidebar-pinned')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sidebar-pinned')).toHaveAttribute('aria-current', 'true');

  await book(page, 'Work').focus();
  await expect(book(page, 'Work')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(book(page, 'Work')).toHaveAttribute('aria-expanded', 'false');
  await expect(book(page, 'Clients')).toHaveCount(0);
  await page.reload();
  await expect(book(page, 'Notes')).toBeVisible();
  await expect(book(page, 'Clients')).toHaveCount(0);

  await book(page, 'Work').focus();
  await page.keyboard.press('ArrowRight');
  await expect(book(page, 'Clients')).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(book(page, 'Archive')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(book(page, 'Work')).toBeFocused();

  // The triangle folds with the mouse.
  await page.getByRole('button', { name: 'Collapse “Clients”' }).click();
  await expect(book(page, 'Initech')).toHaveCount(0);
  await page.getByRole('button', { name: 'Expand “Clients”' }).click();
  await expect(book(page, 'Initech')).toBeVisible();

  // Escape closes a context menu and gives focus back to its entry.
  await book(page, 'Archive').focus();
  await page.keyboard.press('Shift+F10');
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('context-menu')).toBeHidden();
  await expect(book(page, 'Archive')).toBeFocused();
  // A click elsewhere closes it too.
  await book(page, 'Archive').click({ button: 'right' });
  await page.getByTestId('note-list').click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId('context-menu')).toBeHidden();
});

test('the panes resize by dragging or with the keyboard, and keep their widths', async ({ page, webHost }) => {
  await open(page, webHost.url);
  const sidebar = page.getByTestId('sidebar');
  const noteList = page.getByTestId('note-list');
  const width = async (l: Locator) => (await l.boundingBox())!.width;
  const before = await width(sidebar);

  const handle = (await page.getByTestId('resize-sidebar').boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, 300);
  await page.mouse.down();
  await page.mouse.move(handle.x + 60, 300, { steps: 5 });
  await page.mouse.move(handle.x + 80, 300, { steps: 5 });
  await page.mouse.up();
  expect(await width(sidebar)).toBeCloseTo(before + 80, -1);

  // Far beyond the limit: the width stops at its maximum.
  await page.mouse.move(handle.x + 80, 300);
  await page.mouse.down();
  await page.mouse.move(handle.x + 800, 300, { steps: 5 });
  await page.mouse.up();
  expect(await width(sidebar)).toBe(420);

  const listBefore = await width(noteList);
  await page.getByTestId('resize-list').focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect(await width(noteList)).toBeCloseTo(listBefore - 32, 0);
  expect(Number(await page.getByTestId('resize-list').getAttribute('aria-valuenow'))).toBeCloseTo(listBefore - 32, -1);

  await page.reload();
  await expect(sidebar).toBeVisible();
  expect(await width(sidebar)).toBe(420);
  expect(await width(noteList)).toBeCloseTo(listBefore - 32, 0);

  // A double-click puts the default back.
  await page.getByTestId('resize-sidebar').dblclick();
  expect(await width(sidebar)).toBe(before);
});

test('screenshots of the sidebar, light and dark', { tag: DOC_SCREENSHOTS }, async ({ page, webHost }) => {
  await open(page, webHost.url);
  // Some color, as a real library has.
  const colorTag = async (name: string, color: string) => {
    await tag(page, name).click({ button: 'right' });
    await page.getByTestId('context-menu').getByRole('menuitem', { name: 'Color' }).hover();
    await page.getByTestId('context-submenu').getByRole('menuitemradio', { name: color }).click();
    await expect(tag(page, name).getByTestId('tag-color')).toHaveAttribute('data-color', color.toLowerCase());
  };
  await colorTag('planning', 'Blue');
  await colorTag('cooking', 'Orange');
  await colorTag('clients', 'Green');
  await colorTag('reading', 'Purple');
  await book(page, 'Clients').click();
  // Folded, so the whole sidebar fits the window (and a folded triangle shows).
  await page.getByRole('button', { name: 'Collapse “Notes”' }).click();
  await page.getByTestId('sidebar').evaluate((el) => el.scrollTo(0, 0));

  await page.emulateMedia({ colorScheme: 'light' });
  await tag(page, 'planning').click({ button: 'right' });
  await page.getByTestId('context-menu').getByRole('menuitem', { name: 'Color' }).hover();
  await expect(page.getByTestId('context-submenu')).toBeVisible();
  await docScreenshot(page, 'sidebar-light.png');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  await page.emulateMedia({ colorScheme: 'dark' });
  await book(page, 'Work').click({ button: 'right' });
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await docScreenshot(page, 'sidebar-dark.png');
});
