// Restore to a snapshot (restore-plan.ts, through the SnapshotService so the
// undo snapshot is taken first) on a real PouchDB, controller and folder: a
// bulk move to the Trash undone, notes deleted forever and edited brought
// back and changed back, notes created since kept or trashed, and the
// restore itself undone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { BackupController } from '../backup/backup-controller';
import { inProcessSink } from '../backup/backup-runner';
import { NotesService } from '../notes/notes-service';
import { eventLog } from '../testing/until';
import type { SnapshotsOverview } from '../../shared/contract/snapshot-requests';
import { SnapshotService } from './service';
import { takeSnapshot } from './take';

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-snapshot-restore-'));
  const db = openDatabase(path.join(dir, 'db'));
  const store = new DocumentStore(db);
  const notes = new NotesService(store);
  const backup = new BackupController({
    db, userDataDir: path.join(dir, 'profile'), appVersion: 'test', notify: () => undefined, onStatus: () => undefined,
    makeSink: inProcessSink, runnerOptions: { settleMs: 5 },
  });
  const events = eventLog<SnapshotsOverview>();
  const service = new SnapshotService({ db, backup, onChanged: (o) => events.push(o) });
  const t = Date.now();
  await store.put({ _id: 'book:work', name: 'Work', parentBookId: null, createdAt: t, updatedAt: t });
  await store.put({ _id: 'book:home', name: 'Home', parentBookId: null, createdAt: t, updatedAt: t });
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await notes.create({ bookId: i % 2 ? 'book:work' : 'book:home', title: `Note ${i}`, body: `text ${i}` }))._id);
  return {
    db, store, notes, backup, service, events, ids, folder: path.join(dir, 'backup'),
    async [Symbol.asyncDispose]() {
      await service.close();
      await backup.close();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const bodyOf = async (store: DocumentStore, id: string) => (await store.get<{ body: string; bookId: string }>(id));

test('restore to the moment before a bulk move to the Trash: everything back where it was, as it was; created since moved to the Trash; and undone', async () => {
  await using t = await setup();
  assert.equal((await t.backup.setLocation(t.folder)).ok, true);
  await t.events.next((o) => o.count === 1 && o.busy === null);
  const [before] = await t.service.list();

  // What went wrong: two notes edited, all twenty moved to the Trash, three deleted forever, a notebook renamed.
  await t.notes.update(t.ids[0]!, { body: 'overwritten' });
  await t.notes.update(t.ids[1]!, { body: 'pasted over' });
  await t.notes.update(t.ids[2]!, { title: 'Renamed' });
  await t.notes.moveToTrash(t.ids.slice(1));
  await t.notes.deleteForever(t.ids.slice(17));
  const book = (await t.store.get<Record<string, unknown> & { _id: string; _rev: string }>('book:work'))!;
  await t.store.put({ ...book, name: 'Oops' });
  const fresh = await t.notes.create({ bookId: 'book:home', title: 'Written since', body: 'new' });

  const plan = await t.service.planRestore(before!.id);
  assert.equal(plan.snapshot.id, before!.id);
  assert.equal(plan.changedBack, 1, 'the one note edited and not trashed');
  assert.equal(plan.broughtBack, 19, 'sixteen from the Trash, three deleted forever');
  assert.equal(plan.createdSince, 1);
  assert.deepEqual(plan.examples.createdSince, ['Written since']);
  assert.ok(plan.examples.broughtBack.includes('Note 18'));

  const outcome = await t.service.restore(before!.id, 'trash');
  assert.ok(outcome.undoSnapshot);
  assert.deepEqual([outcome.changedBack, outcome.broughtBack, outcome.createdSinceTrashed, outcome.conflicts], [1, 19, 1, 0]);
  for (const [i, id] of t.ids.entries()) {
    const doc = await bodyOf(t.store, id);
    assert.equal(doc?.body, `text ${i}`, id);
    assert.equal(doc?.bookId, i % 2 ? 'book:work' : 'book:home', id);
  }
  assert.equal((await t.store.get<{ title: string }>(t.ids[2]!))?.title, 'Note 2');
  assert.equal((await t.store.get<{ name: string }>('book:work'))?.name, 'Work');
  assert.equal((await bodyOf(t.store, fresh._id))?.bookId, 'trash');

  // The restore is undone by restoring to the snapshot taken just before it.
  const undo = await t.service.restore(outcome.undoSnapshot!, 'keep');
  assert.equal((await bodyOf(t.store, t.ids[0]!))?.body, 'overwritten');
  assert.equal((await bodyOf(t.store, t.ids[5]!))?.bookId, 'trash');
  assert.equal((await bodyOf(t.store, fresh._id))?.bookId, 'book:home');
  assert.ok(undo.undoSnapshot);
});

test('created since kept: the new note stays where it is; a note that did not change is left alone (no new revision)', async () => {
  await using t = await setup();
  assert.equal((await t.backup.setLocation(t.folder)).ok, true);
  await t.events.next((o) => o.count === 1 && o.busy === null);
  const [before] = await t.service.list();
  await t.notes.moveToTrash([t.ids[3]!]);
  const fresh = await t.notes.create({ bookId: 'book:work', title: 'Since' });
  const untouchedRev = (await t.store.get<{ _rev: string }>(t.ids[4]!))!._rev;
  const outcome = await t.service.restore(before!.id, 'keep');
  assert.deepEqual([outcome.changedBack, outcome.broughtBack, outcome.createdSinceTrashed], [0, 1, 0]);
  assert.equal((await bodyOf(t.store, t.ids[3]!))?.bookId, 'book:work');
  assert.equal((await bodyOf(t.store, fresh._id))?.bookId, 'book:work');
  assert.equal((await t.store.get<{ _rev: string }>(t.ids[4]!))!._rev, untouchedRev);
  await assert.rejects(t.service.restore('0123abcd', 'keep'), /no snapshot 0123abcd/);
});

test('hostile ids come back from a snapshot like any other: only keys, never paths', async () => {
  await using t = await setup();
  const ids = ['note:../../../etc/passwd', 'note:a/b\\c:d', 'note:💥 spaces', `note:${'y'.repeat(1990)}`];
  for (const id of ids) await t.store.put({ _id: id, title: id.slice(0, 30), body: 'kept', bookId: 'book:work', tags: [], createdAt: 1, updatedAt: 1 });
  assert.equal((await t.backup.setLocation(t.folder)).ok, true);
  await t.events.next((o) => o.count === 1 && o.busy === null);
  const [before] = await t.service.list();
  await t.notes.update(ids[0]!, { body: 'changed' });
  await t.notes.moveToTrash(ids.slice(1));
  await t.notes.deleteForever([ids[3]!]);
  const outcome = await t.service.restore(before!.id, 'keep');
  assert.deepEqual([outcome.changedBack, outcome.broughtBack], [1, 3]);
  for (const id of ids) assert.deepEqual(await bodyOf(t.store, id).then((d) => [d?.body, d?.bookId]), ['kept', 'book:work'], id);
});

test('a snapshot of another installation sharing the folder: its notes, new to this database, are merged in with their revisions; ours are created since', async () => {
  await using t = await setup();
  assert.equal((await t.backup.setLocation(t.folder)).ok, true);
  await t.events.next((o) => o.count === 1 && o.busy === null);
  const other = openDatabase(path.join(t.folder, '..', 'other-db'));
  let theirs: string;
  try {
    await other.put({ _id: 'book:work', name: 'Work', parentBookId: null, createdAt: 1, updatedAt: 1 });
    theirs = (await other.put({ _id: 'note:theirs', title: 'Theirs', body: 'from the other computer', bookId: 'book:work', tags: [], createdAt: 1, updatedAt: 1 })).rev;
    await takeSnapshot(other, t.folder);
  } finally {
    await other.close();
  }
  const snapshot = (await t.service.list()).find((s) => !s.own)!;
  const plan = await t.service.planRestore(snapshot.id);
  assert.deepEqual([plan.broughtBack, plan.createdSince], [1, 20]);
  const outcome = await t.service.restore(snapshot.id, 'keep');
  assert.equal(outcome.broughtBack, 1);
  const doc = await t.store.get<{ _rev: string; body: string }>('note:theirs');
  assert.deepEqual([doc?._rev, doc?.body], [theirs, 'from the other computer'], 'merged with its own revision, not written anew');
});
