// The browser host's folder prompt belongs to the page that asked for it:
// one at a time (a new one replaces the last), dropped when that page goes
// away (a reload does not bring it back later, out of context), and shown on
// top of whatever dialog asked for it.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mod } from './editor-helpers';

const prompt = (page: Page) => page.getByTestId('path-prompt');

async function importPrompt(page: Page) {
  await page.getByRole('menubar').getByRole('menuitem', { name: 'File' }).click();
  await page.getByRole('menu', { name: 'File' }).getByRole('menuitem', { name: /^Import/ }).click();
  await page.getByRole('menu', { name: /^Import/ }).getByRole('menuitem', { name: /^Markdown Folder/ }).click();
  await expect(prompt(page)).toBeVisible();
}

test('a prompt open when the page reloads is gone with it and never comes back later', async ({ page, webHost, tmpDir }) => {
  const folder = path.join(tmpDir, 'notes-to-import');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'From the folder.md'), '# From the folder\n');
  await page.goto(webHost.url);
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await importPrompt(page);
  await page.getByTestId('path-prompt-input').fill(folder);

  await page.reload();
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  // The Preferences dialog opens as usual: no stale prompt pops up first or over it.
  await page.keyboard.press(`${mod}+Comma`);
  await expect(page.getByTestId('preferences')).toBeVisible();
  await page.getByRole('tab', { name: 'Backup' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('preferences')).toBeHidden();
  await expect(prompt(page)).toHaveCount(0);
  // The import that asked was answered "cancelled": nothing was imported.
  await expect(page.getByTestId('note-list').getByRole('option', { name: /From the folder/ })).toHaveCount(0);

  // A new prompt from the reloaded page works as usual.
  await importPrompt(page);
  await page.getByTestId('path-prompt-input').fill(folder);
  await page.getByTestId('path-prompt-ok').click();
  await expect(page.getByTestId('note-list').getByRole('option', { name: /From the folder/ })).toBeVisible();
});

test('Preferences over an open prompt: "…" shows its own prompt on top, and one Cancel closes it', async ({ page, webHost, tmpDir }) => {
  await page.goto(webHost.url);
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await importPrompt(page);
  await expect(prompt(page)).toContainText('Import');

  await page.keyboard.press(`${mod}+Comma`);
  await expect(page.getByTestId('preferences')).toBeVisible();
  await page.getByRole('tab', { name: 'Backup' }).click();
  for (let i = 0; i < 3; i += 1) {
    await page.getByTestId('backup-pick').click();
    await expect(prompt(page)).toHaveCount(1);
    await expect(prompt(page)).not.toContainText('Import');
    await page.screenshot({ path: test.info().outputPath(`prompt-over-preferences-${i}.png`), animations: 'disabled' });
    // The prompt is on top: its field takes typing, and Cancel answers it.
    await page.getByTestId('path-prompt-input').fill(path.join(tmpDir, `try-${i}`));
    await prompt(page).getByRole('button', { name: 'Cancel' }).click();
    await expect(prompt(page)).toHaveCount(0);
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('backup-pick').click();
  await expect(prompt(page)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('prompt-over-preferences-dark.png'), animations: 'disabled' });
  await prompt(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(prompt(page)).toHaveCount(0);
  await expect(page.getByTestId('preferences')).toBeVisible();
});

test('a prompt is shown only in the page that asked for it', async ({ page, webHost, context }) => {
  await page.goto(webHost.url);
  const other = await context.newPage();
  await other.goto(webHost.url);
  await expect(other.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await importPrompt(page);
  // The other page goes on working; it is never shown this page's question, even after a reload.
  await other.reload();
  await expect(other.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await other.keyboard.press(`${mod}+Comma`);
  await expect(other.getByTestId('preferences')).toBeVisible();
  await expect(other.getByTestId('path-prompt')).toHaveCount(0);
  await expect(prompt(page)).toBeVisible();
  await prompt(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(prompt(page)).toHaveCount(0);
});
