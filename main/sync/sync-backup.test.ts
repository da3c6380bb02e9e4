// Sync and the backup together: each computer keeps backing up as before,
// and two computers syncing through a server may back up into the same
// folder. What arrives from the server is written to the folder like an
// edit; with both mirroring one folder, it ends holding every document once
// at its winning revision, the deletions in _deleted/, and each computer's
// own checkpoint in state/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotesService } from '../notes/notes-service';
import { BooksService } from '../notes/books-service';
import { assertFolderMatches, startLiveRunner } from '../backup/backup-testing';
import { startCouchServer, type CouchServer } from '../testing/couch-server';
import { until } from '../testing/until';
import { computer, converged, filesUnder } from './sync-testing';

let server: CouchServer;
before(async () => {
  server = await startCouchServer();
});
after(async () => {
  await server.stop();
});

test('two computers syncing and backing up into one folder: the folder holds what both databases hold, each with its own checkpoint', async () => {
  const [a, b] = [await computer(), await computer()];
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-sync-backup-'));
  const backups = [startLiveRunner(a.db, folder, 'computera'), startLiveRunner(b.db, folder, 'computerb')];
  try {
    const database = server.freshDatabase();
    const book = await new BooksService(a.store).create('Shared', null);
    const notes = new NotesService(a.store);
    const kept = await notes.create({ bookId: book._id, title: 'Kept', body: 'on both computers' });
    const doomed = await notes.create({ bookId: book._id, title: 'Doomed', body: 'deleted forever on b' });
    for (const c of [a, b]) {
      const result = await c.sync.connect({ url: server.url, user: server.admin.user, password: server.admin.password, database });
      assert.equal(result.ok, true);
    }
    await converged(a, b);
    // Edited on a, deleted forever on b: both reach the other computer, and the folder.
    await notes.update(kept._id, { body: 'edited on a' });
    const bNotes = new NotesService(b.store);
    await bNotes.moveToTrash([doomed._id]);
    assert.equal(await bNotes.deleteForever([doomed._id]), 1);
    await until('a to have the deletion', async () => (await a.db.get(doomed._id).catch(() => null)) === null);
    await until('b to have the edit', async () => (await b.db.get(kept._id)).body === 'edited on a');
    await converged(a, b);
    for (const backup of backups) await backup.upToDate();
    const onA = await assertFolderMatches(a.db, folder);
    const onB = await assertFolderMatches(b.db, folder);
    assert.deepEqual(onA, onB);
    assert.ok(onA.deleted >= 1, 'the note deleted forever is in _deleted/');
    assert.deepEqual(fs.readdirSync(path.join(folder, 'state')).filter((f) => f.endsWith('.json')).sort(), ['computera.json', 'computerb.json']);
    // The backup holds documents only: not the server's password, nor its address.
    for (const { file, bytes } of filesUnder(folder)) {
      assert.ok(!bytes.includes(Buffer.from(server.admin.password)), `no password in ${file}`);
      assert.ok(!bytes.includes(Buffer.from(new URL(server.url).host)), `no server address in ${file}`);
    }
  } finally {
    for (const backup of backups) await backup.runner.stop();
    await a.close();
    await b.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
