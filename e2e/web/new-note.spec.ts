// New Note (Ctrl/Cmd+N, File › New Note, a notebook's New Note) when the host
// is slow to make the note or refuses: what is typed meanwhile goes into the
// new note and nowhere else (editor-session.ts, beginDraft), the list's
// other notes are left alone, and a draft that could not be made is kept.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  editorContent, editorDoc, editorText, focusEnd, keptCount, mod, noteRow, openNote, saveState, titleField, transferFiles, waitUntilSaved,
} from './editor-helpers';

const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * Holds the window's requests of these names on their way to the host; each name's function lets them go and
 * resolves once the host's answer has been handed to the page. `sent(name)` resolves once the page has asked.
 */
async function holdRequests<N extends string>(page: Page, ...names: N[]): Promise<Record<N, () => Promise<void>> & { sent(name: N): Promise<void> }> {
  const gates = new Map<string, Promise<void>>();
  const opens = new Map<string, () => void>();
  const answered = new Map<string, () => void>();
  const answers = new Map<string, Promise<void>>();
  const asked = new Map<string, () => void>();
  const asks = new Map<string, Promise<void>>();
  const held = new Map<number, string>();
  for (const name of names) {
    gates.set(name, new Promise<void>((resolve) => opens.set(name, resolve)));
    answers.set(name, new Promise<void>((resolve) => answered.set(name, resolve)));
    asks.set(name, new Promise<void>((resolve) => asked.set(name, resolve)));
  }
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const request = JSON.parse(String(message)) as { id?: number; name?: string };
      const gate = request.name === undefined ? undefined : gates.get(request.name);
      if (!gate) return server.send(message);
      asked.get(request.name!)!();
      if (request.id !== undefined) held.set(request.id, request.name!);
      void gate.then(() => server.send(message));
    });
    server.onMessage((message) => {
      ws.send(message);
      const answer = JSON.parse(String(message)) as { type?: string; id?: number };
      const name = answer.type === 'response' && answer.id !== undefined ? held.get(answer.id) : undefined;
      if (name) answered.get(name)!();
    });
  });
  const releases = {} as Record<N, () => Promise<void>>;
  for (const name of names) {
    releases[name] = () => {
      opens.get(name)!();
      return answers.get(name)!;
    };
  }
  return Object.assign(releases, { sent: (name: N) => asks.get(name)! });
}

/** Holds the host's answers to notes.create until the returned function is called. */
async function holdCreates(page: Page): Promise<() => Promise<void>> {
  return (await holdRequests(page, 'notes.create'))['notes.create'];
}

test('what is typed right after Ctrl+N goes into the new note, however long the host takes to make it', async ({ page, webHost }) => {
  // The host's answer to notes.create is held until the typing is done: at 200,000 notes a busy host
  // took a few hundred milliseconds, and a title typed meanwhile renamed the note that was open before.
  const release = await holdCreates(page);
  await page.goto(webHost.url);
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  const welcomeBody = await editorDoc(page);
  await focusEnd(page);

  await page.keyboard.press(`${mod}+N`);
  await expect(titleField(page)).toBeFocused();
  await expect(titleField(page)).toHaveValue('');
  await page.keyboard.type('Typed at once');
  await page.keyboard.press('Enter');
  await expect(editorContent(page)).toBeFocused();
  await page.keyboard.type('before the note existed ');
  // The note's menu commands (here Move to Trash) have nothing to act on: the note still chosen in the list is not the one shown.
  await page.keyboard.press(`${mod}+Shift+Backspace`);
  // An image, stored while the note is still being made: its link goes into the draft, where it was put.
  await transferFiles(page, 'paste', [{ name: 'dot.png', type: 'image/png', base64: ONE_PIXEL_PNG }]);
  await expect(editorContent(page)).toContainText(/existed !\[dot\]\(quire:\/\/file:[0-9a-f]+\)/);
  // Not saved anywhere yet: there is no note to save it in.
  await expect(noteRow(page, /Welcome to Quire/)).toBeVisible();
  await expect(noteRow(page, /Typed at once/)).toHaveCount(0);
  release();

  await expect(noteRow(page, /Typed at once/)).toContainText('before the note existed');
  await page.keyboard.type(', and after');
  await waitUntilSaved(page);
  await page.reload();
  await openNote(page, 'Typed at once');
  expect(await editorText(page)).toMatch(/^before the note existed !\[dot\]\(quire:\/\/file:[0-9a-f]+\), and after$/);
  await openNote(page, 'Welcome to Quire');
  expect(await editorDoc(page)).toBe(welcomeBody);
  await expect(page.getByTestId('note-list').getByRole('option')).toHaveCount(2);
});

