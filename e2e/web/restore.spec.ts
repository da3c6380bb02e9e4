// Preferences › Backup › Restore… in the browser host: the folder picker (the
// host's path prompt), the "Restore from …?" dialog with what the folder
// holds, the restore, the "Restore completed" dialog, and the restored notes
// in the list without a reload. A Quire backup written by the CLI keeps the
// edits made since; a note changed on both sides shows the conflict bar and
// lets the user pick; a folder that is not a backup, and broken files, are
// explained in words. Screenshots of the dialogs and the bar for the docs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { copySampleNotes, dismissToasts, DOC_SCREENSHOTS, docScreenshot, expect, root, seedWithCli, startWebHost, test, watchRequests } from './fixtures';
import { editorContent, editorText, focusEnd, newNote, noteRow, openNote, waitUntilSaved } from './editor-helpers';
import { openBackupPane } from './backup-pane';

const INKDROP_FIXTURE = path.resolve(root, '..', 'shared', 'fixtures', 'inkdrop-backup-v5-flat');
const LOGO = fs.readFileSync(path.resolve(root, '..', 'shared', 'corpora', 'images', 'logo.png'));

const planDialog = (page: Page) => page.getByTestId('restore-plan');
const doneDialog = (page: Page) => page.getByTestId('restore-done');
const count = (page: Page, id: string) => page.getByTestId(`restore-count-${id}-value`);

/** Restore… and the folder typed into the browser host's path prompt. */
async function pickForRestore(page: Page, folder: string): Promise<void> {
  await page.getByTestId('restore-button').click();
  await expect(page.getByTestId('path-prompt')).toBeVisible();
  await page.getByTestId('path-prompt-input').fill(folder);
  await page.getByTestId('path-prompt-ok').click();
}

/** The whole flow from Preferences › Backup: pick, the plan, Restore, the completion dialog (left open). */
async function restore(page: Page, folder: string): Promise<void> {
  await pickForRestore(page, folder);
  await expect(planDialog(page)).toBeVisible();
  await planDialog(page).getByTestId('restore-confirm').click();
  await expect(doneDialog(page)).toBeVisible();
}

/**
 * A writable copy of a folder (the fixtures are read-only). A live backup folder may be written while it is
 * copied (a snapshot's temporary file, there when listed and renamed before it is read): copied again then.
 */
