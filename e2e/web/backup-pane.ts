// Preferences › Backup, opened as a user would, and waited for until it has
// stopped moving: the backup's state arrives after the pane shows, and the
// panel it fills pushes Restore… and the snapshot buttons down. A click
// aimed before that lands where the button was (a CI run clicked the text
// above Restore… and waited in vain for its prompt).
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { mod } from './editor-helpers';

export async function openBackupPane(page: Page): Promise<void> {
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await page.keyboard.press(`${mod}+Comma`);
  await expect(page.getByTestId('preferences')).toBeVisible();
  await page.getByRole('tab', { name: 'Backup' }).click();
  await expect(page.getByRole('tab', { name: 'Backup' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('backup-pane')).toBeVisible();
  await expect(page.getByTestId('restore-section')).toBeVisible();
  await expect(page.getByTestId('backup-status')).toBeVisible();
}
