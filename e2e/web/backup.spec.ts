// Preferences › Backup in the browser host: nothing is backed up until a
// folder is applied (the banner and the pane say so), a bad path is refused
// beside the field, and once a folder is applied every change is in it as a
// plain JSON file: a new note appears in data/note/, a note deleted forever
// moves to _deleted/note/. Screenshots of the pane for the docs come from here.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { dismissToasts, DOC_SCREENSHOTS, docScreenshot, expect, seedWithCli, startWebHost, test } from './fixtures';
import { writeManyNotes } from './note-library';
import { editorContent, focusEnd, newNote, noteRow, waitUntilSaved } from './editor-helpers';
import { openBackupPane } from './backup-pane';

const banner = (page: Page) => page.getByTestId('backup-banner');
const status = (page: Page) => page.getByTestId('backup-status');
const field = (page: Page) => page.getByTestId('backup-location');
const apply = (page: Page) => page.getByTestId('backup-apply');
const fieldMessage = (page: Page) => page.getByTestId('backup-location-message');

/** Picks `folder` with "…" (the browser host's path prompt): a folder chosen there is used at once, without Apply. */
async function chooseFolder(page: Page, folder: string): Promise<void> {
  await page.getByTestId('backup-pick').click();
  await expect(page.getByTestId('path-prompt')).toBeVisible();
  await page.getByTestId('path-prompt-input').fill(folder);
  await page.getByTestId('path-prompt-ok').click();
  await expect(page.getByTestId('path-prompt')).toBeHidden();
  await expect(field(page)).toHaveValue(folder);
  await expect(apply(page)).toBeDisabled();
}

/** The file in `dir` (data/note or _deleted/note) whose `_id` is `id`: names are derived from ids, so the id inside is what counts. */
function backupFileOf(dir: string, id: string): { name: string; doc: Record<string, unknown> } | null {
  if (!fs.existsSync(dir)) return null;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Record<string, unknown>;
      if (doc._id === id) return { name, doc };
    } catch {
      // A file being replaced right now: read again on the next poll.
    }
  }
  return null;
}

