// Preferences › Sync in two browser hosts (two computers) syncing through a
// real CouchDB-protocol server (pouchdb-server, main/testing/couch-server.ts):
// a wrong password is refused in words beside its field; once both are
// connected, a note written in one appears in the other's list without a
// reload; the status bar says how sync is going, and a server that goes
// away shows as offline and catches up by itself when it is back.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { DOC_SCREENSHOTS, docScreenshot, expect, startWebHost, test } from './fixtures';
import { editorContent, mod, newNote, noteRow, waitUntilSaved } from './editor-helpers';
import { startCouchServer, type CouchServer } from '../../main/testing/couch-server';
import { openDatabase } from '../../main/db/open-database';

let server: CouchServer;
test.beforeAll(async () => {
  server = await startCouchServer();
});
test.afterAll(async () => {
  await server?.stop();
});

async function openSyncPane(page: Page): Promise<void> {
  await expect(page.getByTestId('note-list').getByRole('option').first()).toBeVisible();
  await page.keyboard.press(`${mod}+Comma`);
  await expect(page.getByTestId('preferences')).toBeVisible();
  await page.getByRole('tab', { name: 'Sync' }).click();
  await expect(page.getByTestId('sync-pane')).toBeVisible();
}

async function connect(page: Page, database: string, password: string): Promise<void> {
  await page.getByTestId('sync-url').fill(server.url);
  await page.getByTestId('sync-user').fill(server.admin.user);
  await page.getByTestId('sync-password').fill(password);
  await page.getByTestId('sync-database').fill(database);
  await page.getByTestId('sync-connect').click();
}

test('connect in Preferences › Sync, write a note in one window, and it appears in the other', { tag: DOC_SCREENSHOTS }, async ({ page, webHost, browser, tmpDir }) => {
  // Two hosts, a server killed and started again: longer than one window's test on a busy machine.
  test.setTimeout(240_000);
  const database = server.freshDatabase();
  const other = await startWebHost(path.join(tmpDir, 'other-computer'));
  const context = await browser.newContext();
  const page2 = await context.newPage();
  try {
    await page.goto(webHost.url);
    await page2.goto(other.url);

    // A wrong password: said beside the field, nothing saved, not syncing.
    await openSyncPane(page);
    // The browser host has no keychain, and says what that means for the password.
    await expect(page.getByTestId('sync-keychain-note')).toContainText('asked for again at the next start');
    await connect(page, database, 'not the password');
    await expect(page.getByTestId('sync-message')).toHaveText('The server answered 401: user name or password not accepted.');
    await expect(page.getByTestId('sync-password')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'off');
    await expect(page.getByTestId('sync-indicator')).toHaveCount(0);

    await connect(page, database, server.admin.password);
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'up-to-date');
    await expect(page.getByTestId('sync-status-headline')).toHaveText('Up to date');
    await expect(page.getByTestId('sync-password')).toHaveValue('');
    await docScreenshot(page, 'sync-prefs-light.png', { hideToasts: true });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('sync-indicator')).toHaveText('Synced');

    await openSyncPane(page2);
    await connect(page2, database, server.admin.password);
    await expect(page2.getByTestId('sync-status')).toHaveAttribute('data-state', 'up-to-date');
    await page2.keyboard.press('Escape');
    // Joining a server that holds notes: this install's untouched welcome notebook and note give way, no second "My Notebook".
    await expect(page2.getByTestId('note-list').getByRole('option', { name: /Welcome to Quire/ })).toHaveCount(1);
    await expect(page2.getByTestId('sidebar').getByText('My Notebook', { exact: true })).toHaveCount(1);
    await expect(page.getByTestId('note-list').getByRole('option', { name: /Welcome to Quire/ })).toHaveCount(1);

    // Written in the first window, shown in the second without a reload.
    await newNote(page, 'Written on the laptop');
    await editorContent(page).click();
    await page.keyboard.type('Seen on the desktop within seconds.');
    await waitUntilSaved(page);
    await expect(noteRow(page2, /Written on the laptop/)).toBeVisible();
    await noteRow(page2, /Written on the laptop/).click();
    await expect(editorContent(page2)).toContainText('Seen on the desktop within seconds.');
    await page2.screenshot({ path: test.info().outputPath('synced-note.png') });

    // The server goes away: offline, in words, and catching up by itself once it is back.
    if (!server.external) {
      await server.kill();
      await expect(page.getByTestId('sync-indicator')).toHaveText('Sync offline', { timeout: 30_000 });
      await newNote(page, 'Written while offline');
      await waitUntilSaved(page);
      await server.restart();
      await expect(page.getByTestId('sync-indicator')).toHaveText('Synced', { timeout: 90_000 });
      await expect(noteRow(page2, /Written while offline/)).toBeVisible({ timeout: 90_000 });
    }
  } finally {
    await context.close();
    await other.stop();
  }
});

