// Shared steps for the snapshot and history specs: Preferences › Backup with
// a backup folder applied (which takes the first snapshot by itself), and
// Take Snapshot Now, each waiting on what the window shows.
import type { Locator, Page } from '@playwright/test';
import { expect, newToast, toastIds } from './fixtures';
import { openBackupPane } from './backup-pane';

export { openBackupPane };

export const snapshotsSection = (page: Page): Locator => page.getByTestId('snapshots-section');
export const snapshotStats = (page: Page): Locator => page.getByTestId('snapshots-stats');

export async function closePreferences(page: Page): Promise<void> {
  await page.getByTestId('preferences').getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('preferences')).toBeHidden();
}

/** Applies `folder` as the backup folder and waits for the mirror and the first (automatic) snapshot. */
export async function useBackupFolder(page: Page, folder: string): Promise<void> {
  await expect(page.getByTestId('snapshots-no-folder')).toBeVisible();
  await page.getByTestId('backup-location').fill(folder);
  await page.getByTestId('backup-apply').click();
  await expect(page.getByTestId('backup-status')).toHaveAttribute('data-state', 'up-to-date');
  await expect(snapshotStats(page)).toHaveText(/^1 snapshot using /);
}

/** Take Snapshot Now, and the count it leads to. */
export async function takeSnapshot(page: Page, expected: number): Promise<void> {
  const button = page.getByTestId('snapshots-take');
  await expect(button).toBeEnabled();
  const before = await toastIds(page);
  await button.click();
  // This snapshot's toast, not an earlier one's (under Preferences they cannot be dismissed).
  await expect(newToast(page, before, 'Snapshot taken')).toBeVisible();
  await expect(snapshotStats(page)).toHaveText(new RegExp(`^${expected} snapshots using `));
  await expect(button).toHaveText('Take Snapshot Now');
}
