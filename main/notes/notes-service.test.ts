import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTempStore } from '../testing/temp-store';
import { NotesService } from './notes-service';
import { BooksService } from './books-service';
import { TagsService } from './tags-service';
import { seedWelcomeIfNew, WELCOME_NOTE_TITLE } from './welcome';
import type { NoteDoc } from '../../shared/schema';

test('create and update keep task counts and timestamps right', async () => {
  await withTempStore(async (store) => {
    let clock = 1000;
    const notes = new NotesService(store, () => clock);
    const book = await new BooksService(store).create('Work', null);
    const note = await notes.create({ bookId: book._id, title: 'Plan', body: '- [ ] a\n- [x] b' });
    assert.equal(note.numOfTasks, 2);
    assert.equal(note.numOfCheckedTasks, 1);
    clock = 2000;
    const updated = await notes.update(note._id, { body: '- [x] a\n- [x] b\n```\n- [ ] not a task\n```', pinned: true });
    assert.equal(updated.numOfCheckedTasks, 2);
    assert.equal(updated.numOfTasks, 2);
    assert.equal(updated.pinned, true);
    assert.equal(updated.createdAt, 1000);
    assert.equal(updated.updatedAt, 2000);
    assert.equal(updated.title, 'Plan');
  });
});

test('a note cannot be moved into a notebook that no longer exists; it stays where it was', async () => {
  await withTempStore(async (store) => {
    const books = new BooksService(store);
    const notes = new NotesService(store);
    const a = await books.create('A', null);
    const b = await books.create('B', null);
    const note = await notes.create({ bookId: a._id });
    await books.delete(b._id);
    await assert.rejects(notes.moveToBook([note._id], b._id), /notebook no longer exists/);
    await assert.rejects(notes.update(note._id, { bookId: 'book:nope' }), /notebook no longer exists/);
    assert.equal((await store.get<NoteDoc>(note._id))?.bookId, a._id);
  });
});

test('moving notes into their own notebook, or tagging them with a tag they have, leaves them as they are (their time updated too)', async () => {
  await withTempStore(async (store) => {
    let clock = 1000;
    const books = new BooksService(store);
    const notes = new NotesService(store, () => clock);
    const a = await books.create('A', null);
    const b = await books.create('B', null);
    const inA = await notes.create({ bookId: a._id, title: 'in A' });
    const inB = await notes.create({ bookId: b._id, title: 'in B' });
    clock = 2000;
    assert.equal(await notes.moveToBook([inA._id, inB._id], b._id), 1);
    const [movedNow, stayed] = [await store.get<NoteDoc>(inA._id), await store.get<NoteDoc>(inB._id)];
    assert.deepEqual([movedNow?.bookId, movedNow?.updatedAt], [b._id, 2000]);
    assert.deepEqual([stayed?.bookId, stayed?.updatedAt, stayed?._rev], [b._id, 1000, inB._rev]);

    // So are notes given a tag they have, or relieved of one they do not have.
    const tag = await new TagsService(store).create('t');
    clock = 3000;
    assert.equal(await notes.addTags([inA._id], [tag._id]), 1);
    clock = 4000;
    assert.equal(await notes.addTags([inA._id, inB._id], [tag._id]), 1);
    assert.equal((await store.get<NoteDoc>(inA._id))?.updatedAt, 3000);
    assert.equal(await notes.removeTags([inA._id, inB._id], [tag._id]), 2);
    assert.equal(await notes.removeTags([inA._id, inB._id], [tag._id]), 0);
    assert.deepEqual([(await store.get<NoteDoc>(inA._id))?.tags, (await store.get<NoteDoc>(inB._id))?.tags], [[], []]);
  });
});

test('onlyFrom: a move or a trashing takes only the notes in that notebook now (an Undo after they moved again)', async () => {
  await withTempStore(async (store) => {
    const books = new BooksService(store);
    const notes = new NotesService(store);
    const [a, b, c] = [await books.create('A', null), await books.create('B', null), await books.create('C', null)];
    const inA = await notes.create({ bookId: a._id, title: 'in A' });
    const inB = await notes.create({ bookId: b._id, title: 'in B' });
    assert.equal(await notes.moveToBook([inA._id, inB._id], c._id, a._id), 1);
    assert.deepEqual([(await store.get<NoteDoc>(inA._id))?.bookId, (await store.get<NoteDoc>(inB._id))?.bookId], [c._id, b._id]);
    assert.equal(await notes.moveToTrash([inA._id, inB._id], b._id), 1);
    assert.deepEqual([(await store.get<NoteDoc>(inA._id))?.bookId, (await store.get<NoteDoc>(inB._id))?.bookId], [c._id, 'trash']);
  });
});