test('a new note the host could not make keeps what was typed on screen, and New Note again makes it', async ({ page, webHost }) => {
  let refusals = 1;
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const request = JSON.parse(String(message)) as { id: number; name?: string };
      if (request.name !== 'notes.create' || refusals-- <= 0) return server.send(message);
      const error = { name: 'Error', message: 'The disk is full.' };
      ws.send(JSON.stringify({ type: 'response', id: request.id, envelope: { ok: false, error } }));
    });
  });
  await page.goto(webHost.url);
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  await page.keyboard.press(`${mod}+N`);
  await expect(saveState(page)).toHaveText(/Not saved: The disk is full/);
  await expect(titleField(page)).toBeFocused();
  await page.keyboard.type('Kept draft');
  await page.keyboard.press('Enter');
  await page.keyboard.type('typed after the refusal');
  await expect(page.getByTestId('notebook-picker')).toBeDisabled();

  await page.keyboard.press(`${mod}+N`);
  await expect(noteRow(page, /Kept draft/)).toContainText('typed after the refusal');
  await waitUntilSaved(page);
  await expect(titleField(page)).toHaveValue('Kept draft');
  await expect(page.getByTestId('notebook-picker')).toBeEnabled();
  await page.reload();
  await openNote(page, 'Kept draft');
  expect(await editorText(page)).toBe('typed after the refusal');
  await expect(page.getByTestId('note-list').getByRole('option')).toHaveCount(2);
});


test('choosing another note while the new one is being made: the user stays there, and the new note keeps its text', async ({ page, webHost }) => {
  const release = await holdCreates(page);
  await page.goto(webHost.url);
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  await page.keyboard.press(`${mod}+N`);
  await expect(titleField(page)).toBeFocused();
  await page.keyboard.type('Made meanwhile');
  await page.keyboard.press('Enter');
  await page.keyboard.type('typed into the draft');
  // The row still chosen from before: clicking it shows that note again.
  await noteRow(page, /Welcome to Quire/).click();
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  await focusEnd(page);
  await page.keyboard.type(' One more line.');
  release();

  await expect(noteRow(page, /Made meanwhile/)).toContainText('typed into the draft');
  await page.keyboard.type(' And another.');
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  await waitUntilSaved(page);
  expect(await editorDoc(page)).toMatch(/Up to 10 MiB an image: PNG, JPEG, GIF, WebP or SVG\.\n? One more line\. And another\.$/);
  expect(await editorDoc(page)).not.toContain('typed into the draft');
  await openNote(page, 'Made meanwhile');
  expect(await editorText(page)).toBe('typed into the draft');
});

test('a new note the host has not made when the page is reloaded is kept and offered back', async ({ page, webHost }) => {
  let refuse = true;
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const request = JSON.parse(String(message)) as { id: number; name?: string };
      if (request.name !== 'notes.create' || !refuse) return server.send(message);
      ws.send(JSON.stringify({ type: 'response', id: request.id, envelope: { ok: false, error: { name: 'Error', message: 'The disk is full.' } } }));
    });
  });
  await page.goto(webHost.url);
  await expect(titleField(page)).toHaveValue('Welcome to Quire');
  await page.keyboard.press(`${mod}+N`);
  await expect(saveState(page)).toHaveText(/Not saved: The disk is full/);
  await page.keyboard.type('Written on a full disk');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Every word of it.');
  await expect.poll(() => keptCount(page)).toBe(1);
  refuse = false;
  const prompts: string[] = [];
  page.on('dialog', (dialog) => {
    prompts.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(prompts).toEqual(['beforeunload']);
  const ask = page.getByTestId('ask-dialog');
  await expect(ask).toContainText('a new note (“Written on a full disk”) had text that was not saved');
  await ask.getByTestId('ask-ok').click();
  await expect(titleField(page)).toHaveValue('Written on a full disk');
  expect(await editorText(page)).toBe('Every word of it.');
  await expect.poll(() => keptCount(page)).toBe(0);
  await page.reload();
  await expect(noteRow(page, /Written on a full disk/)).toBeVisible();
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('note-list').getByRole('option')).toHaveCount(2);
});

