// Preferences › Backup's location, as a new user meets it in the browser
// host: a folder that holds other things (a home folder) gets a question
// before anything is written there; a folder that takes no files is refused
// in a sentence; the "…" prompt offers to create a folder that does not
// exist yet; a note brought back from _deleted/ is announced with a button
// that opens it; Delete Forever says where the backup keeps the note.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { newNote, noteRow, titleField, waitUntilSaved } from './editor-helpers';
import { openBackupPane } from './backup-pane';

const status = (page: Page) => page.getByTestId('backup-status');
const field = (page: Page) => page.getByTestId('backup-location');
const apply = (page: Page) => page.getByTestId('backup-apply');
const question = (page: Page) => page.getByTestId('backup-not-empty');

async function applyFolder(page: Page, folder: string): Promise<void> {
  await field(page).fill(folder);
  await apply(page).click();
}

/** The file in `dir` whose `_id` is `id` (names follow from ids; the id inside is what counts). */
function fileOf(dir: string, id: string): string | null {
  if (!fs.existsSync(dir)) return null;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { _id?: unknown })._id === id) return name;
    } catch {
      // being replaced: read again on the next poll
    }
  }
  return null;
}

test('a folder holding other files is asked about first: a new Quire Backup folder inside it (the default), or the folder itself', async ({ page, webHost, tmpDir }) => {
  const home = path.join(tmpDir, 'home');
  fs.mkdirSync(path.join(home, 'Documents'), { recursive: true });
  fs.writeFileSync(path.join(home, '.bashrc'), '# mine\n');
  await page.goto(webHost.url);
  await openBackupPane(page);

  await applyFolder(page, home);
  await expect(question(page)).toBeVisible();
  await expect(question(page)).toContainText(`${home} already holds other files and is not a backup folder.`);
  await expect(page.getByTestId('backup-use-subfolder')).toBeFocused();
  await expect(page.getByTestId('backup-use-subfolder')).toHaveText(`Use a new folder inside it: ${path.join(home, 'Quire Backup')}`);
  await expect(status(page)).toHaveAttribute('data-state', 'off');
  expect(fs.readdirSync(home).sort()).toEqual(['.bashrc', 'Documents']);
  await page.screenshot({ path: test.info().outputPath('backup-not-empty-question.png') });

  // Enter takes the default: the subfolder.
  await page.keyboard.press('Enter');
  await expect(question(page)).toBeHidden();
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');
  await expect(field(page)).toHaveValue(path.join(home, 'Quire Backup'));
  expect(fs.existsSync(path.join(home, 'Quire Backup', 'data'))).toBe(true);
  expect(fs.readdirSync(home).sort()).toEqual(['.bashrc', 'Documents', 'Quire Backup']);

  // A folder that is already a backup (it has data/) is used without a question.
  const other = path.join(tmpDir, 'Old backup');
  fs.cpSync(path.join(home, 'Quire Backup'), other, { recursive: true });
  await applyFolder(page, other);
  await expect(field(page)).toHaveValue(other);
  await expect(status(page)).toContainText(other);
  await expect(question(page)).toBeHidden();

  // "Use anyway" writes into the folder itself.
  const shared = path.join(tmpDir, 'Shared');
  fs.mkdirSync(shared);
  fs.writeFileSync(path.join(shared, 'todo.txt'), 'x');
  await applyFolder(page, shared);
  await expect(question(page)).toBeVisible();
  await page.getByTestId('backup-use-anyway').click();
  await expect(question(page)).toBeHidden();
  await expect(field(page)).toHaveValue(shared);
  await expect(status(page)).toContainText(shared);
  await expect.poll(() => fs.existsSync(path.join(shared, 'data', 'note'))).toBe(true);
});

test('what is typed while Apply is still being answered stays in the field', async ({ page, webHost, tmpDir }) => {
  const first = path.join(tmpDir, 'First backup');
  const second = path.join(tmpDir, 'Second backup');
  // The host's answer to backup.setLocation is held until the next path has been typed: what a slow
  // disk or a busy computer does (a run under load found a late answer writing over the new path).
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let heldSignal!: () => void;
  const held = new Promise<void>((resolve) => (heldSignal = resolve));
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    const setLocation = new Set<unknown>();
    const read = (message: string | Buffer) => {
      try {
        return JSON.parse(String(message)) as { type?: string; id?: unknown; name?: string };
      } catch {
        return {};
      }
    };
    ws.onMessage((message) => {
      const request = read(message);
      if (request.type === 'request' && request.name === 'backup.setLocation') setLocation.add(request.id);
      server.send(message);
    });
    server.onMessage(async (message) => {
      const answer = read(message);
      if (answer.type === 'response' && setLocation.has(answer.id)) {
        heldSignal();
        await released;
      }
      ws.send(message);
    });
  });
  await page.goto(webHost.url);
  await openBackupPane(page);
  await applyFolder(page, first);
  await held;
  await field(page).fill(second);
  release();
  await expect(status(page)).toContainText(first);
  await expect(field(page)).toHaveValue(second);
  await apply(page).click();
  await expect(status(page)).toContainText(second);
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');
  await expect(field(page)).toHaveValue(second);
  expect(fs.existsSync(path.join(second, 'data'))).toBe(true);
});

