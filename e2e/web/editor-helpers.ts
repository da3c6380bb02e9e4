// Shared steps for the editor, preview and attachment specs: reaching the
// CodeMirror editor (it lives in a shadow root, which Playwright's locators
// pierce), pasting and dropping as a user's system would, and reading the
// database with the CLI once the host has stopped.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, root, type WebHost } from './fixtures';

export const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

export const editorContent = (page: Page): Locator => page.locator('.cm-content');
export const saveState = (page: Page): Locator => page.getByTestId('save-state');
export const titleField = (page: Page): Locator => page.getByTestId('note-title');
export const noteRow = (page: Page, title: string | RegExp): Locator =>
  page.getByTestId('note-list').getByRole('option', { name: title });

/** Ctrl/Cmd+N once the window is ready (the shortcuts start with the app's info), then the title. */
export async function newNote(page: Page, title: string): Promise<void> {
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await page.keyboard.press(`${mod}+N`);
  await expect(titleField(page)).toBeFocused();
  await page.keyboard.type(title);
  await page.keyboard.press('Enter');
}

export async function openNote(page: Page, title: string | RegExp): Promise<void> {
  await noteRow(page, title).click();
  await expect(titleField(page)).toHaveValue(title);
}

/** How many notes' texts the page keeps (renderer/components/editor/kept-text.ts). */
export const keptCount = (page: Page): Promise<number> => page.evaluate(() => new Promise<number>((resolve, reject) => {
  const open = indexedDB.open('quire-kept-text', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('notes', { keyPath: 'id' });
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const count = open.result.transaction('notes').objectStore('notes').count();
    count.onsuccess = () => {
      open.result.close();
      resolve(count.result);
    };
  };
}));

/** The open note's text as shown (CodeMirror draws the lines in view: enough for the short notes here). */
export async function editorText(page: Page): Promise<string> {
  return editorContent(page).evaluate((el) => (el as HTMLElement).innerText.replace(/\u00a0/g, ' '));
}

/** The open note's whole text, from CodeMirror's state (innerText has only the lines drawn). */
export async function editorDoc(page: Page): Promise<string> {
  return editorContent(page).evaluate((el) => {
    // The view CodeMirror hangs on its content element (as the editor bench reaches it).
    const view = (el as unknown as { cmTile: { root: { view: { state: { doc: { toString(): string } } } } } }).cmTile.root.view;
    return view.state.doc.toString();
  });
}

export async function waitUntilSaved(page: Page): Promise<void> {
  await expect(saveState(page)).toHaveText('Saved');
  await expect(saveState(page)).toHaveAttribute('data-state', 'saved');
}

/** Moves the cursor to the end of the note's text. */
export async function focusEnd(page: Page): Promise<void> {
  await editorContent(page).click();
  await page.keyboard.press(`${mod}+End`);
}

/** A paste of plain text, as the system clipboard delivers it. */
export async function pasteText(page: Page, text: string): Promise<void> {
  await editorContent(page).evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

export interface FileSpec {
  name: string;
  type: string;
  /** The file's bytes as base64, or a size for a file of zeros made in the page. */
  base64?: string;
  size?: number;
}

/** Pastes (or drops, at the middle of the editor) files, as the system would hand them over. */
export async function transferFiles(page: Page, how: 'paste' | 'drop', files: FileSpec[]): Promise<void> {
  await editorContent(page).evaluate((el, { how, files }) => {
    const data = new DataTransfer();
    for (const spec of files) {
      const bytes = spec.base64 !== undefined
        ? Uint8Array.from(atob(spec.base64), (c) => c.charCodeAt(0))
        : new Uint8Array(spec.size ?? 0);
      data.items.add(new File([bytes], spec.name, { type: spec.type }));
    }
    if (how === 'paste') {
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      return;
    }
    const box = el.getBoundingClientRect();
    const at = { clientX: box.left + 20, clientY: box.top + 10, bubbles: true, cancelable: true, dataTransfer: data };
    el.dispatchEvent(new DragEvent('dragenter', at));
    el.dispatchEvent(new DragEvent('dragover', at));
    el.dispatchEvent(new DragEvent('drop', at));
  }, { how, files });
}

/** Document counts, read with the CLI after the host has stopped (the database is the host's while it runs). */
export async function statsAfterStop(webHost: WebHost): Promise<Record<string, number>> {
  await webHost.stop();
  const result = spawnSync(process.execPath, [
    path.join(root, 'bin', 'quire.mjs'), 'stats', '--db', path.join(webHost.userDataDir, 'db', 'notes'), '--json',
  ], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`quire stats failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, number>;
}
