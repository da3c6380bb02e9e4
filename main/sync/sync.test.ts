// Two computers syncing through a real CouchDB-protocol server
// (pouchdb-server in its own process, or Apache CouchDB where
// QUIRE_TEST_COUCHDB_URL points at one): everything a person keeps arrives
// on the other side, a server that dies mid-sync loses nothing, offline
// edits to the same note end as one conflict that is resolved once for both.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotesService } from '../notes/notes-service';
import { BooksService } from '../notes/books-service';
import { TagsService } from '../notes/tags-service';
import { createImageAttachment } from '../attachments/create-attachment';
import { readConflicts, resolveConflict } from '../notes/note-conflicts';
import { createDatabase, startCouchServer, type CouchServer } from '../testing/couch-server';
import { until } from '../testing/until';
import { listDocConflicts, resolveDocConflict } from './doc-conflicts';
import { computer, contents, converged, filesUnder, type Computer } from './sync-testing';

let server: CouchServer;
before(async () => {
  server = await startCouchServer();
});
after(async () => {
  await server.stop();
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function connect(c: Computer, database: string) {
  const result = await c.sync.connect({ url: server.url, user: server.admin.user, password: server.admin.password, database });
  assert.equal(result.ok, true, result.ok ? '' : result.message);
}

test('notes, nested notebooks, tags, an image, the Trash and deletions arrive on the other computer, live', async () => {
  const [a, b] = [await computer(), await computer()];
  try {
    const database = server.freshDatabase();
    const books = new BooksService(a.store);
    const notes = new NotesService(a.store);
    const work = await books.create('Work', null);
    const projects = await books.create('Projects', work._id);
    const tag = await new TagsService(a.store).create('urgent', 'red');
    const image = await createImageAttachment(a.store, { name: 'dot.png', bytes: PNG });
    const plan = await notes.create({ bookId: projects._id, title: 'Plan', body: `# Plan\n![dot](inkdrop://${image._id})\n`, tags: [tag._id] });
    const old = await notes.create({ bookId: work._id, title: 'Old', body: 'to the trash' });
    await notes.moveToTrash([old._id]);
    const gone = await notes.create({ bookId: work._id, title: 'Gone', body: 'deleted forever' });

    await connect(a, database);
    await connect(b, database);
    await converged(a, b);
    const there = await contents(b.db);
    const ids = new Set(there.map((d) => d._id));
    for (const id of [work._id, projects._id, tag._id, image._id, plan._id, old._id, gone._id]) assert.ok(ids.has(id), `${id} arrived`);
    const nested = there.find((d) => d._id === projects._id)!;
    assert.equal(nested.parentBookId, work._id, 'the nesting arrived');
    assert.equal(there.find((d) => d._id === old._id)!.bookId, 'trash', 'the note in the Trash is in the Trash there too');
    const bytes = await b.db.getAttachment(image._id, 'index');
    assert.deepEqual(Buffer.from(bytes), PNG, 'the image bytes arrived');

    // Live: a deletion forever on one side, an edit on the other, both arrive without any restart.
    await notes.moveToTrash([gone._id]);
    assert.equal(await notes.deleteForever([gone._id]), 1);
    await new NotesService(b.store).update(plan._id, { body: '# Plan\nedited on b\n' });
    await until('the deletion to reach b', async () => (await b.db.get(gone._id).catch((e: { status?: number }) => e.status)) === 404);
    await until('the edit to reach a', async () => (await a.db.get(plan._id)).body === '# Plan\nedited on b\n');
    await converged(a, b, 'both to settle');
    const up = a.sync.status();
    assert.equal(up.state, 'up-to-date');
    if (up.state === 'up-to-date') assert.ok(up.pushed > 0 && up.pulled > 0, 'the counts say what crossed');

    // The password is in no file of either computer (no keychain here: it was kept in memory only).
    for (const c of [a, b]) {
      for (const { file, bytes: content } of filesUnder(c.dir)) {
        assert.ok(!content.includes(Buffer.from(server.admin.password)), `the password is not in ${file}`);
      }
    }
  } finally {
    await a.close();
    await b.close();
  }
});

test('the server killed mid-sync and started again: both computers catch up, nothing is lost or duplicated', async (t) => {
  if (server.external) return t.skip('an external CouchDB cannot be killed by the test');
  const [a, b] = [await computer(), await computer()];
  let killed = false;
  try {
    const database = server.freshDatabase();
    const book = await new BooksService(a.store).create('Journal', null);
    await a.store.putMany(Array.from({ length: 1500 }, (_, i) => ({
      _id: `note:a${i}`, title: `A ${i}`, body: `day ${i}\n`, bookId: book._id, tags: [], createdAt: i, updatedAt: i,
    })));
    await connect(b, database);
    await connect(a, database);
    // Killed once the first batches are on the server, long before the 1500 notes are.
    await a.states.next((s) => s.state === 'syncing' && s.done > 0);
    await server.kill();
    killed = true;
    await until('both computers to say they are offline', () => a.sync.status().state === 'offline' && b.sync.status().state === 'offline');
    const offline = a.sync.status();
    assert.ok(offline.state === 'offline' && /Nothing answers|cut|did not answer/.test(offline.reason), `the reason in words: ${JSON.stringify(offline)}`);
    // Written while the server is away.
    const bBook = await new BooksService(b.store).create('From b', null);
    await new NotesService(b.store).create({ bookId: bBook._id, title: 'Offline on b', body: 'written while the server was down' });
    await server.restart();
    killed = false;
    await converged(a, b, 'both to catch up after the restart');
    const docs = await contents(a.db);
    const titles = docs.filter((d) => String(d._id).startsWith('note:')).map((d) => d.title as string);
    assert.equal(new Set(titles).size, titles.length, 'no note twice');
    for (let i = 0; i < 1500; i += 1) assert.ok(titles.includes(`A ${i}`), `A ${i} is there`);
    assert.ok(titles.includes('Offline on b'));
    assert.ok(docs.every((d) => !d._conflicts), 'no conflict from a replay');
  } finally {
    // Should an assertion fail while it is down, the tests after this one still get a server.
    if (killed) await server.restart();
    await a.close();
    await b.close();
  }
});

test('the same note and notebook changed on both computers offline: one conflict each, shown, resolved once, and the resolution syncs', async (t) => {
  if (server.external) return t.skip('an external CouchDB cannot be stopped by the test');
  const [a, b] = [await computer(), await computer()];
  try {
    const database = server.freshDatabase();
    const book = await new BooksService(a.store).create('Recipes', null);
    const note = await new NotesService(a.store).create({ bookId: book._id, title: 'Bread', body: 'flour\n' });
    await connect(a, database);
    await connect(b, database);
    await converged(a, b);

    await server.kill();
    await until('both offline', () => a.sync.status().state === 'offline' && b.sync.status().state === 'offline');
    await new NotesService(a.store).update(note._id, { body: 'flour\nwater\n' });
    await new NotesService(b.store).update(note._id, { body: 'flour\nsalt\n' });
    await new BooksService(a.store).rename(book._id, 'Baking');
    await new BooksService(b.store).rename(book._id, 'Cooking');
    await server.restart();
    await converged(a, b, 'both sides to hold both versions');

    // The same winner on both, the other version kept as a conflict (nothing overwritten silently).
    const onA = await readConflicts(a.db, note._id);
    const onB = await readConflicts(b.db, note._id);
    assert.ok(onA && onB, 'the note shows its conflict on both computers');
    assert.equal(onA.others.length, 1);
    assert.deepEqual(onA, onB);
    assert.deepEqual(new Set([onA.current.body, onA.others[0]!.body]), new Set(['flour\nwater\n', 'flour\nsalt\n']));
    const bookConflicts = await listDocConflicts(b.db);
    assert.equal(bookConflicts.length, 1);
    assert.equal(bookConflicts[0]!.kind, 'notebook');
    assert.deepEqual(new Set(bookConflicts[0]!.versions.map((v) => v.label)), new Set(['Baking', 'Cooking']));
    assert.match(bookConflicts[0]!.versions[0]!.detail, /top-level/);

    // Resolved on a (the salt version) and on b (the notebook called Baking): the choices cross.
    const salt = onA.current.body === 'flour\nsalt\n' ? onA.current.rev : onA.others[0]!.rev;
    await resolveConflict(a.store, note._id, salt);
    const baking = bookConflicts[0]!.versions.find((v) => v.label === 'Baking')!;
    await resolveDocConflict(b.store, book._id, baking.rev);
    await converged(a, b, 'the resolutions to cross');
    for (const c of [a, b]) {
      assert.equal(await readConflicts(c.db, note._id), null);
      assert.deepEqual(await listDocConflicts(c.db), []);
      assert.equal((await c.db.get(note._id)).body, 'flour\nsalt\n');
      assert.equal((await c.db.get(book._id)).name, 'Baking');
    }
  } finally {
    await a.close();
    await b.close();
  }
});

test('the first sync into an empty computer shows n of m, and says up to date only once everything has arrived', async () => {
  const [a, b] = [await computer(), await computer()];
  try {
    const database = server.freshDatabase();
    await a.store.putMany(Array.from({ length: 2500 }, (_, i) => ({
      _id: `note:p${i}`, title: `P ${i}`, body: `${i}\n`, bookId: 'book:x', tags: [], createdAt: i, updatedAt: i,
    })));
    await connect(a, database);
    await until('a to be up to date', () => a.sync.status().state === 'up-to-date');
    // b has nothing to push, so its push side goes idle at once: that is not "up to date".
    const firstUpToDate = b.states.next((s) => s.state === 'up-to-date').then(async () => (await b.db.allDocs()).rows.length);
    await connect(b, database);
    assert.equal(await firstUpToDate, 2500, 'every document is here when "up to date" is first said');
    const progress = b.states.seen.filter((s) => s.state === 'syncing' && s.firstSync && s.total > 0);
    assert.ok(progress.length > 0, 'the first sync counts n of m');
    const last = progress.at(-1)!;
    assert.ok(last.state === 'syncing' && last.done <= last.total && last.total >= 2500, JSON.stringify(last));
  } finally {
    await a.close();
    await b.close();
  }
});

test('documents from the server that fail Quire\'s checks are not taken: the rest syncs, the person is told which and why', async () => {
  const c = await computer();
  try {
    const database = server.freshDatabase();
    await createDatabase(server, database);
    const auth = `Basic ${Buffer.from(`${server.admin.user}:${server.admin.password}`).toString('base64')}`;
    const hostile = [
      { _id: 'note:fine', title: 'Fine', body: 'taken', bookId: 'book:x', tags: [], createdAt: 1, updatedAt: 1 },
      { _id: 'note:number-title', title: 42, body: 'x', bookId: 'book:x', tags: [], createdAt: 1, updatedAt: 1 },
      { _id: 'note:huge', title: 'Huge', body: 'x'.repeat(9 * 1024 * 1024), bookId: 'book:x', tags: [], createdAt: 1, updatedAt: 1 },
      { _id: 'book:no-name', parentBookId: null, createdAt: 1, updatedAt: 1 },
      { _id: `note:${'../'.repeat(3)}etc`, title: 'Dots', body: '', bookId: 'book:x', tags: [], createdAt: 1, updatedAt: 1 },
    ];
    const put = await fetch(new URL(`${database}/_bulk_docs`, server.url), {
      method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ docs: hostile }),
    });
    assert.equal(put.status, 201);
    const huge = await fetch(new URL(`${database}/note:huge`, server.url), { headers: { Authorization: auth } });
    assert.equal(huge.status, 200, 'the server holds the 9 MB note (so its refusal here is ours)');
    await connect(c, database);
    await until('the first sync to end', () => c.sync.status().state === 'up-to-date');
    const ids = (await c.db.allDocs()).rows.map((r) => r.id);
    assert.ok(ids.includes('note:fine'));
    for (const bad of ['note:number-title', 'note:huge', 'book:no-name']) assert.ok(!ids.includes(bad), `${bad} is not taken`);
    const told = await c.notifications.next((n) => /not taken/.test(n.title));
    assert.match(told.title, /documents from 127\.0\.0\.1:\d+ not taken/);
    assert.match(told.body ?? '', /note:number-title \(title .*expected string/);
    assert.match(told.body ?? '', /stay on the server, untouched/);
  } finally {
    await c.close();
  }
});