test('nothing is backed up until a folder is applied; then a note is in the folder, and deleted forever it moves to _deleted/', async ({ page, webHost, tmpDir }) => {
  await page.goto(webHost.url);
  await expect(banner(page)).toContainText('Your notes are not backed up to a folder yet');
  await expect(page.getByTestId('backup-indicator')).toHaveText('Not backed up');

  await openBackupPane(page);
  await expect(status(page)).toHaveAttribute('data-state', 'off');
  await expect(status(page)).toContainText('Nothing is being backed up yet');
  await expect(page.getByTestId('backup-choose')).toBeVisible();
  await expect(apply(page)).toBeDisabled();

  // A typed path is not used before Apply, and the field says so.
  await field(page).fill('Backups/Quire');
  await expect(fieldMessage(page)).toHaveText('Not in use yet: press Apply to back up to this folder.');
  // A relative path, and a file, are refused beside the field; nothing changes.
  await apply(page).click();
  await expect(fieldMessage(page)).toHaveText('Backups/Quire is not a full path (it should start at the root of a drive).');
  await expect(field(page)).toHaveAttribute('aria-invalid', 'true');
  const aFile = path.join(tmpDir, 'notes.txt');
  fs.writeFileSync(aFile, 'not a folder');
  await field(page).fill(aFile);
  await expect(field(page)).not.toHaveAttribute('aria-invalid', 'true');
  await field(page).press('Enter');
  await expect(fieldMessage(page)).toHaveText(`${aFile} is a file, not a folder.`);
  await expect(status(page)).toHaveAttribute('data-state', 'off');
  expect(fs.existsSync(path.join(webHost.userDataDir, 'backup-settings.json'))).toBe(false);

  // A folder chosen with "…" is used at once and gets everything.
  const folder = path.join(tmpDir, 'backup');
  fs.mkdirSync(folder);
  await chooseFolder(page, folder);
  await expect(fieldMessage(page)).not.toHaveClass(/error/);
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');
  await expect(page.getByTestId('backup-status-headline')).toHaveText('Up to date');
  await expect(page.getByTestId('backup-status-detail')).toContainText(/Last write today at .* · \d+ documents in the backup/);
  await expect(apply(page)).toBeDisabled();
  await expect(page.getByTestId('notification').filter({ hasText: 'Your notes are backed up' })).toContainText(folder);
  await expect(banner(page)).toBeHidden();
  expect(fs.readdirSync(path.join(folder, 'state')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('backup-indicator')).toHaveText('Backed up');

  // A new note is in data/note/ with its text, moments after it is saved.
  await newNote(page, 'Backed-up note');
  await focusEnd(page);
  await page.keyboard.type('Every word of this is in the backup folder.');
  await waitUntilSaved(page);
  await expect(editorContent(page)).toContainText('Every word');
  const id = await noteRow(page, /Backed-up note/).getAttribute('data-note-id');
  expect(id).toMatch(/^note:/);
  const dataDir = path.join(folder, 'data', 'note');
  const deletedDir = path.join(folder, '_deleted', 'note');
  await expect.poll(() => String(backupFileOf(dataDir, id!)?.doc.body ?? ''))
    .toContain('Every word of this is in the backup folder.');
  const { name } = backupFileOf(dataDir, id!)!;
  expect(backupFileOf(dataDir, id!)!.doc.title).toBe('Backed-up note');

  // In the Trash it is still a live document; deleted forever, its file moves to _deleted/note/.
  await noteRow(page, /Backed-up note/).click();
  await page.getByTestId('note-list').press('Delete');
  await expect(noteRow(page, /Backed-up note/)).toHaveCount(0);
  await expect.poll(() => backupFileOf(dataDir, id!)?.doc.bookId).toBe('trash');
  await page.getByTestId('sidebar-trash').click();
  await noteRow(page, /Backed-up note/).click();
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete Forever' }).click();
  await page.getByTestId('ask-ok').click();
  await expect(page.getByTestId('note-list-empty')).toContainText('The Trash is empty');
  await expect.poll(() => fs.existsSync(path.join(dataDir, name))).toBe(false);
  const moved = backupFileOf(deletedDir, id!);
  expect(moved?.name).toBe(name);
  expect(moved?.doc.body).toContain('Every word of this is in the backup folder.');
});

test('a note file moved back from _deleted/ into data/ brings the note back', async ({ page, webHost, tmpDir }) => {
  const folder = path.join(tmpDir, 'backup');
  await page.goto(webHost.url);
  await openBackupPane(page);
  await field(page).fill(folder);
  await apply(page).click();
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');
  await page.keyboard.press('Escape');
  await newNote(page, 'Brought back from the folder');
  await waitUntilSaved(page);
  const id = await noteRow(page, /Brought back from the folder/).getAttribute('data-note-id');
  await noteRow(page, /Brought back from the folder/).click();
  await page.getByTestId('note-list').press('Delete');
  await page.getByTestId('sidebar-trash').click();
  await noteRow(page, /Brought back from the folder/).click();
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete Forever' }).click();
  await page.getByTestId('ask-ok').click();
  const deletedDir = path.join(folder, '_deleted', 'note');
  await expect.poll(() => backupFileOf(deletedDir, id!)?.name ?? null).not.toBeNull();
  const { name } = backupFileOf(deletedDir, id!)!;
  fs.renameSync(path.join(deletedDir, name), path.join(folder, 'data', 'note', name));
  // Its last live revision was in the Trash, so that is where it comes back.
  await expect(noteRow(page, /Brought back from the folder/)).toBeVisible();
});

test('the banner opens Preferences on Backup, and once dismissed stays away', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await banner(page).getByRole('button', { name: 'Choose Folder…' }).click();
  await expect(page.getByTestId('preferences')).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Backup' })).toHaveAttribute('aria-selected', 'true');
  await expect(field(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('preferences')).toBeHidden();

  // The status bar opens the same page.
  await page.getByTestId('backup-indicator').click();
  await expect(page.getByTestId('backup-pane')).toBeVisible();
  await page.keyboard.press('Escape');

  await banner(page).getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner(page)).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('backup-indicator')).toHaveText('Not backed up');
  await expect(banner(page)).toBeHidden();
});

