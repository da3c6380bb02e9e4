// Preferences › Backup › Snapshots in the browser host: nothing to do until a
// backup folder is set; then the first snapshot is taken by itself, Take
// Snapshot Now adds one, and after several notes were moved to the Trash at
// once (and one created), Restore to… the snapshot before shows what it will
// do, lets the user choose what happens to the newer note, and brings
// everything back out of the Trash, taking a snapshot first so it can be
// undone. Screenshots of the section and the dialog for the docs.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DOC_SCREENSHOTS, dismissToasts, docScreenshot } from './fixtures';
import { mod, newNote, noteRow, waitUntilSaved } from './editor-helpers';
import { expect, LIBRARY, test } from './note-library';
import { closePreferences, openBackupPane, snapshotsSection, snapshotStats, takeSnapshot, useBackupFolder } from './snapshot-helpers';

const trashCount = (page: Page) => page.getByTestId('sidebar-trash').locator('.sb-count');
const restoreDialog = (page: Page) => page.getByTestId('snapshot-restore');

test('without a backup folder, snapshots are explained and cannot be taken', async ({ page, libraryHost }) => {
  await page.goto(libraryHost.url);
  await openBackupPane(page);
  await expect(page.getByTestId('snapshots-no-folder')).toHaveText('Snapshots are kept in the backup folder. Choose a backup folder above to take them.');
  await expect(page.getByTestId('snapshots-take')).toBeDisabled();
  await expect(page.getByTestId('snapshots-restore')).toBeDisabled();
});

