// The note list through the UI: what a row shows, the order, the sort menu,
// selecting several notes and acting on them, the keyboard, dragging rows,
// and a list of thousands of notes that only renders what is in view.
import type { Page } from '@playwright/test';
import { DOC_SCREENSHOTS, docScreenshot } from './fixtures';
import { BY_UPDATED, expect, LIBRARY, test } from './note-library';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const list = (page: Page) => page.getByTestId('note-list');
const row = (page: Page, title: string) => list(page).getByRole('option').filter({ has: page.locator('.nl-row-title', { hasText: title }) });
const titles = (page: Page) => list(page).locator('.nl-row-title').allTextContents();
const book = (page: Page, name: string) => page.getByTestId('sidebar').locator(`[data-kind="book"][data-name="${name}"]`);
const countOf = (entry: ReturnType<Page['locator']>) => entry.locator('.sb-count');

async function open(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length} notes`);
}

test('rows show title, snippet, time, tags, status and tasks; pinned first, then most recently updated', async ({ page, libraryHost }) => {
  await open(page, libraryHost.url);
  await expect(page.getByTestId('note-list-title')).toHaveText('All Notes');
  expect(await titles(page)).toEqual(BY_UPDATED);

  const plan = row(page, 'Quarterly plan');
  await expect(plan.getByLabel('Pinned')).toBeVisible();
  await expect(plan.getByTestId('note-row-status')).toHaveText('Active');
  await expect(plan.getByTestId('note-row-tasks')).toHaveText('2/3');
  await expect(plan.locator('.nl-tag')).toHaveText(['planning', 'work']);
  await expect(plan.locator('.nl-row-snippet')).toContainText('Goals for the quarter.');
  await expect(plan.locator('time')).toHaveAttribute('datetime', '2025-03-01T09:00:00.000Z');
  await expect(plan.locator('time')).toHaveText('Mar 1, 2025');

  const meeting = row(page, 'Meeting notes');
  await expect(meeting.getByTestId('note-row-status')).toHaveText('On Hold');
  await expect(meeting.getByTestId('note-row-tasks')).toHaveCount(0);
  await expect(meeting.getByLabel('Pinned')).toHaveCount(0);
  await expect(row(page, 'Zebra facts').getByTestId('note-row-status')).toHaveCount(0);

  // The list follows the sidebar: its title and count with it.
  await book(page, 'Work').click();
  await expect(page.getByTestId('note-list-title')).toHaveText('Work');
  await expect(page.getByTestId('note-count')).toHaveText('3 notes');
  expect(await titles(page)).toEqual(['Quarterly plan', 'Meeting notes', 'Archive']);
  // A note opens by itself when the list changes: the first one.
  await expect(row(page, 'Quarterly plan')).toHaveAttribute('aria-selected', 'true');
});

/** Holds back the host's answers to the named requests until the returned function is called. */
async function holdAnswers(page: Page, names: readonly string[]): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    const held = new Set<unknown>();
    ws.onMessage((message) => {
      const request = JSON.parse(String(message)) as { type?: string; id?: unknown; name?: string };
      if (request.type === 'request' && names.includes(request.name ?? '')) held.add(request.id);
      server.send(message);
    });
    server.onMessage(async (message) => {
      const answer = JSON.parse(String(message)) as { type?: string; id?: unknown };
      if (answer.type === 'response' && held.has(answer.id)) await released;
      ws.send(message);
    });
  });
  return release;
}

test('while the rest of the notes arrive after the first screenful, no count claims the first screenful is all', async ({ page, libraryHost }) => {
  // The answer with every summary (which follows the first screenful) is held back, as a large database's is for seconds.
  const release = await holdAnswers(page, ['notes.summaries']);
  await page.goto(libraryHost.url);
  await expect(list(page).getByRole('option').first()).toBeVisible();
  await expect(page.getByTestId('note-count')).toHaveText('Loading notes…');
  await expect(countOf(book(page, 'Languages'))).toHaveText('');
  await expect(page.getByTestId('status-count')).toHaveText('Loading…');
  // A search typed meanwhile is answered at once, with its count from the host.
  await page.getByTestId('search-input').fill('Москве');
  await expect(page.getByTestId('note-count')).toHaveText('1 note');
  expect(await titles(page)).toEqual(['Заметки о Москве']);
  await page.getByTestId('search-input').fill('');
  await expect(page.getByTestId('note-count')).toHaveText('Loading notes…');
  release();
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length} notes`);
  await expect(countOf(book(page, 'Languages'))).toHaveText('2');
  await expect(page.getByTestId('status-count')).toHaveText(`${LIBRARY.length} notes`);
});