function copyFolder(from: string, to: string): string {
  for (let attempt = 1; ; attempt++) {
    try {
      fs.cpSync(from, to, { recursive: true });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw error;
      fs.rmSync(to, { recursive: true, force: true });
    }
  }
  for (const entry of fs.readdirSync(to, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(to, entry);
    fs.chmodSync(file, fs.statSync(file).isDirectory() ? 0o755 : 0o644);
  }
  fs.chmodSync(to, 0o755);
  return to;
}

function cli(...args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'quire.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`quire ${args[0]} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** The backup file (under data/note/) whose `_id` is `id`. */
function noteFile(folder: string, id: string): { file: string; doc: Record<string, unknown> } | null {
  const dir = path.join(folder, 'data', 'note');
  if (!fs.existsSync(dir)) return null;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    try {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Record<string, unknown>;
      if (doc._id === id) return { file: path.join(dir, name), doc };
    } catch {
      // Being replaced by the running backup: read again on the next poll.
    }
  }
  return null;
}

test('an Inkdrop backup restores through the dialogs; its notes appear without a reload, inkdrop://file: images show', { tag: DOC_SCREENSHOTS }, async ({ page, webHost, tmpDir }) => {
  const folder = copyFolder(INKDROP_FIXTURE, path.join(tmpDir, 'Inkdrop backup'));
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(webHost.url);
  await openBackupPane(page);
  await pickForRestore(page, folder);

  await expect(planDialog(page)).toBeVisible();
  await expect(planDialog(page).getByRole('heading')).toHaveText('Restore from “Inkdrop backup”?');
  await expect(planDialog(page).getByTestId('restore-folder')).toHaveText(folder);
  await expect(planDialog(page)).toContainText('An Inkdrop backup with:');
  await expect(count(page, 'notes')).toHaveText('2');
  await expect(count(page, 'books')).toHaveText('1');
  await expect(count(page, 'tags')).toHaveText('1');
  await expect(count(page, 'files')).toHaveText('0');
  await expect(count(page, 'deleted')).toHaveText('0');
  await expect(count(page, 'skipped')).toHaveText('0');
  await expect(planDialog(page).getByTestId('restore-details')).toHaveCount(0);
  await expect(planDialog(page).getByTestId('restore-confirm')).toBeFocused();
  await docScreenshot(page, 'restore-plan-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await docScreenshot(page, 'restore-plan-dark.png');
  await page.emulateMedia({ colorScheme: 'light' });

  // The status bar shows the restore while it runs: held at its write, so it is seen however fast the restore is.
  webHost.gates.close('restore-write');
  await planDialog(page).getByTestId('restore-confirm').click();
  await webHost.gates.held('restore-write');
  await expect(page.getByTestId('progress-restore')).toContainText('Restoring from backup');
  webHost.gates.open('restore-write');
  await expect(doneDialog(page)).toBeVisible();
  await expect(doneDialog(page).getByRole('heading')).toHaveText('Restore completed');
  await expect(count(page, 'restored')).toHaveText('5');
  await expect(count(page, 'up-to-date')).toHaveText('0');
  await expect(count(page, 'conflicts')).toHaveText('0');
  await expect(count(page, 'skipped')).toHaveText('0');
  await docScreenshot(page, 'restore-done-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await docScreenshot(page, 'restore-done-dark.png');
  await page.emulateMedia({ colorScheme: 'light' });
  await doneDialog(page).getByRole('button', { name: 'OK' }).click();
  await expect(doneDialog(page)).toBeHidden();
  await page.getByRole('button', { name: 'Done' }).click();

  // In the list without a reload, with their notebook and tag.
  await expect(page.locator('[data-note-id="note:welcome"]')).toContainText('Welcome');
  await expect(noteRow(page, /Markdown Example/)).toBeVisible();
  await expect(page.getByTestId('sidebar')).toContainText('First Notebook');
  await expect(page.getByTestId('sidebar')).toContainText('Tutorial');

  // The fixture has no image: an Inkdrop backup of the same layout that has one (inline base64, linked as inkdrop://file:).
  const withImage = path.join(tmpDir, 'Inkdrop with an image', 'data');
  fs.mkdirSync(withImage, { recursive: true });
  fs.writeFileSync(path.join(withImage, 'file:Hk1a2.json'), JSON.stringify({
    _id: 'file:Hk1a2', _rev: '1-0123456789abcdef0123456789abcdef', name: 'logo.png', contentType: 'image/png',
    contentLength: LOGO.length, createdAt: 1612945638300, publicIn: [],
    _attachments: { index: { content_type: 'image/png', revpos: 1, data: LOGO.toString('base64') } },
  }));
  fs.writeFileSync(path.join(withImage, 'note:withimage.json'), JSON.stringify({
    _id: 'note:withimage', _rev: '1-89abcdef0123456789abcdef01234567', title: 'A note with a picture', doctype: 'markdown',
    body: 'Our logo:\n\n![the logo](inkdrop://file:Hk1a2)\n', bookId: 'book:first', tags: [], status: 'none', share: 'private',
    createdAt: 1612945638300, updatedAt: 1612945638300,
  }));
  await openBackupPane(page);
  await restore(page, path.dirname(withImage));
  await expect(count(page, 'restored')).toHaveText('2');
  await doneDialog(page).getByRole('button', { name: 'OK' }).click();
  await page.keyboard.press('Escape');
  await openNote(page, 'A note with a picture');
  await page.getByTestId('mode-preview').click();
  const img = page.getByTestId('preview').locator('img[alt="the logo"]');
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
});

test('a Quire backup made with the CLI: an edit made in the app since survives, and restoring twice changes nothing', async ({ page, tmpDir }) => {
  // The backup comes from another copy of the same notes (a laptop), which has one more note since.
  const laptop = path.join(tmpDir, 'laptop');
  seedWithCli(laptop, copySampleNotes(tmpDir));
  const userDataDir = path.join(tmpDir, 'user-data');
  fs.cpSync(path.join(laptop, 'db'), path.join(userDataDir, 'db'), { recursive: true });
  const travel = path.join(tmpDir, 'Travel');
  fs.mkdirSync(travel);
  fs.writeFileSync(path.join(travel, 'Packing list.md'), '# Packing list\n\n- passport\n- charger\n');
  seedWithCli(laptop, travel);
  const folder = path.join(tmpDir, 'Quire Backup');
  cli('backup', '--db', path.join(laptop, 'db', 'notes'), '--to', folder, '--json');

  const host = await startWebHost(userDataDir);
  try {
    await page.goto(host.url);
    await openNote(page, 'Weeknight dal');
    await focusEnd(page);
    await page.keyboard.type('\nEdited in the app after the backup.');
    await waitUntilSaved(page);

    await openBackupPane(page);
    await pickForRestore(page, folder);
    await expect(planDialog(page)).toContainText('A Quire backup with:');
    await expect(count(page, 'notes')).toHaveText('10');
    await planDialog(page).getByTestId('restore-confirm').click();
    await expect(doneDialog(page).getByRole('heading')).toHaveText('Restore completed');
    // The new note and its notebook; the rest (the edited note too) was here already.
    await expect(count(page, 'restored')).toHaveText('2');
    await expect(count(page, 'conflicts')).toHaveText('0');
    await expect(doneDialog(page).getByTestId('restore-done-lead')).toHaveText('The restored notes are in the list now.');
    await doneDialog(page).getByRole('button', { name: 'OK' }).click();

    await restore(page, folder);
    await expect(count(page, 'restored')).toHaveText('0');
    await expect(doneDialog(page).getByTestId('restore-done-lead'))
      .toHaveText('Everything in the backup was already up to date: nothing needed to change.');
    await doneDialog(page).getByRole('button', { name: 'OK' }).click();
    await page.keyboard.press('Escape');

    await expect(noteRow(page, /Packing list/)).toBeVisible();
    await openNote(page, 'Weeknight dal');
    expect(await editorText(page)).toContain('Edited in the app after the backup.');
  } finally {
    expect(await host.stop()).toBe(0);
  }
});

/**
 * The note "Groceries" changed in the app and, concurrently, in a backup that
 * is then restored: the backup's revision shows, the app's is the other
 * version. The app backs up into `mirror` meanwhile.
 */
async function conflictedNote(page: Page, tmpDir: string): Promise<{ id: string; mirror: string; laptopRev: string }> {
  await newNote(page, 'Groceries');
  await focusEnd(page);
  await page.keyboard.type('milk\neggs\napples');
  await waitUntilSaved(page);
  const id = (await noteRow(page, /Groceries/).getAttribute('data-note-id'))!;

  // The app's backup mirrors the note; a copy of that folder is "the backup" edited elsewhere.
  const mirror = path.join(tmpDir, 'mirror');
  await openBackupPane(page);
  await page.getByTestId('backup-location').fill(mirror);
  await page.getByTestId('backup-apply').click();
  await expect.poll(() => String(noteFile(mirror, id)?.doc.body ?? '')).toContain('apples');
  const elsewhere = copyFolder(mirror, path.join(tmpDir, 'Backup from the laptop'));
  await page.keyboard.press('Escape');

  await focusEnd(page);
  await page.keyboard.type('\nbutter');
  await waitUntilSaved(page);

  // The same note edited on the laptop (three saves), from the same revision: a concurrent branch that wins.
  const { file, doc } = noteFile(elsewhere, id)!;
  const history = doc._revisions as { start: number; ids: string[] };
  const hash = 'f'.repeat(32);
  const laptopRev = `${history.start + 3}-${hash}`;
  fs.writeFileSync(file, JSON.stringify({
    ...doc, body: 'milk\nbread\napples', updatedAt: Date.now() - 60_000,
    _rev: laptopRev, _revisions: { start: history.start + 3, ids: [hash, 'e'.repeat(32), 'd'.repeat(32), ...history.ids] },
  }, null, 2));

  await openBackupPane(page);
  await restore(page, elsewhere);
  await expect(count(page, 'conflicts')).toHaveText('1');
  await expect(doneDialog(page)).toContainText('open the note to choose a version');
  await doneDialog(page).getByRole('button', { name: 'OK' }).click();
  await page.keyboard.press('Escape');

  // The laptop's revision won: the editor follows it; the app's edit is the other version.
  await expect(page.getByTestId('conflict-bar')).toBeVisible();
  await expect(page.getByTestId('conflict-bar-title')).toContainText('This note has another version from');
  await expect(noteRow(page, /Groceries/).getByTestId('note-row-conflict')).toBeVisible();
  await expect(editorContent(page)).toContainText('bread');
  // The running backup has the restored revision too.
  await expect.poll(() => noteFile(mirror, id)?.doc._rev).toBe(laptopRev);
  // Nothing covers the bar (the first copy's toast may still show, or may have gone by itself).
  await dismissToasts(page);
  return { id, mirror, laptopRev };
}

test('a note changed in the app and in the backup keeps both: the conflict bar compares them and the user picks', { tag: DOC_SCREENSHOTS }, async ({ page, webHost, tmpDir }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(webHost.url);
  const { id, mirror } = await conflictedNote(page, tmpDir);
  const bar = page.getByTestId('conflict-bar');

  await expect(page.getByTestId('progress-restore')).toHaveCount(0);
  await page.getByTestId('conflict-compare-toggle').click();
  await expect(page.getByTestId('conflict-compare').locator('.compare-cell.side-a')).toContainText(['bread']);
  await expect(page.getByTestId('conflict-compare').locator('.compare-cell.side-b')).toContainText(['butter']);
  await expect(page.getByTestId('conflict-compare').locator('.compare-cell.side-b.changed .compare-text')).toHaveText(['eggs', 'butter']);
  await page.mouse.move(0, 0);
  await docScreenshot(page, 'note-conflict-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await docScreenshot(page, 'note-conflict-dark.png');
  await page.emulateMedia({ colorScheme: 'light' });

  await page.getByTestId('conflict-use-other').click();
  await expect(bar).toBeHidden();
  await expect(noteRow(page, /Groceries/).getByTestId('note-row-conflict')).toHaveCount(0);
  await expect(editorContent(page)).toContainText('butter');
  expect(await editorText(page)).toBe('milk\neggs\napples\nbutter');
  await expect.poll(() => String(noteFile(mirror, id)?.doc.body ?? '')).toContain('butter');
});

test('Keep This Version in the conflict bar keeps the text that shows and drops the other version', async ({ page, webHost, tmpDir }) => {
  await page.goto(webHost.url);
  await conflictedNote(page, tmpDir);
  await page.screenshot({ path: test.info().outputPath('conflict-bar.png'), animations: 'disabled' });

  await page.getByTestId('conflict-keep').click();
  await expect(page.getByTestId('conflict-bar')).toBeHidden();
  await expect(noteRow(page, /Groceries/).getByTestId('note-row-conflict')).toHaveCount(0);
  expect(await editorText(page)).toBe('milk\nbread\napples');
  await page.screenshot({ path: test.info().outputPath('conflict-kept.png'), animations: 'disabled' });
  // The other version is gone for good: after a reload the note has no conflict.
  await page.reload();
  await openNote(page, 'Groceries');
  expect(await editorText(page)).toBe('milk\nbread\napples');
  await expect(page.getByTestId('conflict-bar')).toHaveCount(0);
  await expect(noteRow(page, /Groceries/).getByTestId('note-row-conflict')).toHaveCount(0);
});

test('a folder that is not a backup gets a plain message; broken files are listed with their reasons', async ({ page, webHost, tmpDir }) => {
  await page.goto(webHost.url);
  await openBackupPane(page);
  const photos = path.join(tmpDir, 'Holiday photos');
  fs.mkdirSync(photos);
  fs.writeFileSync(path.join(photos, 'beach.jpg'), 'not really a photo');
  await pickForRestore(page, photos);
  const notABackup = page.getByTestId('restore-not-a-backup');
  await expect(notABackup).toBeVisible();
  await expect(notABackup.getByRole('heading')).toHaveText('Nothing to restore');
  await expect(page.getByTestId('restore-not-a-backup-message')).toHaveText(
    `${photos} is not a backup folder: it has no data/ folder with notes in it. Choose the folder that holds data/ (a Quire backup also holds state/).`,
  );
  await expect(notABackup).toContainText('Nothing was changed.');
  await notABackup.getByRole('button', { name: 'OK' }).click();
  await expect(planDialog(page)).toHaveCount(0);

  const broken = path.join(tmpDir, 'Damaged backup', 'data');
  fs.mkdirSync(broken, { recursive: true });
  const good = { _id: 'note:fine', _rev: '1-0123456789abcdef0123456789abcdef', title: 'Still fine', body: 'ok\n', bookId: 'book:x', createdAt: 1, updatedAt: 1 };
  fs.writeFileSync(path.join(broken, 'note:fine.json'), JSON.stringify(good));
  fs.writeFileSync(path.join(broken, 'note:notjson.json'), 'this is not JSON at all');
  fs.writeFileSync(path.join(broken, 'note:cut.json'), JSON.stringify({ ...good, _id: 'note:cut' }).slice(0, 40));
  fs.writeFileSync(path.join(broken, 'note:invalid.json'), JSON.stringify({ ...good, _id: 'note:invalid', title: 42 }));
  await pickForRestore(page, path.dirname(broken));
  await expect(planDialog(page)).toBeVisible();
  await expect(count(page, 'notes')).toHaveText('1');
  await expect(count(page, 'skipped')).toHaveText('3');
  await planDialog(page).getByTestId('restore-details').locator('summary').click();
  const items = planDialog(page).getByTestId('restore-skipped-item');
  await expect(items).toHaveCount(3);
  await expect(items.filter({ hasText: 'note:notjson.json' })).toContainText('not JSON');
  await expect(items.filter({ hasText: 'note:cut.json' })).toContainText('truncated JSON');
  await expect(items.filter({ hasText: 'note:invalid.json' })).toContainText('fails validation');
  await planDialog(page).getByTestId('restore-confirm').click();
  await expect(count(page, 'restored')).toHaveText('1');
  await expect(count(page, 'skipped')).toHaveText('3');
  await doneDialog(page).getByTestId('restore-details').locator('summary').click();
  await expect(doneDialog(page).getByTestId('restore-skipped-item')).toHaveCount(3);
});

/** An Inkdrop-style backup folder with `notes` notes in one notebook (`notes` + 1 files: more than one restore batch of 250). */
function bigInkdropBackup(folder: string, notes: number): string {
  const data = path.join(folder, 'data');
  fs.mkdirSync(data, { recursive: true });
  for (let i = 0; i < notes; i++) {
    fs.writeFileSync(path.join(data, `note:n${i}.json`), JSON.stringify({
      _id: `note:n${i}`, _rev: '1-0123456789abcdef0123456789abcdef', title: `Imported ${i}`, body: `Note number ${i}\n`,
      bookId: 'book:big', tags: [], createdAt: 1612945638300 + i, updatedAt: 1612945638300 + i,
    }));
  }
  fs.writeFileSync(path.join(data, 'book:big.json'), JSON.stringify({ _id: 'book:big', _rev: '1-0123456789abcdef0123456789abcdef', name: 'Big', createdAt: 1, updatedAt: 1 }));
  return folder;
}

test('a long restore shows its progress in Preferences and the status bar; Preferences can be closed meanwhile', async ({ page, webHost, tmpDir }) => {
  const folder = bigInkdropBackup(path.join(tmpDir, 'Big Inkdrop backup'), 600);
  await page.goto(webHost.url);
  await openBackupPane(page);
  await pickForRestore(page, folder);
  await expect(count(page, 'notes')).toHaveText('600');
  // The host writes the first batch (250 documents), then waits before the second: the steps below run while it works.
  webHost.gates.close('restore-write', 1);
  await planDialog(page).getByTestId('restore-confirm').click();
  await webHost.gates.held('restore-write');
  await expect(page.getByTestId('restore-progress')).toHaveAttribute('data-state', 'restoring');
  await expect(page.getByTestId('restore-progress-text')).toHaveText('Restoring… 250 of 601 files');
  await expect(page.getByTestId('restore-stop')).toHaveText('Stop');
  await expect(page.getByTestId('restore-button')).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('restore-progress.png'), animations: 'disabled' });
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('preferences')).toBeHidden();
  await expect(page.getByTestId('progress-restore')).toContainText('Restoring from backup');
  // The window answers meanwhile.
  await page.getByTestId('sidebar-trash').click();
  await expect(page.getByTestId('note-list-empty')).toContainText('The Trash is empty');
  await expect(doneDialog(page)).toHaveCount(0);

  webHost.gates.open('restore-write');
  await expect(doneDialog(page).getByRole('heading')).toHaveText('Restore completed');
  await expect(count(page, 'restored')).toHaveText('601');
});

test('Stop during a restore keeps what was written; restoring again finishes the job', async ({ page, webHost, tmpDir }) => {
  const folder = bigInkdropBackup(path.join(tmpDir, 'Big Inkdrop backup'), 600);
  const requests = watchRequests(page);
  await page.goto(webHost.url);
  await openBackupPane(page);
  await pickForRestore(page, folder);
  await expect(count(page, 'notes')).toHaveText('600');
  // The first batch goes in; the second is being written when Stop is pressed.
  webHost.gates.close('restore-write', 1);
  await planDialog(page).getByTestId('restore-confirm').click();
  await webHost.gates.held('restore-write');
  await expect(page.getByTestId('restore-progress-text')).toHaveText('Restoring… 250 of 601 files');
  await page.getByTestId('restore-stop').click();
  // Stop is heard by the host while the restore still runs: only then may the held batch finish.
  await requests.answered('restore.cancel');
  webHost.gates.open('restore-write');

  // The batch in flight is finished, nothing after it is started.
  await expect(doneDialog(page).getByRole('heading')).toHaveText('Restore stopped');
  await expect(doneDialog(page).getByTestId('restore-done-lead'))
    .toHaveText('You stopped the restore. What was restored until then is kept; restore again to finish.');
  await expect(count(page, 'restored')).toHaveText('500');
  await page.screenshot({ path: test.info().outputPath('restore-stopped.png'), animations: 'disabled' });
  await doneDialog(page).getByRole('button', { name: 'OK' }).click();
  await expect(page.getByTestId('restore-progress')).toHaveCount(0);

  await restore(page, folder);
  await expect(doneDialog(page).getByRole('heading')).toHaveText('Restore completed');
  await expect(count(page, 'restored')).toHaveText('101');
  await expect(count(page, 'up-to-date')).toHaveText('500');
});

test('Cancel while the folder is being read, and Cancel in “Restore from …?”, change nothing', async ({ page, webHost, tmpDir }) => {
  const folder = copyFolder(INKDROP_FIXTURE, path.join(tmpDir, 'Inkdrop backup'));
  const requests = watchRequests(page);
  await page.goto(webHost.url);
  await openBackupPane(page);

  // Held while the host reads the folder: the progress says so, with Cancel.
  webHost.gates.close('scan', folder);
  await pickForRestore(page, folder);
  await webHost.gates.held('scan');
  await expect(page.getByTestId('restore-progress')).toHaveAttribute('data-state', 'scanning');
  await expect(page.getByTestId('restore-progress-text')).toHaveText('Reading Inkdrop backup… 0 files so far');
  await expect(page.getByTestId('restore-button')).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('restore-reading.png'), animations: 'disabled' });
  await expect(page.getByTestId('restore-stop')).toHaveText('Cancel');
  await page.getByTestId('restore-stop').click();
  await requests.answered('restore.cancel');
  webHost.gates.open('scan');
  // The scan is over (the button is back) and it showed no plan.
  await expect(page.getByTestId('restore-button')).toBeEnabled();
  await expect(page.getByTestId('restore-progress')).toHaveCount(0);
  await expect(planDialog(page)).toHaveCount(0);
  await expect(page.getByTestId('notification')).toHaveCount(0);

  // The plan, then Cancel: the dialog closes.
  await pickForRestore(page, folder);
  await expect(count(page, 'notes')).toHaveText('2');
  await planDialog(page).getByTestId('restore-cancel').click();
  await expect(planDialog(page)).toHaveCount(0);
  await expect(page.getByTestId('restore-button')).toBeEnabled();

  // Nothing was restored by either: a real restore now brings in all five documents.
  await restore(page, folder);
  await expect(count(page, 'restored')).toHaveText('5');
  await expect(count(page, 'up-to-date')).toHaveText('0');
});
