// File > Export > All Notes… through the in-window menu bar: the path prompt
// (the browser host's folder picker), the progress in the status bar, the
// notification with the count and Open Folder, and the files on disk.
// Screenshots of the notification for docs/export.md come from here.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DOC_SCREENSHOTS, docScreenshot, expect, test } from './fixtures';

test.use({ seedSampleNotes: true });

/** Answers `platform.openPath` in the page's stead (the host would launch a file manager) and records the paths. */
async function interceptOpenPath(page: Page): Promise<string[]> {
  const opened: string[] = [];
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const request = JSON.parse(String(message)) as { type: string; id: number; name: string; args: { path: string } };
      if (request.type === 'request' && request.name === 'platform.openPath') {
        opened.push(request.args.path);
        ws.send(JSON.stringify({ type: 'response', id: request.id, envelope: { ok: true } }));
      } else server.send(message);
    });
    server.onMessage((message) => ws.send(message));
  });
  return opened;
}

function mdFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

/** Stops the page's clock (installed first) a moment from now: from then on its timers wait for the test. */
async function pauseClock(page: Page): Promise<void> {
  for (;;) {
    const now = await page.evaluate(() => Date.now());
    try {
      await page.clock.pauseAt(now + 1000);
      return;
    } catch (error) {
      // The page's clock ran past that moment before the call arrived (a busy machine): again, from its new now.
      if (!/to the past/.test(String(error))) throw error;
    }
  }
}

test('File > Export > All Notes… into a folder that does not exist yet offers to make it, then exports there', async ({ page, webHost, tmpDir }) => {
  const target = path.join(tmpDir, 'Exports', 'Quire');
  await page.goto(webHost.url);
  await expect(page.getByTestId('note-list').getByRole('option').first()).toContainText('Quire roadmap');
  await page.getByRole('menubar').getByRole('menuitem', { name: 'File' }).click();
  await page.locator('[data-menu-id="file.export"]').hover();
  await page.locator('[data-menu-id="file.export.allNotes"]').click();
  await page.getByTestId('path-prompt-input').fill(target);
  await page.getByTestId('path-prompt-ok').click();
  await expect(page.getByTestId('path-prompt-help')).toHaveText(`There is no folder at ${target} yet. Create it?`);
  expect(fs.existsSync(target)).toBe(false);
  await page.getByTestId('path-prompt-create').click();
  await expect(page.getByTestId('path-prompt')).toBeHidden();
  await expect(page.getByTestId('notification').filter({ hasText: 'Finished exporting all notes' })).toBeVisible();
  // An empty folder (as a new one is) takes the export itself.
  expect(mdFiles(target)).toContain('Notes/Recipes/Sourdough loaf.md');
});

test('File > Export > All Notes… writes every note and says so, with a button to open the folder', { tag: DOC_SCREENSHOTS }, async ({ page, webHost, tmpDir }) => {
  const target = path.join(tmpDir, 'Export here');
  fs.mkdirSync(target);
  // Something already there: the export must go into a new subfolder and leave it alone.
  fs.writeFileSync(path.join(target, 'keep.txt'), 'mine');
  const opened = await interceptOpenPath(page);
  // The page's clock is the test's: the toast (which goes by itself after 8 s) and the finished
  // progress bar (1.5 s) stay until the test is done with them, however slow the machine is.
  await page.clock.install();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(webHost.url);
  const list = page.getByTestId('note-list');
  await expect(list.getByRole('option').first()).toContainText('Quire roadmap');
  // The list's own count: it renders only the rows near its view.
  await expect(page.getByTestId('note-count')).toHaveText(/^\d+ notes?$/);
  const noteCount = Number((await page.getByTestId('note-count').textContent())!.replace(/\D/g, ''));

  await page.getByRole('menubar').getByRole('menuitem', { name: 'File' }).click();
  await page.locator('[data-menu-id="file.export"]').hover();
  await page.locator('[data-menu-id="file.export.allNotes"]').click();
  const prompt = page.getByTestId('path-prompt');
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText('Export all notes as Markdown into a folder');
  await page.getByTestId('path-prompt-input').fill(target);
  await pauseClock(page);
  await page.getByTestId('path-prompt-input').press('Enter');
  await expect(prompt).toBeHidden();

  const toast = page.getByTestId('notification').filter({ hasText: 'Finished exporting all notes' });
  await expect(toast).toBeVisible();
  await expect(page.getByTestId('progress-export')).toContainText('Exporting notes — done');
  const body = (await toast.locator('.toast-body').textContent())!;
  const match = /^(\d+) notes exported to (.+)\.$/.exec(body);
  expect(match, body).not.toBeNull();
  expect(Number(match![1])).toBe(noteCount);
  const folder = match![2]!;
  expect(path.dirname(folder)).toBe(target);
  expect(path.basename(folder)).toMatch(/^Quire Export \d{4}-\d\d-\d\d \d\d-\d\d-\d\d$/);

  await docScreenshot(page, 'export-notification-light.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(30, 31, 34)');
  await docScreenshot(page, 'export-notification-dark.png');

  await toast.getByRole('button', { name: 'Open Folder' }).click();
  await expect.poll(() => opened).toEqual([folder]);
  await page.clock.resume();

  // The files: one per note, in notebook folders, with front matter; what was there is untouched.
  expect(fs.readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('mine');
  const files = mdFiles(folder);
  expect(files).toHaveLength(noteCount);
  expect(files).toContain('Notes/Recipes/Sourdough loaf.md');
  expect(files).toContain('Notes/Projects/Quire/Quire roadmap.md');
  const sourdough = fs.readFileSync(path.join(folder, 'Notes/Recipes/Sourdough loaf.md'), 'utf8');
  expect(sourdough).toMatch(/^---\ntitle: Sourdough loaf\ntags: \[.*cooking.*\]\nnotebook: \[Notes, Recipes\]\nstatus: \w+\npinned: false\ncreated: \S+Z\nupdated: \S+Z\nid: note:\S+\n---\n/);
  expect(sourdough).toContain('500 g bread flour');
});
