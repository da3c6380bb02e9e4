// A note's conflicting revisions and the choice between them, on a real
// PouchDB database with a real conflict (a concurrent revision written as a
// replication would, bulkDocs with new_edits: false).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentStore } from '../db/document-store';
import { withTempStore } from '../testing/temp-store';
import { eventLog } from '../testing/until';
import { NoteIndex } from './note-index';
import { readConflicts, resolveConflict } from './note-conflicts';
import { UserError } from './notes-service';

const BASE = { _id: 'note:c', title: 'Shopping', body: 'milk\n', bookId: 'book:b', tags: [], createdAt: 1, updatedAt: 1_000 };

/** The note edited here (2-…) and, concurrently, elsewhere (2-<hash>), both from the same first revision. */
async function conflicted(store: DocumentStore, otherHash = '0'.repeat(32)) {
  const first = await store.put(BASE);
  const here = await store.put({ ...first, body: 'milk\neggs\n', updatedAt: 3_000 });
  const [, baseHash] = first._rev.split('-');
  const otherRev = `2-${otherHash}`;
  await store.db.bulkDocs([{
    ...BASE, title: 'Shopping list', body: 'milk\nbread\n', updatedAt: 2_000,
    _rev: otherRev, _revisions: { start: 2, ids: [otherHash, baseHash!] },
  }] as never[], { new_edits: false });
  return { here: here._rev, other: otherRev };
}

test('a conflict shows on the note: its summary counts it, and both revisions can be read', async () => {
  await withTempStore(async (store) => {
    const { here, other } = await conflicted(store);
    const conflicts = await readConflicts(store.db, 'note:c');
    // The hash 000… loses to any other hash of the same generation: the edit made here shows.
    assert.deepEqual(conflicts, {
      id: 'note:c',
      current: { rev: here, title: 'Shopping', body: 'milk\neggs\n', updatedAt: 3_000 },
      others: [{ rev: other, title: 'Shopping list', body: 'milk\nbread\n', updatedAt: 2_000 }],
    });
    const index = new NoteIndex(store.db);
    await index.load();
    assert.equal(index.get('note:c')?.conflicts, 1);
    assert.equal(await readConflicts(store.db, 'note:missing'), null);
    await store.put({ _id: 'note:plain', title: 'x', body: '', bookId: 'book:b', createdAt: 1, updatedAt: 1 });
    assert.equal(await readConflicts(store.db, 'note:plain'), null);
  });
});

test('using the other version makes its text a new edit on top, and the conflict is gone', async () => {
  await withTempStore(async (store) => {
    const { here, other } = await conflicted(store);
    const index = new NoteIndex(store.db);
    await index.load();
    const feed = store.db.changes({ since: 'now', live: true, include_docs: true, conflicts: true });
    const delivered = eventLog<{ id: string; doc?: { _rev?: string; _conflicts?: unknown } }>();
    feed.on('change', (change) => {
      index.apply(change);
      delivered.push(change as never);
    });
    try {
      const result = await resolveConflict(store, 'note:c', other, () => 9_000);
      const doc = await store.db.get('note:c', { conflicts: true, revs: true }) as unknown as Record<string, unknown> & { _revisions: { start: number; ids: string[] } };
      assert.equal(doc._rev, result.rev);
      assert.deepEqual([doc.title, doc.body, doc.updatedAt], ['Shopping list', 'milk\nbread\n', 9_000]);
      assert.equal(doc._conflicts, undefined);
      assert.equal(doc._revisions.start, 3, 'on top of the revision that showed');
      assert.equal(`2-${doc._revisions.ids[1]}`, here);
      assert.equal(await readConflicts(store.db, 'note:c'), null);
      // The index has seen the change that left the chosen revision alone, without a conflict.
      await delivered.next((c) => c.id === 'note:c' && c.doc?._rev === result.rev && c.doc._conflicts === undefined);
      assert.equal(index.get('note:c')?.conflicts, undefined);
      assert.equal(index.get('note:c')?.title, 'Shopping list');
    } finally {
      feed.cancel();
    }
  });
});

test('keeping this version leaves the text as it is and removes the other', async () => {
  await withTempStore(async (store) => {
    const { here } = await conflicted(store);
    const result = await resolveConflict(store, 'note:c', here);
    assert.equal(result.rev, here, 'no new edit of the note itself');
    const doc = await store.db.get('note:c', { conflicts: true });
    assert.equal(doc.body, 'milk\neggs\n');
    assert.equal(doc._conflicts, undefined);
  });
});

test('when the other revision is the one that shows, keeping the edit made here brings it back on top', async () => {
  await withTempStore(async (store) => {
    const { here, other } = await conflicted(store, 'f'.repeat(32));
    const before = await readConflicts(store.db, 'note:c');
    assert.equal(before?.current.rev, other, 'the greater hash wins');
    assert.equal(before?.others[0]?.rev, here);
    await resolveConflict(store, 'note:c', here);
    const doc = await store.db.get('note:c', { conflicts: true });
    assert.deepEqual([doc.body, doc._conflicts], ['milk\neggs\n', undefined]);
  });
});

test('a choice offered before the note was edited again still keeps what shows; a revision never seen is refused', async () => {
  await withTempStore(async (store) => {
    const { here } = await conflicted(store);
    const current = await store.db.get('note:c');
    await store.put({ ...current, body: 'milk\neggs\nbutter\n', updatedAt: 4_000 });
    await resolveConflict(store, 'note:c', here);
    const doc = await store.db.get('note:c', { conflicts: true });
    assert.deepEqual([doc.body, doc._conflicts], ['milk\neggs\nbutter\n', undefined]);
    await assert.rejects(resolveConflict(store, 'note:c', '7-abc'), (error: unknown) => error instanceof UserError);
  });
});
