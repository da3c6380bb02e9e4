// Images into notes through the UI: pasted or dropped files become `file:`
// documents and `![name](quire://file:<id>)` links; the preview shows them
// (and `inkdrop://file:` links too) with the very bytes that went in. Files
// too large or not images get a clear message and leave nothing behind.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, root, test } from './fixtures';
import { editorContent, editorText, focusEnd, newNote, pasteText, statsAfterStop, transferFiles, waitUntilSaved } from './editor-helpers';

const LOGO = path.resolve(root, '../shared/corpora/images/logo.png');
const logo = fs.readFileSync(LOGO);
const logoBase64 = logo.toString('base64');
const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

/** The bytes behind each image the preview shows, fetched by the page itself. */
async function previewImages(page: Page): Promise<Array<{ src: string; sha256: string; length: number }>> {
  const images = await page.getByTestId('preview').locator('img').evaluateAll(async (imgs) => Promise.all(imgs.map(async (img) => {
    const src = (img as HTMLImageElement).src;
    const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
    return { src, bytes: Array.from(bytes) };
  })));
  return images.map(({ src, bytes }) => ({ src, sha256: sha256(Uint8Array.from(bytes)), length: bytes.length }));
}

test('a pasted image becomes a file and a link; the preview shows the same bytes', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await newNote(page, 'Logo');
  await page.keyboard.type('Our logo: ');
  await transferFiles(page, 'paste', [{ name: 'logo.png', type: 'image/png', base64: logoBase64 }]);
  await expect(editorContent(page)).toContainText(/Our logo: !\[logo\]\(quire:\/\/file:[0-9a-f]+\)/);
  await waitUntilSaved(page);

  await page.getByTestId('mode-split').click();
  const img = page.getByTestId('preview').locator('img');
  await expect(img).toHaveAttribute('alt', 'logo');
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  const [shown] = await previewImages(page);
  expect(shown!.src).toMatch(/\/attachments\/file%3A[0-9a-f]+\?token=/);
  expect(shown!.length).toBe(logo.length);
  expect(shown!.sha256).toBe(sha256(logo));

  const stats = await statsAfterStop(webHost);
  expect(stats.files).toBe(1);
});

test('a dropped image lands where it was dropped; inkdrop:// links show too', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await newNote(page, 'Dropped');
  await page.keyboard.type('first line');
  await transferFiles(page, 'drop', [{ name: 'dropped logo.png', type: 'image/png', base64: logoBase64 }]);
  await expect(editorContent(page)).toContainText(/!\[dropped logo\]\(quire:\/\/file:[0-9a-f]+\)/);
  const text = await editorText(page);
  const id = /quire:\/\/(file:[0-9a-f]+)/.exec(text)![1]!;

  // The same file, linked the way restored Inkdrop notes link it.
  await focusEnd(page);
  await pasteText(page, `\n\n![from inkdrop](inkdrop://${id})`);
  await waitUntilSaved(page);
  await page.getByTestId('mode-preview').click();
  const shown = await previewImages(page);
  expect(shown).toHaveLength(2);
  for (const image of shown) expect(image.sha256).toBe(sha256(logo));
  await expect(page.getByTestId('preview').locator('img[alt="from inkdrop"]')).toBeVisible();
});

test('an image over 10 MiB or a file that is not an image is refused with a clear message', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await newNote(page, 'Refusals');
  await page.keyboard.type('Nothing else here.');
  await waitUntilSaved(page);

  await transferFiles(page, 'paste', [{ name: 'huge.png', type: 'image/png', size: 11 * 1024 * 1024 }]);
  const alert = page.getByTestId('editor-alert');
  await expect(alert).toHaveText('“huge.png” is 11.0 MiB; images can be at most 10 MiB.');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toBeHidden();

  await transferFiles(page, 'drop', [{ name: 'notes.txt', type: 'text/plain', base64: Buffer.from('just text').toString('base64') }]);
  await expect(alert).toHaveText('“notes.txt” is not a supported image. Quire accepts PNG, JPEG, GIF, WebP and SVG.');

  // A PNG name does not make a PNG: the bytes decide.
  await transferFiles(page, 'paste', [{ name: 'fake.png', type: 'image/png', base64: Buffer.from('%PDF-1.7').toString('base64') }]);
  await expect(alert).toHaveText('“fake.png” is not a supported image. Quire accepts PNG, JPEG, GIF, WebP and SVG.');

  expect(await editorText(page)).toBe('Nothing else here.');
  await expect(page.getByTestId('save-state')).toHaveText('Saved');
  const stats = await statsAfterStop(webHost);
  expect(stats.files).toBe(0);
});
