// The disaster, end to end in the browser host: notes (one with an image,
// notebooks, tags) backed up continuously; the profile is wiped; Quire
// starts again, a fresh install with its own welcome notebook and note;
// Preferences › Backup › Restore… from the backup folder. Afterwards the
// database holds exactly what the backup held (one My Notebook, one welcome
// note, no duplicates): the same counts, and an export identical, file for
// file and byte for byte (image included), to one made before the disaster.
// Also: Restore… pointed at a Markdown export points to File › Import.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { copySampleNotes, expect, root, seedWithCli, startWebHost, test, type WebHost } from './fixtures';
import { editorContent, newNote, noteRow, statsAfterStop, transferFiles, waitUntilSaved } from './editor-helpers';
import { openBackupPane } from './backup-pane';

const LOGO = fs.readFileSync(path.resolve(root, '../shared/corpora/images/logo.png'));

async function pickForRestore(page: Page, folder: string): Promise<void> {
  await page.getByTestId('restore-button').click();
  await expect(page.getByTestId('path-prompt')).toBeVisible();
  await page.getByTestId('path-prompt-input').fill(folder);
  await page.getByTestId('path-prompt-ok').click();
}

function cli(...args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(root, 'bin', 'quire.mjs'), ...args], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`quire ${args[0]} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** Every file of a folder, by relative path, with its bytes as base64. */
function tree(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(folder, rel);
    if (fs.statSync(file).isFile()) out[rel.split(path.sep).join('/')] = fs.readFileSync(file).toString('base64');
  }
  return out;
}

/** Stops the host and exports its database with the CLI into `to`. */
async function exportAfterStop(host: WebHost, to: string): Promise<Record<string, string>> {
  expect(await host.stop()).toBe(0);
  cli('export-markdown', '--db', path.join(host.userDataDir, 'db', 'notes'), '--to', to, '--json');
  return tree(to);
}

test('a wiped profile restored from the backup folder ends with exactly what was there: no second My Notebook or welcome note', async ({ page, tmpDir }) => {
  test.slow(); // three starts of the host, two exports with the CLI
  const userDataDir = path.join(tmpDir, 'user-data');
  const backup = path.join(tmpDir, 'Quire Backup');

  // A first start: the welcome notebook and note. Then the sample notes (notebooks, tags), imported with the CLI.
  let host = await startWebHost(userDataDir);
  await page.goto(host.url);
  await expect(noteRow(page, /Welcome to Quire/)).toBeVisible();
  expect(await host.stop()).toBe(0);
  seedWithCli(userDataDir, copySampleNotes(tmpDir));

  // A note with an image, and the backup folder applied.
  host = await startWebHost(userDataDir);
  await page.goto(host.url);
  await newNote(page, 'The logo');
  await page.keyboard.type('Our logo: ');
  await transferFiles(page, 'paste', [{ name: 'logo.png', type: 'image/png', base64: LOGO.toString('base64') }]);
  await expect(editorContent(page)).toContainText(/!\[logo\]\(quire:\/\/file:[0-9a-f]+\)/);
  await waitUntilSaved(page);
  await openBackupPane(page);
  await page.getByTestId('backup-location').fill(backup);
  await page.getByTestId('backup-apply').click();
  await expect(page.getByTestId('backup-status')).toHaveAttribute('data-state', 'up-to-date');
  await expect.poll(() => fs.readdirSync(path.join(backup, 'data', 'file')).filter((n) => n.endsWith('.png')).length).toBe(1);
  const statsBefore = await statsAfterStop(host);
  const before = await exportAfterStop(host, path.join(tmpDir, 'export-before'));
  expect(Object.keys(before)).toContain('My Notebook/Welcome to Quire.md');
  expect(Object.keys(before).filter((f) => f.endsWith('.png'))).toHaveLength(1);

  // The disaster: the profile is gone. Quire starts again: a fresh install, with its own welcome content.
  fs.rmSync(userDataDir, { recursive: true, force: true });
  host = await startWebHost(userDataDir);
  await page.goto(host.url);
  await expect(noteRow(page, /Welcome to Quire/)).toBeVisible();
  const sidebar = page.getByTestId('sidebar');
  await expect(sidebar.getByText('My Notebook', { exact: true })).toHaveCount(1);

  await openBackupPane(page);
  await pickForRestore(page, backup);
  await expect(page.getByTestId('restore-plan')).toBeVisible();
  await page.getByTestId('restore-plan').getByTestId('restore-confirm').click();
  const done = page.getByTestId('restore-done');
  await expect(done).toBeVisible();
  await expect(page.getByTestId('restore-count-conflicts-value')).toHaveText('0');
  await done.getByRole('button', { name: 'OK' }).click();
  await page.getByRole('button', { name: 'Done' }).click();

  // One My Notebook and one welcome note: the backup's.
  await expect(noteRow(page, /The logo/)).toBeVisible();
  await expect(noteRow(page, /Welcome to Quire/)).toHaveCount(1);
  await expect(sidebar.getByText('My Notebook', { exact: true })).toHaveCount(1);
  await expect(page.getByTestId('sidebar-all-notes')).toContainText(String(statsBefore.notes));
  await page.screenshot({ path: test.info().outputPath('fresh-install-restored.png') });

  // The image is back: the preview shows it.
  await noteRow(page, /The logo/).click();
  await page.getByTestId('mode-preview').click();
  const img = page.getByTestId('preview').locator('img[alt="logo"]');
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  // Counts, and the export, are what they were before the disaster.
  const statsAfter = await statsAfterStop(host);
  // Deleted: the fresh install's own welcome notebook and note, which made way for the backup's.
  expect(statsAfter).toEqual({ ...statsBefore, deleted: statsBefore.deleted! + 2 });
  const after = await exportAfterStop(host, path.join(tmpDir, 'export-after'));
  expect(after).toEqual(before);
});

test('Restore… pointed at a Markdown export says to use File › Import › Markdown Folder…', async ({ page, webHost, tmpDir }) => {
  const exported = path.join(tmpDir, 'Quire Export');
  fs.mkdirSync(path.join(exported, 'My Notebook'), { recursive: true });
  fs.writeFileSync(path.join(exported, 'My Notebook', 'Welcome to Quire.md'), '---\ntitle: Welcome to Quire\n---\n# Welcome\n');
  await page.goto(webHost.url);
  await openBackupPane(page);
  await pickForRestore(page, exported);
  const notABackup = page.getByTestId('restore-not-a-backup');
  await expect(notABackup.getByRole('heading')).toHaveText('Nothing to restore');
  await expect(page.getByTestId('restore-not-a-backup-message')).toHaveText(
    `${exported} is not a backup folder: it holds Markdown files. To bring them in as notes, use File › Import › Markdown Folder… instead.`,
  );
  await page.screenshot({ path: test.info().outputPath('restore-markdown-export.png') });
});