test('the preview and the notebook picker show the new note being made, not the one open before', async ({ page, webHost }) => {
  const release = await holdCreates(page);
  await page.goto(webHost.url);
  await page.getByTestId('mode-split').click();
  await expect(page.getByTestId('preview')).toContainText('Get started');
  await page.getByTestId('sidebar').getByText('My Notebook', { exact: true }).click();
  await page.keyboard.press(`${mod}+N`);
  // Made in the notebook the sidebar shows: the draft's (disabled) picker says so.
  await expect(page.getByTestId('notebook-picker')).toBeDisabled();
  await expect(page.getByTestId('notebook-picker').locator('option:checked')).toHaveText(/My Notebook/);
  await page.keyboard.press('Enter');
  await page.keyboard.type('# Fresh heading');
  await expect(page.getByTestId('preview').getByRole('heading', { name: 'Fresh heading' })).toBeVisible();
  await expect(page.getByTestId('preview')).not.toContainText('Get started');
  release();
  await expect(noteRow(page, /Untitled/)).toContainText('Fresh heading');
});

test('New Note pressed before the list has all its notes: the list choosing its first note later does not take the draft away', async ({ page, webHost }) => {
  // The list's pages and the create are both held: the window shows its first rows, then the list is complete
  // while the draft is on screen (the list then opens its first note: it once opened it in place of the draft).
  const release = await holdRequests(page, 'notes.summaries', 'notes.create');
  await page.goto(webHost.url);
  await expect(noteRow(page, /Welcome to Quire/)).toBeVisible();
  await page.keyboard.press(`${mod}+N`);
  await expect(titleField(page)).toBeFocused();
  await expect(titleField(page)).toHaveValue('');
  await page.keyboard.type('Early');
  release['notes.summaries']();
  await expect(page.getByTestId('note-count')).toHaveText('1 note');
  await page.keyboard.type(' bird');
  await expect(titleField(page)).toHaveValue('Early bird');
  release['notes.create']();
  await expect(noteRow(page, /Early bird/)).toBeVisible();
  await waitUntilSaved(page);
  await page.reload();
  await expect(noteRow(page, /Welcome to Quire/)).toBeVisible();
  await expect(noteRow(page, /Early bird/)).toBeVisible();
  await expect(page.getByTestId('note-list').getByRole('option')).toHaveCount(2);
});

test('New Note pressed while the first note is still being read: that note does not replace the draft when it arrives', async ({ page, webHost }) => {
  const release = await holdRequests(page, 'notes.get', 'notes.create');
  await page.goto(webHost.url);
  await expect(noteRow(page, /Welcome to Quire/)).toBeVisible();
  // The editor has asked for the list's first note (held): New Note comes while it is being read.
  await release.sent('notes.get');
  await page.keyboard.press(`${mod}+N`);
  await expect(titleField(page)).toBeFocused();
  await page.keyboard.type('Quick');
  // The first note's answer reaches the page; one more turn of the page's own work, and it has acted on it.
  await release['notes.get']();
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  await page.keyboard.type(' one');
  await expect(titleField(page)).toHaveValue('Quick one');
  release['notes.create']();
  await expect(noteRow(page, /Quick one/)).toBeVisible();
  await waitUntilSaved(page);
  await openNote(page, 'Welcome to Quire');
  await expect(noteRow(page, /Quick one/)).toBeVisible();
});
