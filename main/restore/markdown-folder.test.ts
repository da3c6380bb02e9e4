// Restore pointed at a folder of Markdown files (a Quire export, an Obsidian
// vault) is refused with a sentence that points to File › Import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { NotABackupError, restoreBackup, scanBackupFolder } from './index';
import { tempFolder } from './restore-testing';

test('a Markdown export is not a backup: the refusal points to File › Import › Markdown Folder…', async () => {
  await using t = tempFolder();
  fs.mkdirSync(t.path('export', 'My Notebook'), { recursive: true });
  fs.writeFileSync(t.path('export', 'My Notebook', 'Welcome to Quire.md'), '---\ntitle: Welcome to Quire\n---\n# Hi\n');
  fs.mkdirSync(t.path('vault'));
  fs.writeFileSync(t.path('vault', 'Plans.md'), '# Plans');
  const db = t.open();
  for (const folder of [t.path('export'), t.path('vault')]) {
    const refused = (e: Error) =>
      e instanceof NotABackupError &&
      e.message === `${folder} is not a backup folder: it holds Markdown files. To bring them in as notes, use File › Import › Markdown Folder… instead.`;
    await assert.rejects(scanBackupFolder(folder), refused);
    await assert.rejects(restoreBackup(db, folder), refused);
  }
  assert.equal((await db.info()).doc_count, 0);
});