test('a notebook renamed on two computers before they synced is listed with both names, and Keep This settles it everywhere', { tag: DOC_SCREENSHOTS }, async ({ page, tmpDir }) => {
  // The database as two computers' edits left it: one notebook, two versions of its name.
  const userDataDir = path.join(tmpDir, 'user-data');
  const db = openDatabase(path.join(userDataDir, 'db', 'notes'));
  const base = { _id: 'book:trips', name: 'Trips', parentBookId: null, createdAt: 1, updatedAt: 1 };
  const first = await db.put(base);
  const [, hash] = first.rev.split('-');
  await db.bulkDocs([
    { ...base, name: 'Travel', updatedAt: 2, _rev: `2-${'a'.repeat(32)}`, _revisions: { start: 2, ids: ['a'.repeat(32), hash!] } },
    { ...base, name: 'Journeys', updatedAt: 3, _rev: `2-${'b'.repeat(32)}`, _revisions: { start: 2, ids: ['b'.repeat(32), hash!] } },
  ] as never[], { new_edits: false });
  await db.put({ _id: 'note:paris', title: 'Paris', body: 'Louvre', bookId: 'book:trips', tags: [], createdAt: 1, updatedAt: 1 });
  await db.close();
  const host = await startWebHost(userDataDir);
  try {
    await page.goto(host.url);
    await openSyncPane(page);
    await connect(page, server.freshDatabase(), server.admin.password);
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'up-to-date');
    const conflict = page.getByTestId('sync-conflict');
    await expect(conflict).toHaveCount(1);
    // CouchDB's rule shows the higher revision (b…): Journeys, with Travel kept beside it.
    await expect(conflict).toContainText('Notebook');
    await expect(conflict.locator('li').first()).toContainText('Journeys');
    await expect(conflict.locator('li').first()).toContainText('a top-level notebook · shown now');
    await expect(conflict.locator('li').nth(1)).toContainText('Travel');
    await docScreenshot(page, 'sync-conflicts-light.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await docScreenshot(page, 'sync-conflicts-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });
    await conflict.locator('li').nth(1).getByTestId('sync-conflict-keep').click();
    await expect(page.getByTestId('sync-conflicts')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('sidebar').getByText('Travel', { exact: true })).toBeVisible();
    await expect(page.getByTestId('sidebar').getByText('Journeys', { exact: true })).toHaveCount(0);
  } finally {
    await host.stop();
  }
});

test('without a keychain the password is asked for again after a restart, and syncing resumes once it is given', async ({ page, tmpDir }) => {
  const userDataDir = path.join(tmpDir, 'user-data');
  const database = server.freshDatabase();
  let host = await startWebHost(userDataDir);
  try {
    await page.goto(host.url);
    await openSyncPane(page);
    await connect(page, database, server.admin.password);
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'up-to-date');
    await host.stop();

    host = await startWebHost(userDataDir);
    await page.goto(host.url);
    await expect(page.getByTestId('sync-indicator')).toHaveText('Sync: password needed');
    await page.getByTestId('sync-indicator').click();
    await expect(page.getByTestId('sync-status-headline')).toHaveText('Password needed');
    // The server, user and database are kept; only the password is asked for.
    await expect(page.getByTestId('sync-url')).toHaveValue(server.url);
    await expect(page.getByTestId('sync-user')).toHaveValue(server.admin.user);
    await expect(page.getByTestId('sync-database')).toHaveValue(database);
    await expect(page.getByTestId('sync-password')).toHaveValue('');
    await page.getByTestId('sync-password').fill(server.admin.password);
    await page.getByTestId('sync-connect').click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'up-to-date');
  } finally {
    await host.stop();
  }
});