test('an oversized body is refused with a message and the note is unchanged', async () => {
  await withTempStore(async (store) => {
    const notes = new NotesService(store);
    const book = await new BooksService(store).create('A', null);
    const note = await notes.create({ bookId: book._id, body: 'small' });
    await assert.rejects(notes.update(note._id, { body: 'x'.repeat(8_000_001) }), /body is larger than 8 MB/);
    assert.equal((await store.get<NoteDoc>(note._id))?.body, 'small');
  });
});

test('trash, restore to the original notebook, delete forever, empty trash', async () => {
  await withTempStore(async (store) => {
    const books = new BooksService(store);
    const notes = new NotesService(store);
    const home = await books.create('Home', null);
    const work = await books.create('Work', null);
    const n1 = await notes.create({ bookId: work._id, title: '1' });
    const n2 = await notes.create({ bookId: work._id, title: '2' });
    const n3 = await notes.create({ bookId: home._id, title: '3' });
    assert.equal(await notes.moveToTrash([n1._id, n2._id, n3._id]), 3);
    assert.equal((await store.get<NoteDoc>(n1._id))?.bookId, 'trash');
    assert.equal(await notes.restoreFromTrash([n1._id], home._id), 1);
    assert.equal((await store.get<NoteDoc>(n1._id))?.bookId, work._id);
    assert.equal((await store.get<Record<string, unknown>>(n1._id))?.trashedFrom, undefined);
    // Deleting forever only touches trashed notes.
    assert.equal(await notes.deleteForever([n1._id, n2._id]), 1);
    assert.equal(await store.get(n2._id), null);
    assert.ok(await store.get(n1._id));
    assert.equal(await notes.emptyTrash(), 1);
    assert.equal(await store.get(n3._id), null);
    assert.equal((await store.stats()).deleted, 2);
  });
});

test('restoring a note whose notebook was deleted puts it in the fallback notebook', async () => {
  await withTempStore(async (store) => {
    const books = new BooksService(store);
    const notes = new NotesService(store);
    const keep = await books.create('Keep', null);
    const gone = await books.create('Gone', null);
    const note = await notes.create({ bookId: gone._id });
    await notes.moveToTrash([note._id]);
    await books.delete(gone._id);
    await notes.restoreFromTrash([note._id], keep._id);
    assert.equal((await store.get<NoteDoc>(note._id))?.bookId, keep._id);
  });
});

test('deleting a notebook trashes the notes of it and its sub-notebooks', async () => {
  await withTempStore(async (store) => {
    const books = new BooksService(store);
    const notes = new NotesService(store);
    const top = await books.create('Top', null);
    const child = await books.create('Child', top._id);
    const grandchild = await books.create('Grandchild', child._id);
    const other = await books.create('Other', null);
    await notes.create({ bookId: top._id });
    await notes.create({ bookId: grandchild._id });
    const survivor = await notes.create({ bookId: other._id });
    assert.deepEqual(await books.notesAffectedByDelete(top._id), { notes: 2, books: 3 });
    assert.deepEqual(await books.delete(top._id), { trashedNotes: 2, deletedBooks: 3 });
    const stats = await store.stats();
    assert.equal(stats.trashed, 2);
    assert.equal(stats.books, 1);
    assert.equal((await store.get<NoteDoc>(survivor._id))?.bookId, other._id);
  });
});

test('notebooks nest, and cannot be moved into their own descendants', async () => {
  await withTempStore(async (store) => {
    const books = new BooksService(store);
    const a = await books.create('A', null);
    const b = await books.create('B', a._id);
    const c = await books.create('C', b._id);
    await assert.rejects(books.move(a._id, c._id), /into itself or one of its own sub-notebooks/);
    await assert.rejects(books.move(a._id, a._id), /into itself/);
    assert.equal((await books.move(c._id, null)).parentBookId, null);
    await assert.rejects(books.create('x'.repeat(65), null), /at most 64 characters/);
    await assert.rejects(books.rename(a._id, '  '), /cannot be empty/);
    assert.equal((await store.get<{ name: string }>(a._id))?.name, 'A');
  });
});

test('tags: unique names, recolor, delete takes the tag off notes', async () => {
  await withTempStore(async (store) => {
    const tags = new TagsService(store);
    const notes = new NotesService(store);
    const book = await new BooksService(store).create('A', null);
    const t = await tags.create('Ideas', 'blue');
    await assert.rejects(tags.create(' ideas '), /already a tag named “Ideas”/);
    await assert.rejects(tags.create('   '), /needs a name/);
    assert.equal((await tags.update(t._id, { color: 'red' })).color, 'red');
    const note = await notes.create({ bookId: book._id, tags: [t._id] });
    await assert.rejects(notes.addTags([note._id], ['tag:missing']), /tag you chose no longer exists/);
    assert.deepEqual(await tags.delete(t._id), { untaggedNotes: 1 });
    assert.deepEqual((await store.get<NoteDoc>(note._id))?.tags, []);
  });
});