test('notebooks and tags that have not arrived yet are not called missing', async ({ page, libraryHost }) => {
  // The first rows can come before the notebooks (at 200,000 notes they do): the sidebar must not say there are none.
  const release = await holdAnswers(page, ['books.list', 'tags.list']);
  await page.goto(libraryHost.url);
  await expect(list(page).getByRole('option').first()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Notebooks and tags' })).not.toContainText('No notebooks yet.');
  await expect(page.getByRole('navigation', { name: 'Notebooks and tags' })).not.toContainText('No tags yet.');
  release();
  await expect(book(page, 'Languages')).toBeVisible();
});

test('sort by title or by date created, remembered after a reload', async ({ page, libraryHost }) => {
  await open(page, libraryHost.url);
  const sortButton = page.getByTestId('sort-button');
  await sortButton.click();
  await page.getByRole('menuitemradio', { name: 'Title' }).click();
  await expect(sortButton).toHaveAccessibleName('Sort notes by Title');
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const byTitle = LIBRARY.filter((n) => !n.pinned).map((n) => n.title).sort(collator.compare);
  expect(await titles(page)).toEqual(['Quarterly plan', ...byTitle]);

  // The menu works from the keyboard too.
  await sortButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitemradio', { name: 'Title' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('menuitemradio', { name: 'Date Created' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(sortButton).toBeFocused();
  const byCreated = ['Quarterly plan', 'Grocery list', 'Meeting notes', 'Заметки о Москве', 'Archive', '静夜思', 'Zebra facts'];
  expect(await titles(page)).toEqual(byCreated);
  await expect(row(page, 'Zebra facts').locator('time')).toHaveAttribute('datetime', '2023-01-01T09:00:00.000Z');

  await page.reload();
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length} notes`);
  await expect(sortButton).toHaveAccessibleName('Sort notes by Date Created');
  expect(await titles(page)).toEqual(byCreated);
});

test('Ctrl/Shift-click select several notes; Move to…, Add Tag and Move to Trash act on them all', async ({ page, libraryHost }) => {
  await open(page, libraryHost.url);
  const bar = page.getByTestId('selection-bar');
  await row(page, 'Meeting notes').click();
  await expect(bar).toHaveCount(0);
  await row(page, 'Zebra facts').click({ modifiers: [mod] });
  await expect(page.getByTestId('selection-count')).toHaveText('2 notes selected');
  await row(page, 'Zebra facts').click({ modifiers: [mod] });
  await expect(bar).toHaveCount(0);
  // Shift-click: the range from Meeting notes down to Zebra facts.
  await row(page, 'Zebra facts').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('3 notes selected');
  for (const title of ['Meeting notes', 'Grocery list', 'Zebra facts']) await expect(row(page, title)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, 'Quarterly plan')).toHaveAttribute('aria-selected', 'false');

  // Move to… a notebook.
  await bar.getByRole('button', { name: 'Move to…' }).click();
  const choice = page.getByTestId('ask-choice');
  await choice.selectOption((await choice.locator('option', { hasText: 'Languages' }).getAttribute('value'))!);
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('notification').filter({ hasText: 'Moved 3 notes to “Languages”' })).toBeVisible();
  await expect(countOf(book(page, 'Languages'))).toHaveText('5');
  await expect(countOf(book(page, 'Home'))).toHaveText('0');
  await expect(bar).toHaveCount(0);

  // Add Tag: a new one, made on the way: a name no tag has. The tags there are are offered as it is typed.
  await row(page, 'Archive').click();
  await row(page, 'Grocery list').click({ modifiers: [mod] });
  await bar.getByRole('button', { name: 'Add Tag' }).click();
  await expect(page.getByTestId('ask-help')).toHaveText('Type a tag’s name, or a new name to make a new tag.');
  await expect(page.getByTestId('ask-suggestions').locator('option')).toHaveCount(5);
  await expect(page.getByTestId('ask-suggestions').locator('option').first()).toHaveAttribute('value', 'home');
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('ask-error')).toHaveText('Give the tag a name.');
  await page.getByTestId('ask-text-input').fill('urgent');
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('notification').filter({ hasText: 'Tagged 2 notes “urgent”' })).toBeVisible();
  await expect(row(page, 'Archive').locator('.nl-tag', { hasText: 'urgent' })).toBeVisible();
  await expect(row(page, 'Grocery list').locator('.nl-tag', { hasText: 'urgent' })).toBeVisible();
  await expect(page.getByTestId('sidebar').locator('[data-kind="tag"][data-name="urgent"] .sb-count')).toHaveText('2');

  // …and an existing tag, whatever the case it is typed in: no second tag is made.
  await row(page, 'Zebra facts').click();
  await row(page, 'Meeting notes').click({ modifiers: [mod] });
  await bar.getByRole('button', { name: 'Add Tag' }).click();
  await page.getByTestId('ask-text-input').fill('Poetry ');
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('notification').filter({ hasText: 'Tagged 2 notes “poetry”' })).toBeVisible();
  await expect(page.getByTestId('sidebar').locator('[data-kind="tag"]')).toHaveCount(6);
  await expect(page.getByTestId('sidebar').locator('[data-kind="tag"][data-name="poetry"] .sb-count')).toHaveText('3');

  // Move to Trash.
  await row(page, 'Zebra facts').click();
  await row(page, 'Meeting notes').click({ modifiers: [mod] });
  await bar.getByRole('button', { name: 'Move to Trash' }).click();
  await expect(page.getByTestId('notification').filter({ hasText: 'Moved 2 notes to the Trash' })).toBeVisible();
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length - 2} notes`);
  await expect(countOf(page.getByTestId('sidebar-trash'))).toHaveText('2');
  await expect(row(page, 'Zebra facts')).toHaveCount(0);
  // The note after the trashed ones is open now.
  await expect(list(page).locator('.nl-row.active')).toHaveCount(1);
});

