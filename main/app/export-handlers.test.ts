import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { headlessPlatform } from '../testing/headless-platform';
import type { AppNotification, Progress } from '../../shared/types';
import { createExportHandlers } from './export-handlers';

test('export.allNotes: progress in the status bar, then a notification with the count and Open Folder', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-export-handler-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    const store = new DocumentStore(db);
    await store.putMany([
      { _id: 'book:b', name: 'Book', parentBookId: null, createdAt: 1, updatedAt: 1 },
      ...[1, 2, 3].map((i) => ({ _id: `note:${i}`, title: `N${i}`, body: '', bookId: 'book:b', createdAt: i, updatedAt: i })),
      { _id: 'note:4', title: '', body: '![x](quire://file:gone)', bookId: 'book:b', createdAt: 4, updatedAt: 4 },
    ]);
    const notified: AppNotification[] = [];
    const progress: Progress[] = [];
    const platform = headlessPlatform({ notify: (n) => notified.push(n) });
    const handlers = createExportHandlers({ store, platform, events: { emit: (name, payload) => name === 'app.progress' && progress.push(payload as Progress) } });

    const to = path.join(dir, 'out');
    const result = await handlers['export.allNotes']({ to });
    assert.equal(result.notes, 4);
    assert.equal(result.errors.length, 1);
    assert.deepEqual(progress.at(-1), { task: 'export', label: 'Exporting notes', done: 1, total: 1, finished: true });
    assert.ok(progress.some((p) => !p.finished && p.total === 4));
    assert.equal(notified.length, 1);
    const [n] = notified;
    assert.equal(n!.title, 'Finished exporting all notes');
    assert.equal(n!.kind, 'info');
    assert.equal(n!.body, `4 notes exported to ${to}. Not exported completely: “Untitled”: it links file:gone, which is not in the database; the link was kept.`);
    assert.deepEqual(n!.openPath, { label: 'Open Folder', path: to });

    // A folder that cannot be used: the request fails with the reason, the status bar is told it ended.
    fs.writeFileSync(path.join(dir, 'file'), '');
    await assert.rejects(async () => handlers['export.allNotes']({ to: path.join(dir, 'file') }), /is a file, not a folder/);
    assert.equal(progress.at(-1)!.finished, true);
    assert.equal(notified.length, 1);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