test('a folder that takes no files is refused in a sentence', async ({ page, webHost }) => {
  test.skip(process.platform !== 'linux', '/proc is Linux\'s');
  await page.goto(webHost.url);
  await openBackupPane(page);
  await applyFolder(page, '/proc/self');
  await expect(page.getByTestId('backup-location-message')).toHaveText(
    'Cannot write in /proc/self: it does not take new files (it is not an ordinary folder on a drive).',
  );
  await expect(status(page)).toHaveAttribute('data-state', 'off');
});

test('Delete Forever says where the backup keeps the note; moved back from _deleted/, the note is announced and opens from the notification', async ({ page, webHost, tmpDir }) => {
  const folder = path.join(tmpDir, 'Quire Backup');
  await page.goto(webHost.url);
  await openBackupPane(page);
  await applyFolder(page, folder);
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');
  await page.keyboard.press('Escape');

  await newNote(page, 'Minutes of the meeting');
  await waitUntilSaved(page);
  const id = (await noteRow(page, /Minutes of the meeting/).getAttribute('data-note-id'))!;
  await noteRow(page, /Minutes of the meeting/).click();
  await page.getByTestId('note-list').press('Delete');
  await page.getByTestId('sidebar-trash').click();
  await noteRow(page, /Minutes of the meeting/).click();
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Delete Forever' }).click();
  const dialog = page.getByTestId('ask-dialog');
  await expect(dialog).toContainText(
    `“Minutes of the meeting” will be deleted permanently from Quire. The backup folder keeps a copy in ${folder}/_deleted/note/: ` +
      'moving a file from there back into data/note/ brings its note back.',
  );
  await expect(dialog).not.toContainText('cannot be undone');
  await page.screenshot({ path: test.info().outputPath('delete-forever-with-backup.png') });
  await page.getByTestId('ask-ok').click();
  await expect(noteRow(page, /Minutes of the meeting/)).toHaveCount(0);

  const deletedDir = path.join(folder, '_deleted', 'note');
  await expect.poll(() => fileOf(deletedDir, id)).not.toBeNull();
  const name = fileOf(deletedDir, id)!;
  // Away from the Trash, so the note coming back would otherwise go unseen.
  await page.getByTestId('sidebar-all-notes').click();
  fs.renameSync(path.join(deletedDir, name), path.join(folder, 'data', 'note', name));

  const toast = page.getByTestId('notification').filter({ hasText: 'A note came back from the backup folder' });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('“Minutes of the meeting” is back, in the Trash: its file was moved from _deleted/ into data/ in the backup folder.');
  await page.screenshot({ path: test.info().outputPath('note-back-notification.png') });
  await toast.getByTestId('notification-open-note').click();
  await expect(toast).toBeHidden();
  await expect(titleField(page)).toHaveValue('Minutes of the meeting');
  await expect(noteRow(page, /Minutes of the meeting/)).toHaveAttribute('aria-selected', 'true');
});

test('the "…" prompt offers to create a folder that does not exist yet', async ({ page, webHost, tmpDir }) => {
  const folder = path.join(tmpDir, 'Backups', 'Quire');
  await page.goto(webHost.url);
  await openBackupPane(page);
  await page.getByTestId('backup-pick').click();
  await expect(page.getByTestId('path-prompt')).toBeVisible();
  await page.getByTestId('path-prompt-input').fill(folder);
  await page.getByTestId('path-prompt-ok').click();
  await expect(page.getByTestId('path-prompt-help')).toHaveText(`There is no folder at ${folder} yet. Create it?`);
  await expect(page.getByTestId('path-prompt-create')).toBeFocused();
  expect(fs.existsSync(folder)).toBe(false);
  await page.screenshot({ path: test.info().outputPath('path-prompt-create.png') });
  await page.getByTestId('path-prompt-create').click();
  await expect(page.getByTestId('path-prompt')).toBeHidden();
  expect(fs.statSync(folder).isDirectory()).toBe(true);
  await expect(field(page)).toHaveValue(folder);
  // Chosen in the picker: used at once, with nothing left to apply.
  await expect(status(page)).toHaveAttribute('data-state', 'up-to-date');
  await expect(apply(page)).toBeDisabled();
  await expect(question(page)).toBeHidden();
});
