// The preview through the UI: GitHub-flavoured Markdown (the welcome note
// has a table, a task list, highlighted code and a footnote), task boxes
// that edit the note and its counts, links that never navigate the page,
// and a note full of attacks that runs nothing.
import type { Locator, Page } from '@playwright/test';
import { DOC_SCREENSHOTS, docScreenshot, expect, test } from './fixtures';
import { editorContent, newNote, noteRow, pasteText, titleField, waitUntilSaved } from './editor-helpers';

async function newNoteWithBody(page: Page, title: string, body: string) {
  await newNote(page, title);
  await pasteText(page, body);
  await waitUntilSaved(page);
}

test('the welcome note renders a table, tasks, highlighted code and a footnote', { tag: DOC_SCREENSHOTS }, async ({ page, webHost }) => {
  await page.setViewportSize({ width: 1360, height: 860 });
  await page.goto(webHost.url);
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  await page.getByTestId('mode-split').click();
  const preview = page.getByTestId('preview');

  await expect(preview.locator('table th')).toHaveText(['You type', 'You get']);
  await expect(preview.locator('table tbody tr')).toHaveCount(4);
  await expect(preview.locator('input.task-checkbox')).toHaveCount(3);
  await expect(preview.locator('li.task-list-item').first()).toContainText('Write your first note');
  await expect(preview.locator('pre code.hljs .hljs-keyword')).toHaveText('const');
  await expect(preview.locator('pre code.hljs .hljs-string')).toHaveText("'Hello, Quire'");
  await expect(preview.locator('sup.footnote-ref a')).toHaveAttribute('href', '#fn1');
  await expect(preview.locator('section.footnotes li#fn1')).toContainText('Up to 10 MiB an image');
  await expect(preview.locator('h2')).toHaveText(['Get started', 'Markdown you can use']);

  await page.emulateMedia({ colorScheme: 'light' });
  await docScreenshot(page, 'preview-side-by-side.png');
  await page.emulateMedia({ colorScheme: 'dark' });
  await docScreenshot(page, 'preview-side-by-side-dark.png');
});

test('ticking a task box edits the note and its task counts in the list', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  const row = noteRow(page, /Welcome to Quire/);
  await expect(row).toContainText('0/3');
  await page.getByTestId('mode-split').click();
  const boxes = page.getByTestId('preview').locator('input.task-checkbox');

  await boxes.nth(1).check();
  await expect(editorContent(page)).toContainText('- [x] Choose a backup folder');
  await waitUntilSaved(page);
  await expect(row).toContainText('1/3');
  await boxes.nth(0).check();
  await expect(row).toContainText('2/3');
  await boxes.nth(1).uncheck();
  await expect(row).toContainText('1/3');

  await page.reload();
  await page.getByTestId('mode-preview').click();
  await expect(page.getByTestId('preview').locator('input.task-checkbox:checked')).toHaveCount(1);
  await expect(editorContent(page)).toContainText('- [x] Write your first note');
});

test('links open outside the app or open the note they point at', async ({ page, webHost }) => {
  const opened: string[] = [];
  // The host would hand web links to the OS; here the request is answered without it, and recorded.
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const request = JSON.parse(String(message)) as { id: number; name: string; args: { url?: string } };
      if (request.name !== 'platform.openExternal') return server.send(message);
      opened.push(request.args.url!);
      ws.send(JSON.stringify({ type: 'response', id: request.id, envelope: { ok: true, value: null } }));
    });
  });
  await page.goto(webHost.url);
  const welcomeUrl = page.url();
  const welcomeId = await noteRow(page, /Welcome to Quire/).getAttribute('data-note-id');
  await newNoteWithBody(page, 'Links', [
    'See [the site](https://example.com/docs) or <mailto:ada@example.com>.',
    `Back to [the welcome note](quire://${welcomeId}) and [the same from Inkdrop](inkdrop://${welcomeId}).`,
    'A [relative link](other.md) goes nowhere.',
  ].join('\n\n'));
  await page.getByTestId('mode-preview').click();
  const preview = page.getByTestId('preview');

  await preview.getByRole('link', { name: 'the site' }).click();
  await preview.getByRole('link', { name: 'ada@example.com' }).click();
  await expect.poll(() => opened).toEqual(['https://example.com/docs', 'mailto:ada@example.com']);
  await preview.getByRole('link', { name: 'relative link' }).click();
  // Handled before the next click is (which opens something, so it is seen): nothing was opened or navigated for it.
  await preview.getByRole('link', { name: 'the site' }).click();
  await expect.poll(() => opened).toEqual(['https://example.com/docs', 'mailto:ada@example.com', 'https://example.com/docs']);
  expect(page.url()).toBe(welcomeUrl);

  await preview.getByRole('link', { name: 'the same from Inkdrop' }).click();
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  await noteRow(page, /Links/).click();
  await preview.getByRole('link', { name: 'the welcome note' }).click();
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  expect(page.url()).toBe(welcomeUrl);
});