test('Take Snapshot Now, a bulk move to the Trash, and Restore to… the snapshot before brings everything back', { tag: DOC_SCREENSHOTS }, async ({ page, libraryHost, tmpDir }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(libraryHost.url);
  await openBackupPane(page);
  await useBackupFolder(page, path.join(tmpDir, 'backup'));
  await expect(page.getByTestId('snapshots-enabled')).toBeChecked();
  await expect(page.getByTestId('snapshots-interval')).toHaveValue('15');
  await expect(page.getByTestId('snapshots-retention')).toHaveText(/^Kept: every snapshot for 2 days, /);
  // How often: the choice is saved and shown back.
  await page.getByTestId('snapshots-interval').selectOption('30');
  await expect(page.getByTestId('snapshots-interval')).toHaveValue('30');
  await expect(page.getByTestId('snapshots-keep')).toHaveValue('standard');
  await closePreferences(page);

  await newNote(page, 'Before the move');
  await page.keyboard.type('A note written before the snapshot.');
  await waitUntilSaved(page);
  await openBackupPane(page);
  await takeSnapshot(page, 2);
  await page.mouse.move(0, 0);
  await snapshotsSection(page).scrollIntoViewIfNeeded();
  await docScreenshot(page, 'preferences-snapshots-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await docScreenshot(page, 'preferences-snapshots-dark.png');
  await page.emulateMedia({ colorScheme: 'light' });
  await closePreferences(page);

  // Three notes to the Trash at once, and a new note written after the snapshot.
  await noteRow(page, /Grocery list/).click();
  await noteRow(page, /Zebra facts/).click({ modifiers: [mod] });
  await noteRow(page, /Meeting notes/).click({ modifiers: [mod] });
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Move to Trash' }).click();
  await expect(trashCount(page)).toHaveText('3');
  await newNote(page, 'Written after');
  await page.keyboard.type('Newer than the snapshot.');
  await waitUntilSaved(page);
  await dismissToasts(page);

  await openBackupPane(page);
  // Escape closes Restore to… and only it.
  await page.getByTestId('snapshots-restore').click();
  await expect(restoreDialog(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(restoreDialog(page)).toBeHidden();
  await expect(page.getByTestId('preferences')).toBeVisible();
  await page.getByTestId('snapshots-restore').click();
  await expect(restoreDialog(page)).toBeVisible();
  const entries = restoreDialog(page).getByTestId('snapshot-entry');
  await expect(entries).toHaveCount(2);
  await expect(restoreDialog(page).getByTestId('snapshot-list')).toBeFocused();
  // Newest first: the arrows choose; the newest is the snapshot just before the move.
  await page.keyboard.press('ArrowDown');
  await expect(entries.first()).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('snapshot-plan-lead')).toHaveText('0 notes changed back, 3 brought back, 1 created since.');
  await expect(page.getByTestId('snapshot-plan-brought')).toContainText('Grocery list');
  await expect(page.getByTestId('snapshot-plan-created')).toContainText('Written after');
  await expect(page.getByTestId('snapshot-created-keep')).toBeChecked();
  await page.getByTestId('snapshot-created-trash').check();
  await page.mouse.move(0, 0);
  await docScreenshot(page, 'snapshot-restore-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await docScreenshot(page, 'snapshot-restore-dark.png');
  await page.emulateMedia({ colorScheme: 'light' });

  // The backup folder gone at that moment: the snapshot that would undo the restore cannot be taken, so nothing
  // is restored, and the dialog says why (a toast behind it would go unseen).
  const backup = path.join(tmpDir, 'backup');
  fs.renameSync(backup, `${backup}-away`);
  await page.getByTestId('snapshot-restore-confirm').click();
  await expect(page.getByTestId('snapshot-restore-failure')).toContainText(/The backup folder .* is not there .* cannot be read until it is back/);
  await expect(restoreDialog(page)).toBeVisible();
  fs.renameSync(`${backup}-away`, backup);
  await expect(trashCount(page)).toHaveText('3');

  await page.getByTestId('snapshot-restore-confirm').click();
  await expect(restoreDialog(page)).toBeHidden();
  const done = page.getByTestId('notification').filter({ hasText: 'Restored to' });
  await expect(done).toContainText('3 brought back');
  await expect(done).toContainText('A snapshot was taken just before: Undo restores to it.');
  await expect(done.getByRole('button', { name: 'Undo' })).toBeVisible();
  // The snapshot taken first is listed, and says what it is: the restore can be undone.
  await expect(snapshotStats(page)).toHaveText(/^3 snapshots using /);
  await page.getByTestId('snapshots-restore').click();
  await expect(restoreDialog(page).getByTestId('snapshot-entry').first()).toContainText('Taken just before the restore to');
  await expect(restoreDialog(page).getByTestId('snapshot-entry').last()).toContainText('The first snapshot');
  await page.keyboard.press('Escape');
  await closePreferences(page);

  // Everything is back out of the Trash; the newer note went there, as chosen.
  await expect(trashCount(page)).toHaveText('1');
  await expect(page.getByTestId('note-count')).toHaveText(`${LIBRARY.length + 1} notes`);
  for (const title of [/Grocery list/, /Zebra facts/, /Meeting notes/, /Before the move/]) await expect(noteRow(page, title)).toBeVisible();
  await page.getByTestId('sidebar-trash').click();
  await expect(noteRow(page, /Written after/)).toBeVisible();

  // How long they are kept: the choice and the schedule in words. Keeping more is recorded at once, by a
  // snapshot that says so (another installation's prune would go by the old choice until then).
  await openBackupPane(page);
  await page.getByTestId('snapshots-keep').selectOption('longer');
  await expect(page.getByTestId('snapshots-retention')).toHaveText('Kept: every snapshot for 1 week, one an hour for 1 month, one a day for 1 year, one a week forever.');
  await expect(snapshotStats(page)).toHaveText(/^4 snapshots using /);
  await page.getByTestId('snapshots-restore').click();
  await expect(restoreDialog(page).getByTestId('snapshot-entry').first()).toContainText('Taken to record that snapshots are kept longer');
  await page.keyboard.press('Escape');
  // Keeping less is recorded with the next snapshot: nothing is lost by waiting.
  await page.getByTestId('snapshots-keep').selectOption('shorter');
  await expect(page.getByTestId('snapshots-retention')).toHaveText(/^Kept: every snapshot for 1 day, .* one a week for 1 year, then none\.$/);
  await expect(snapshotStats(page)).toHaveText(/^4 snapshots using /);
});