test('a backup folder that disappears is reported with the retry, and the backup catches up when it is back', async ({ page, webHost, tmpDir }) => {
  const folder = path.join(tmpDir, 'usb-drive');
  fs.mkdirSync(folder);
  await page.goto(webHost.url);
  await openBackupPane(page);
  await field(page).fill(folder);
  await apply(page).click();
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');

  // The drive goes away at once, whatever is being written (the first automatic snapshot may still be adding
  // files): the folder leaves its path in one rename, as an unplugged drive's mount point empties.
  fs.renameSync(folder, `${folder}-unplugged`);
  await page.keyboard.press('Escape');
  await newNote(page, 'Written while the drive was away');
  await waitUntilSaved(page);
  await expect(page.getByTestId('backup-indicator')).toHaveText('Backup paused');
  await page.getByTestId('backup-indicator').click();
  await expect(status(page)).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('backup-status-detail')).toContainText(`The backup folder ${folder} is not there`);
  await expect(page.getByTestId('backup-status-detail')).toContainText(/Your notes are safe in Quire\. Quire tries again (in \d+ s|now)/);

  fs.mkdirSync(folder);
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date', { timeout: 20_000 });
  const id = await noteRow(page, /Written while the drive was away/).getAttribute('data-note-id');
  expect(backupFileOf(path.join(folder, 'data', 'note'), id!)?.doc.title).toBe('Written while the drive was away');
});

test('screenshots of Preferences › Backup, light and dark', { tag: DOC_SCREENSHOTS }, async ({ page, webHost, tmpDir }) => {
  const folder = path.join(tmpDir, 'Quire Backup');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(webHost.url);
  await openBackupPane(page);
  await field(page).fill(folder);
  await apply(page).click();
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');
  // The first-copy notification (under the dialog) would cover the status bar: dismissed, then the pane again.
  await expect(page.getByTestId('notification').filter({ hasText: 'Your notes are backed up' })).toBeVisible();
  await page.keyboard.press('Escape');
  await dismissToasts(page);
  await page.getByTestId('backup-indicator').click();
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');
  await page.getByTestId('backup-location').blur();
  await docScreenshot(page, 'backup-prefs-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(30, 31, 34)');
  await docScreenshot(page, 'backup-prefs-dark.png');
});

test('the first copy into a new backup folder shows its progress in the pane and the status bar', async ({ page, tmpDir }) => {
  // More notes than one backup batch (100), so the first copy reports progress along the way.
  const userDataDir = path.join(tmpDir, 'user-data');
  seedWithCli(userDataDir, writeManyNotes(tmpDir, 450));
  const host = await startWebHost(userDataDir);
  try {
    // The window is shown the host's messages as they come until the first progress of the
    // first copy; the rest wait until the test has looked, however fast the copy is.
    let step: 'forwarding' | 'holding' | 'released' = 'forwarding';
    const held: (string | Buffer)[] = [];
    let release = () => undefined as void;
    await page.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((message) => {
        if (step === 'holding') return void held.push(message);
        ws.send(message);
        const frame = JSON.parse(String(message)) as { type: string; name?: string; payload?: { state?: string; firstCopy?: boolean } };
        if (step === 'forwarding' && frame.type === 'event' && frame.name === 'backup.statusChanged'
          && frame.payload?.state === 'backing-up' && frame.payload.firstCopy) step = 'holding';
      });
      release = () => {
        step = 'released';
        for (const message of held.splice(0)) ws.send(message);
      };
    });
    await page.goto(host.url);
    await openBackupPane(page);
    await field(page).fill(path.join(tmpDir, 'backup'));
    await apply(page).click();

    await expect(status(page)).toHaveAttribute('data-state', 'backing-up');
    await expect(page.getByTestId('backup-status-headline')).toHaveText(/^Backing up 100 of 4\d\d$/);
    await expect(page.getByTestId('backup-status-detail')).toHaveText('Copying every note into the folder for the first time. You can keep working meanwhile.');
    const bar = page.getByTestId('backup-progress');
    await expect(bar).toHaveAttribute('value', '100');
    await expect(bar).toHaveAttribute('max', /^4\d\d$/);
    await expect(page.getByTestId('backup-indicator').locator('progress')).toHaveAttribute('value', '100');
    await page.screenshot({ path: test.info().outputPath('backup-first-copy.png'), animations: 'disabled' });

    release();
    await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');
    await expect(page.getByTestId('backup-progress')).toHaveCount(0);
    await expect(page.getByTestId('backup-status-detail')).toContainText(/\d+ documents in the backup/);
    await expect(page.getByTestId('notification').filter({ hasText: 'Your notes are backed up' })).toBeVisible();
  } finally {
    expect(await host.stop()).toBe(0);
  }
});