const ATTACKS = [
  '# Attacks',
  '<script>window.__pwned = "script"</script>',
  '<img src="x" onerror="window.__pwned = \'img\'" id="bad-img">',
  '<iframe src="javascript:parent.__pwned = \'iframe\'"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
  '<a href="javascript:window.__pwned = \'link\'" id="js-link">html link</a>',
  '[markdown link](javascript:window.__pwned=1)',
  '<a href="data:text/html,<script>alert(1)</script>" id="data-link">data link</a>',
  '<svg onload="window.__pwned = \'svg\'"><circle r="5"></circle></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=\'math\'"></style></mglyph></table></mtext></math>',
  '<details open ontoggle="window.__pwned = \'details\'"><summary>open me</summary>text</details>',
  '<form action="javascript:alert(1)"><input name="q"><button formaction="javascript:alert(2)">go</button></form>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<style>body { display: none }</style>',
  '<p style="position:fixed;inset:0" onclick="window.__pwned = \'click\'">Click me</p>',
  '<meta http-equiv="refresh" content="0;url=https://example.com">',
  'Still here.',
].join('\n\n');

test('a note full of attacks renders as inert text and markup', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await newNoteWithBody(page, 'Attacks', ATTACKS);
  await page.getByTestId('mode-preview').click();
  const preview = page.getByTestId('preview');
  await expect(preview).toContainText('Still here.');
  await expect(preview.getByRole('heading', { name: 'Attacks' })).toBeVisible();

  const report = await preview.evaluate((el) => ({
    forbidden: [...el.querySelectorAll('script, iframe, object, embed, svg, math, form, button, style, meta, link, base')]
      .map((n) => n.tagName.toLowerCase()),
    handlers: [...el.querySelectorAll('*')].flatMap((n) => [...n.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${n.tagName}@${a.name}`)),
    styles: el.querySelectorAll('[style]').length,
    hrefs: [...el.querySelectorAll('a')].map((a) => a.getAttribute('href')),
    inputs: el.querySelectorAll('input').length,
  }));
  expect(report.forbidden).toEqual([]);
  expect(report.handlers).toEqual([]);
  expect(report.styles).toBe(0);
  expect(report.inputs).toBe(0);
  for (const href of report.hrefs) expect(href ?? '').not.toMatch(/^\s*(javascript|data|vbscript):/i);

  // Clicking what is left does nothing either; no payload ever ran. Each event is waited for until a
  // listener added after any handler the element kept has run: the page has handled it.
  const mark = (target: Locator, type: string) =>
    target.evaluate((el, t) => el.addEventListener(t, () => el.setAttribute(`data-seen-${t}`, ''), { once: true }), type);
  const details = preview.locator('details');
  await mark(preview.getByText('html link'), 'click');
  await mark(preview.getByText('Click me'), 'click');
  await mark(details, 'toggle');
  await preview.getByText('html link').click();
  await preview.getByText('Click me').click();
  const wasOpen = await details.evaluate((el) => (el as HTMLDetailsElement).open);
  await preview.getByText('open me').click();
  await expect(preview.getByText('html link')).toHaveAttribute('data-seen-click');
  await expect(preview.getByText('Click me')).toHaveAttribute('data-seen-click');
  await expect(details).toHaveAttribute('data-seen-toggle');
  expect(await details.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(!wasOpen);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null)).toBeNull();
  await expect(titleField(page)).toHaveValue('Attacks');
});
