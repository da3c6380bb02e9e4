import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTempStore } from '../testing/temp-store';
import { buildSearchIndex } from './build-index';
import { NoteSearchIndex } from './search-index';
import { parseSearchQuery } from '../../shared/search-query';

const note = (id: string, title: string, body: string, extra: Record<string, unknown> = {}) => ({
  _id: id, title, body, bookId: 'book:w', tags: [] as string[], status: 'none' as const, createdAt: 1, updatedAt: 1, ...extra,
});
const context = { booksNamed: () => new Set<string>(), tagsNamed: () => new Set<string>() };

test('the builder thread indexes every live note and hands over an index that answers like one built here', async () => {
  await withTempStore(async (store) => {
    const notes = [
      note('note:1', 'Grocery list', 'apples and pears'),
      note('note:2', '会议记录', '今天讨论了备份功能'),
      note('note:3', 'Заметка', 'яблоки и груши'),
      note('note:4', 'Gone', 'apples that were deleted'),
      ...Array.from({ length: 300 }, (_, i) => note(`note:bulk-${i}`, `Bulk ${i}`, `filler text number ${i} with apples ${i % 7}`)),
    ];
    await store.putMany([{ _id: 'book:w', name: 'Work', createdAt: 1, updatedAt: 1 }, ...notes]);
    const gone = await store.db.get('note:4');
    await store.db.remove(gone);

    const built = await buildSearchIndex(store.db, new AbortController().signal);
    assert.ok(built);
    assert.equal(built.notes, notes.length - 1);
    const handedOver = new NoteSearchIndex();
    handedOver.loadSaved(built.parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
    const here = new NoteSearchIndex();
    here.build(notes.filter((n) => n._id !== 'note:4'));
    for (const q of ['apples', 'apples 3', '备份', 'груши', '"apples and pears"', 'gone', 'bulk -apples']) {
      assert.deepEqual(handedOver.search(parseSearchQuery(q), context), here.search(parseSearchQuery(q), context), q);
    }
    assert.ok(!handedOver.has('note:4'));
  });
});

test('a build cancelled (Quire closing) gives nothing, before or during the read', async () => {
  await withTempStore(async (store) => {
    await store.putMany(Array.from({ length: 2000 }, (_, i) => note(`note:${i}`, `Note ${i}`, `body ${i} `.repeat(50))));
    const before = new AbortController();
    before.abort();
    assert.equal(await buildSearchIndex(store.db, before.signal), null);

    const during = new AbortController();
    const building = buildSearchIndex(store.db, during.signal);
    setImmediate(() => during.abort());
    assert.equal(await building, null);
  });
});