test('a new database gets the welcome notebook and note, once', async () => {
  await withTempStore(async (store) => {
    assert.equal(await seedWelcomeIfNew(store), true);
    const notes = await store.allOfType('note');
    assert.equal(notes.length, 1);
    assert.equal(notes[0]?.title, WELCOME_NOTE_TITLE);
    assert.ok((notes[0]?.numOfTasks ?? 0) >= 3);
    await store.db.remove(notes[0]!._id, notes[0]!._rev!);
    assert.equal(await seedWelcomeIfNew(store), false);
  });
});

test('a bulk move of more notes than one batch: every note moved once, one edited meanwhile keeps its edit, missing ids and other documents left out', async () => {
  await withTempStore(async (store) => {
    let clock = 5000;
    const notes = new NotesService(store, () => clock);
    const books = new BooksService(store);
    const home = await books.create('Home', null);
    const made = await store.putMany(Array.from({ length: 1201 }, (_, i) => ({
      _id: `note:bulk${String(i).padStart(5, '0')}`, title: `Note ${i}`, body: '', doctype: 'markdown', bookId: home._id, tags: [],
      status: 'none', share: 'private', pinned: false, numOfTasks: 0, numOfCheckedTasks: 0, createdAt: 1000, updatedAt: 1000 + i,
    })));
    const edited = made[700]!.id;
    // A save from the editor lands between the batch's read and its write: the batch's write of that note is refused.
    const db = store.db as unknown as { bulkDocs: (...args: unknown[]) => Promise<unknown> };
    const bulkDocs = db.bulkDocs.bind(db);
    let calls = 0;
    db.bulkDocs = async (...args: unknown[]) => {
      calls += 1;
      if (calls === 2) {
        const current = (await store.get<NoteDoc>(edited))!;
        await store.put({ ...current, title: 'Edited meanwhile' });
      }
      return bulkDocs(...args);
    };
    clock = 9000;
    const ids = [...made.map((m) => m.id), 'note:gone', home._id];
    assert.equal(await notes.moveToTrash(ids), 1201);
    db.bulkDocs = bulkDocs;
    const all = (await store.allOfType('note')).filter((n) => n._id.startsWith('note:bulk'));
    assert.equal(all.length, 1201);
    for (const note of all) {
      assert.equal(note.bookId, 'trash', note._id);
      assert.equal((note as { trashedFrom?: string }).trashedFrom, home._id);
      assert.equal(note.updatedAt, 9000);
    }
    assert.equal(all.find((n) => n._id === edited)!.title, 'Edited meanwhile');
    assert.equal((await store.get<{ name: string }>(home._id))!.name, 'Home');
    // Each note was written once by the move (the edited one twice: its edit, then the move).
    const revs = all.map((n) => Number(n._rev!.split('-')[0]));
    assert.deepEqual([...new Set(revs)].sort(), [2, 3]);
    assert.equal(revs.filter((r) => r === 3).length, 1);
    assert.ok(calls >= 3, `batched: ${calls} bulk writes for 1,201 notes`);
    // Back out of the Trash in batches too.
    assert.equal(await notes.restoreFromTrash(ids, home._id), 1201);
  });
});

test('the Undo of a move out of the Trash puts the notes back as they were: a later Restore takes them home', async () => {
  await withTempStore(async (store) => {
    const books = new BooksService(store);
    const notes = new NotesService(store);
    const [home, other, elsewhere] = [await books.create('Home', null), await books.create('Other', null), await books.create('Elsewhere', null)];
    const a = await notes.create({ bookId: home._id, title: 'a' });
    const b = await notes.create({ bookId: other._id, title: 'b' });
    const trashedFrom = async (id: string) => (await store.get<Record<string, unknown>>(id))?.trashedFrom;
    await notes.moveToTrash([a._id, b._id]);
    // Dragged out of the Trash into Elsewhere, then Undo.
    assert.equal(await notes.moveToBook([a._id, b._id], elsewhere._id), 2);
    assert.equal(await trashedFrom(a._id), undefined);
    assert.equal(await notes.moveToTrash([a._id, b._id], elsewhere._id), 2);
    assert.deepEqual([await trashedFrom(a._id), await trashedFrom(b._id)], [home._id, other._id]);
    assert.equal(await notes.restoreFromTrash([a._id, b._id], elsewhere._id), 2);
    assert.deepEqual([(await store.get<NoteDoc>(a._id))?.bookId, (await store.get<NoteDoc>(b._id))?.bookId], [home._id, other._id]);
    // A note trashed afresh (no Undo) is trashed from where it is now, whatever a move remembered.
    await notes.moveToTrash([a._id]);
    await notes.moveToBook([a._id], elsewhere._id);
    await notes.moveToTrash([a._id]);
    assert.equal(await trashedFrom(a._id), elsewhere._id);
  });
});
