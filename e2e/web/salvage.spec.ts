// Help › Salvage Data from Local Database…: the guide, rendered in the app,
// with this computer's database folder. Screenshots for the docs.
import path from 'node:path';
import { DOC_SCREENSHOTS, docScreenshot, expect, test } from './fixtures';

test.use({ seedSampleNotes: true });

test('Help > Salvage Data from Local Database… shows the guide and this computer\'s database folder', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Help' }).click();
  await page.locator('[data-menu-id="help.salvage"]').click();

  const dialog = page.getByTestId('salvage-guide');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { level: 2, name: 'Salvaging Data from Local Database' })).toBeVisible();
  await expect(page.getByTestId('salvage-db-path')).toHaveText(path.join(webHost.userDataDir, 'db', 'notes'));
  await expect(dialog.getByRole('button', { name: 'Show in Folder' })).toBeEnabled();

  // The guide itself, rendered: its sections, the table of folders per system, the commands.
  const text = page.getByTestId('salvage-guide-text');
  for (const section of ['When you need it', 'Where the local database is', 'Salvage with the installed app',
    'Salvage with the command line', 'Restore the result', 'What cannot be recovered']) {
    await expect(text.getByRole('heading', { name: section })).toBeAttached();
  }
  await expect(text.locator('table')).toContainText('~/Library/Application Support/Quire/db/notes');
  await expect(text.locator('table')).toContainText('%APPDATA%\\Quire\\db\\notes');
  await expect(text.locator('pre').first()).toContainText('--salvage');
  // Its first heading is the dialog's title, not repeated inside.
  await expect(text.locator('h1')).toHaveCount(0);

  // It scrolls inside the dialog, which stays within the window.
  const box = (await dialog.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(800);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('screenshots of the salvage guide, light and dark', { tag: DOC_SCREENSHOTS }, async ({ page, webHost }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(webHost.url);
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Help' }).click();
  await page.locator('[data-menu-id="help.salvage"]').click();
  await expect(page.getByTestId('salvage-guide-text')).toContainText('Where the local database is');
  await docScreenshot(page, 'salvage-guide-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(30, 31, 34)');
  await docScreenshot(page, 'salvage-guide-dark.png');
});

test('Show in Folder opens this computer\'s database folder with the system\'s file manager', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Help' }).click();
  await page.locator('[data-menu-id="help.salvage"]').click();
  const dialog = page.getByTestId('salvage-guide');
  await dialog.getByTestId('salvage-show-folder').click();
  // The host ran the OS's opener (the test's stand-in, which writes down what it was given) on the database folder.
  await expect.poll(() => webHost.opened()).toEqual([path.join(webHost.userDataDir, 'db', 'notes')]);
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('salvage-show-folder.png'), animations: 'disabled' });
});

test('Preferences › Backup, with no backup folder, points to the salvage guide', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await page.getByRole('menubar').getByRole('menuitem', { name: 'File' }).click();
  await page.locator('[data-menu-id="preferences"]').click();
  await page.getByRole('tab', { name: 'Backup' }).click();
  const hint = page.getByTestId('backup-salvage-hint');
  await expect(hint).toContainText("Until then your notes are only in this computer’s database");
  await hint.getByRole('button', { name: 'Salvaging Data from Local Database' }).click();
  await expect(page.getByTestId('preferences')).toBeHidden();
  await expect(page.getByTestId('salvage-db-path')).toHaveText(path.join(webHost.userDataDir, 'db', 'notes'));
});