test('the keyboard moves, extends, selects all and deletes; Cmd/Ctrl+Down/Up open the next and previous note', async ({ page, libraryHost }) => {
  await open(page, libraryHost.url);
  const options = list(page).getByRole('option');
  await list(page).focus();
  await page.keyboard.press('End');
  await expect(options.last()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'Meeting notes')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByTestId('selection-count')).toHaveText('3 notes selected');
  await page.keyboard.press('Shift+ArrowUp');
  await expect(page.getByTestId('selection-count')).toHaveText('2 notes selected');
  await page.keyboard.press(`${mod}+a`);
  await expect(page.getByTestId('selection-count')).toHaveText(`${LIBRARY.length} notes selected`);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);

  // Next and previous note, from the menu's shortcuts.
  await row(page, 'Grocery list').click();
  await page.keyboard.press(`${mod}+ArrowDown`);
  await expect(list(page).locator('.nl-row.active .nl-row-title')).toHaveText('Zebra facts');
  await page.keyboard.press(`${mod}+ArrowUp`);
  await page.keyboard.press(`${mod}+ArrowUp`);
  await expect(list(page).locator('.nl-row.active .nl-row-title')).toHaveText('Meeting notes');

  // Delete on the list sends the selected notes to the Trash; the next one opens.
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('notification').filter({ hasText: 'Moved 2 notes to the Trash' })).toBeVisible();
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length - 2} notes`);
  await expect(list(page).locator('.nl-row.active .nl-row-title')).toHaveText('Zebra facts');
  await expect(list(page)).toBeFocused();
});

test('a new note shows as Untitled; the open note stays open, focused, while edits take it out of the list', async ({ page, libraryHost }) => {
  await open(page, libraryHost.url);
  await page.keyboard.press(`${mod}+n`);
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length + 1} notes`);
  // Pinned first, then the new note, open.
  await expect(list(page).locator('.nl-row-title').nth(1)).toHaveText('Untitled');
  await expect(list(page).locator('.nl-row.active .nl-row-title')).toHaveText('Untitled');

  // Search for a title, open it, and retitle it so it no longer matches: it stays open and keeps the focus.
  await page.getByTestId('search-input').fill('title:meeting');
  await expect(list(page).locator('.nl-row-title')).toHaveText(['Meeting notes']);
  await expect(list(page).locator('.nl-row.active .nl-row-title')).toHaveText('Meeting notes');
  const title = page.getByTestId('note-title');
  await expect(title).toHaveValue('Meeting notes');
  await title.click();
  await title.fill('Standup');
  await expect(page.getByTestId('note-list-empty')).toContainText('No notes match “title:meeting”');
  await expect(title).toBeFocused();
  await expect(title).toHaveValue('Standup');
  await page.keyboard.type(' notes');
  await expect(title).toHaveValue('Standup notes');
  await page.getByTestId('search-clear').click();
  await expect(row(page, 'Standup notes')).toHaveClass(/active/);
});

