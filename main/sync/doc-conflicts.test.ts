// Notebooks, tags and images kept in two versions, listed in words and
// resolved by keeping one: the kept version's fields (and an image's bytes)
// end on top, every other version is gone, and a version that is no longer
// there is refused in words. Real conflicts, written as a replication
// writes them (bulkDocs with new_edits: false).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentStore } from '../db/document-store';
import { withTempStore } from '../testing/temp-store';
import { UserError } from '../notes/notes-service';
import { listDocConflicts, resolveDocConflict } from './doc-conflicts';

/** `base` written here, then two concurrent second revisions of it (a… and b…), as two computers' edits. */
async function conflicted(store: DocumentStore, base: Record<string, unknown> & { _id: string }, a: Record<string, unknown>, b: Record<string, unknown>) {
  const first = await store.db.put(base);
  const [, hash] = first.rev.split('-');
  const revA = `2-${'a'.repeat(32)}`;
  const revB = `2-${'b'.repeat(32)}`;
  await store.db.bulkDocs([
    { ...base, ...a, _rev: revA, _revisions: { start: 2, ids: ['a'.repeat(32), hash!] } },
    { ...base, ...b, _rev: revB, _revisions: { start: 2, ids: ['b'.repeat(32), hash!] } },
  ] as never[], { new_edits: false });
  return { revA, revB };
}

const png = (fill: number) => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, fill)]);

test('a tag and an image in conflict are listed in words, and keeping the version that does not show puts it on top', async () => {
  await withTempStore(async (store) => {
    const tag = await conflicted(store, { _id: 'tag:t', name: 'todo', color: 'default', createdAt: 1, updatedAt: 1 }, { name: 'to do', color: 'red', updatedAt: 2 }, { name: 'later', color: 'blue', updatedAt: 3 });
    const image = await conflicted(
      store,
      { _id: 'file:f', name: 'a.png', contentType: 'image/png', contentLength: 72, createdAt: 1, publicIn: [], _attachments: { index: { content_type: 'image/png', data: png(1).toString('base64') } } },
      { name: 'b.png', _attachments: { index: { content_type: 'image/png', data: png(2).toString('base64') } } },
      { name: 'c.png', _attachments: { index: { content_type: 'image/png', data: png(3).toString('base64') } } },
    );
    const listed = await listDocConflicts(store.db);
    assert.deepEqual(listed.map((c) => [c.id, c.kind, c.versions.map((v) => v.label)]), [
      ['tag:t', 'tag', ['later', 'to do']],
      ['file:f', 'file', ['c.png', 'b.png']],
    ]);
    assert.equal(listed[0]!.versions[0]!.detail, 'color: blue');
    assert.match(listed[1]!.versions[1]!.detail, /^image\/png, 72 bytes$/);

    await resolveDocConflict(store, 'tag:t', tag.revA);
    await resolveDocConflict(store, 'file:f', image.revA);
    assert.deepEqual(await listDocConflicts(store.db), []);
    const keptTag = await store.db.get('tag:t', { conflicts: true });
    assert.equal(keptTag.name, 'to do');
    assert.equal(keptTag.color, 'red');
    assert.equal((keptTag as { _conflicts?: string[] })._conflicts, undefined);
    const keptImage = await store.db.get('file:f', { conflicts: true });
    assert.equal(keptImage.name, 'b.png');
    assert.deepEqual(Buffer.from(await store.db.getAttachment('file:f', 'index')), png(2), 'the kept version\'s bytes');
  });
});

test('keeping the version that shows removes the other; a version no longer there, or a note, is refused in words', async () => {
  await withTempStore(async (store) => {
    const book = await conflicted(store, { _id: 'book:b', name: 'Work', parentBookId: null, createdAt: 1, updatedAt: 1 }, { name: 'Job', updatedAt: 2 }, { name: 'Office', updatedAt: 3 });
    await resolveDocConflict(store, 'book:b', book.revB);
    const kept = await store.db.get('book:b', { conflicts: true });
    assert.equal(kept.name, 'Office');
    assert.equal(kept._rev, book.revB, 'keeping what shows writes no new version');
    assert.equal((kept as { _conflicts?: string[] })._conflicts, undefined);
    await assert.rejects(resolveDocConflict(store, 'book:b', book.revA), (e: unknown) => e instanceof UserError && /no longer there/.test(e.message));
    await assert.rejects(resolveDocConflict(store, 'note:x', '1-x'), (e: unknown) => e instanceof UserError && /note shows its versions/.test(e.message));
    await assert.rejects(resolveDocConflict(store, 'tag:missing', '1-x'), (e: unknown) => e instanceof UserError && /no longer exists/.test(e.message));
  });
});
