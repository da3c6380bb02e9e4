// The browser host's window: notes, notebooks and tags on screen, the
// in-window menu bar and its shortcuts, the path prompt, notifications and
// the reconnecting state. Screenshots for the README come from here.
import fs from 'node:fs';
import path from 'node:path';
import { copySampleNotes, DOC_SCREENSHOTS, docScreenshot, expect, test } from './fixtures';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test.describe('with the sample notes imported by the CLI', () => {
  test.use({ seedSampleNotes: true });

  test('shows the note list, notebooks and tags, and opens a note', async ({ page, webHost }) => {
    await page.goto(webHost.url);
    const list = page.getByTestId('note-list');
    // Pinned first, then the most recently updated.
    await expect(list.getByRole('option').first()).toContainText('Quire roadmap');
    await expect(list.getByRole('option')).toHaveCount(await list.getByRole('option').count());
    await expect(page.getByRole('navigation')).toContainText('Recipes');
    await expect(page.getByTestId('sidebar-all-notes')).toContainText(/\d+/);

    await page.getByRole('navigation').getByRole('button', { name: /Recipes/ }).click();
    await expect(page.getByTestId('note-count')).toHaveText('2 notes');
    await list.getByRole('option', { name: /Sourdough loaf/ }).click();
    await expect(page.getByTestId('note-view')).toContainText('500 g bread flour');

    await page.getByRole('navigation').getByRole('button', { name: /^cooking/ }).click();
    await expect(page.getByTestId('note-count')).toHaveText('2 notes');

    // The list answers the keyboard.
    await page.getByTestId('sidebar-all-notes').click();
    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await expect(list.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  });

  test('screenshots of the main window, light and dark', { tag: DOC_SCREENSHOTS }, async ({ page, webHost }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(webHost.url);
    await page.getByTestId('note-list').getByRole('option', { name: /Quire roadmap/ }).click();
    await expect(page.getByTestId('note-view')).toContainText('Continuous backup');
    await docScreenshot(page, 'main-window.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(30, 31, 34)');
    await docScreenshot(page, 'main-window-dark.png');
  });
});

test('File > Import > Markdown Folder… imports through the path prompt', async ({ page, webHost, tmpDir }) => {
  const folder = copySampleNotes(tmpDir);
  await page.goto(webHost.url);
  const menubar = page.getByRole('menubar');
  await menubar.getByRole('menuitem', { name: 'File' }).click();
  await page.locator('[data-menu-id="file.import"]').hover();
  await page.locator('[data-menu-id="file.import.markdown"]').click();

  const prompt = page.getByTestId('path-prompt');
  await expect(prompt).toBeVisible();
  const input = page.getByTestId('path-prompt-input');
  await input.fill(path.join(tmpDir, 'no-such-folder'));
  await input.press('Enter');
  await expect(prompt).toContainText('There is no folder at');
  await input.fill(folder);
  await input.press('Enter');
  await expect(prompt).toBeHidden();

  await expect(page.getByTestId('notification').filter({ hasText: 'Finished importing Markdown' })).toContainText('9 notes imported');
  const list = page.getByTestId('note-list');
  await expect(list.getByRole('option', { name: /Weeknight dal/ })).toBeVisible();
  await expect(list.getByRole('option').first()).toContainText('Quire roadmap');
  await expect(page.getByRole('navigation')).toContainText('Reading');
});

test('an import that skips files says how many, beside the notes it imported', async ({ page, webHost, tmpDir }) => {
  const folder = path.join(tmpDir, 'To import');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'Plain.md'), '# Plain\n\nNothing special.\n');
  fs.writeFileSync(path.join(folder, 'With a picture.md'), '# With a picture\n\n![gone](images/missing.png)\n');
  // A link to a page outside the folder is not read.
  fs.writeFileSync(path.join(tmpDir, 'Outside.md'), '# Outside\n');
  fs.symlinkSync(path.join(tmpDir, 'Outside.md'), path.join(folder, 'Outside.md'));
  await page.goto(webHost.url);
  await page.getByRole('menubar').getByRole('menuitem', { name: 'File' }).click();
  await page.locator('[data-menu-id="file.import"]').hover();
  await page.locator('[data-menu-id="file.import.markdown"]').click();
  await page.getByTestId('path-prompt-input').fill(folder);
  await page.getByTestId('path-prompt-input').press('Enter');

  const toast = page.getByTestId('notification').filter({ hasText: 'Finished importing Markdown' });
  await expect(toast).toContainText('2 notes imported, 2 files skipped.');
  await page.screenshot({ path: test.info().outputPath('import-skipped.png'), animations: 'disabled' });
  const list = page.getByTestId('note-list');
  await expect(list.getByRole('option', { name: /With a picture/ })).toBeVisible();
  await expect(list.getByRole('option', { name: /Plain/ })).toBeVisible();
  await expect(list.getByRole('option', { name: /Outside/ })).toHaveCount(0);
});

test('Escape cancels the path prompt', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await page.getByRole('menuitem', { name: 'File' }).click();
  await page.locator('[data-menu-id="file.import"]').hover();
  await page.locator('[data-menu-id="file.import.markdown"]').click();
  await expect(page.getByTestId('path-prompt')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('path-prompt')).toBeHidden();
});

test('the keyboard shortcut for Preferences opens it, with the data folder', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByRole('menubar')).toBeVisible();
  await page.keyboard.press(`${mod}+Comma`);
  const prefs = page.getByTestId('preferences');
  await expect(prefs).toBeVisible();
  await expect(page.getByTestId('pref-data-folder')).toHaveText(webHost.userDataDir);
  await page.keyboard.press('Escape');
  await expect(prefs).toBeHidden();
});

test('the menu bar is keyboard navigable', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByRole('menubar')).toBeVisible();
  await page.keyboard.press('F10');
  await expect(page.locator('[data-menu-id="file"]')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-menu-id="file.newNote"]')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-menu-id="file.import"]')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-menu-id="file.import.markdown"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-menu-id="file.import"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-menu-id="edit"]')).toBeFocused();
  // Native-only roles: the edit ones are shown disabled, quit is not offered in a page.
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-menu-id="edit.copy"]')).toHaveAttribute('aria-disabled', 'true');
  await expect(page.locator('[data-menu-id="file.quit"]')).toHaveCount(0);
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('[data-menu-id="file.newNote"]')).toBeFocused();
  await page.locator('[data-menu-id="file"]').press('Escape');
  await page.getByRole('menuitem', { name: 'Help' }).click();
  await page.locator('[data-menu-id="help.about"]').click();
  await expect(page.getByTestId('about')).toContainText('Version');
});

test('shows that it is reconnecting when the host goes away', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByRole('menubar')).toBeVisible();
  await webHost.stop();
  await expect(page.getByTestId('connection-banner')).toHaveText('Reconnecting…');
});