test('a row drags its note, or the whole selection when it is part of it', async ({ page, libraryHost }) => {
  await open(page, libraryHost.url);
  // A real drag (Playwright drives Chromium's drag and drop), read where it is dropped.
  await page.evaluate(() => {
    document.addEventListener('dragover', (event) => event.preventDefault());
    document.addEventListener('drop', (event) => {
      event.preventDefault();
      const t = event.dataTransfer!;
      (window as unknown as { dropped: unknown }).dropped = { ids: JSON.parse(t.getData('application/x-quire-note-ids')), effect: t.effectAllowed };
    });
  });
  const dragIds = async (title: string) => {
    await row(page, title).dragTo(page.getByTestId('note-list-title'));
    return page.evaluate(() => (window as unknown as { dropped: { ids: string[]; effect: string } }).dropped);
  };
  const idOf = (title: string) => row(page, title).getAttribute('data-note-id');

  await row(page, 'Archive').click();
  await row(page, 'Zebra facts').click({ modifiers: [mod] });
  const both = await dragIds('Archive');
  expect(both.effect).toBe('move');
  expect(both.ids).toEqual([await idOf('Zebra facts'), await idOf('Archive')]);
  const single = await dragIds('Grocery list');
  expect(single.ids).toEqual([await idOf('Grocery list')]);
});

test.describe('with 3,000 notes', () => {
  test.use({ generatedNotes: 3000 });

  test('only the rows in view are in the page, and the end of the list scrolls into view', async ({ page, libraryHost }) => {
    await page.goto(libraryHost.url);
    await expect(page.getByTestId('note-count')).toHaveText('3,000 notes');
    const options = list(page).getByRole('option');
    await expect(options.first()).toContainText('Note 00001');
    expect(await options.count()).toBeLessThan(40);

    // Scrolling with the wheel to the bottom shows the last note.
    await list(page).hover();
    for (let i = 0; i < 10 && !(await row(page, 'Note 03000').isVisible()); i++) await page.mouse.wheel(0, 40_000);
    await expect(row(page, 'Note 03000')).toBeVisible();
    expect(await options.count()).toBeLessThan(40);

    // And from the keyboard.
    await list(page).focus();
    await page.keyboard.press('Home');
    await expect(row(page, 'Note 00001')).toBeInViewport();
    await page.keyboard.press('End');
    await expect(row(page, 'Note 03000')).toBeInViewport();
    await expect(row(page, 'Note 03000')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('PageUp');
    await expect(list(page).locator('.nl-row.active')).toBeInViewport();
  });
});

test('screenshots of the note list with a search and a multi-selection, light and dark', { tag: DOC_SCREENSHOTS }, async ({ page, libraryHost }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await open(page, libraryHost.url);
  await page.getByTestId('search-input').fill('budget');
  await expect(page.getByTestId('note-count')).toHaveText('3 notes');
  await row(page, 'Meeting notes').click();
  await row(page, 'Archive').click({ modifiers: [mod] });
  await expect(page.getByTestId('selection-count')).toHaveText('2 notes selected');
  await page.mouse.move(0, 0);
  await docScreenshot(page, 'note-list-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(30, 31, 34)');
  await docScreenshot(page, 'note-list-dark.png');
});
