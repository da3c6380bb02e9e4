// The notes store taking every summary in pages while changes keep arriving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NoteSummary } from '../../shared/types';
import { changedSince, partialSearchFits, useNotes } from './notes';

const note = (id: string, title = id): NoteSummary => ({
  id, title, snippet: '', bookId: 'book:a', tags: [], status: 'none',
  pinned: false, createdAt: 1, updatedAt: 1, numOfTasks: 0, numOfCheckedTasks: 0,
});

const titles = () => [...useNotes.getState().byId.values()].map((n) => n.title).sort();

test('changes heard while pages arrive win over the older copies the later pages carry', () => {
  useNotes.getState().setFirstPage([note('note:a')]);
  const load = useNotes.getState().beginLoad();
  load.add([note('note:a'), note('note:b')]);
  // Edited, deleted and created after the host fixed the list it is paging through.
  useNotes.getState().patch([note('note:c', 'c edited'), note('note:new')], ['note:d']);
  assert.equal(useNotes.getState().loaded, false);
  load.add([note('note:c', 'c as listed'), note('note:d')]);
  load.finish();
  assert.equal(useNotes.getState().loaded, true);
  assert.deepEqual(titles(), ['c edited', 'note:a', 'note:b', 'note:new']);
  // Once loaded, changes apply directly and no longer pile up for a load.
  useNotes.getState().patch([], ['note:new']);
  assert.deepEqual(titles(), ['c edited', 'note:a', 'note:b']);
});

test('a load overtaken by a newer one (a reconnect) does not replace it when it ends late', () => {
  const old = useNotes.getState().beginLoad();
  old.add([note('note:old')]);
  const fresh = useNotes.getState().beginLoad();
  fresh.add([note('note:fresh')]);
  fresh.finish();
  old.finish();
  assert.deepEqual(titles(), ['note:fresh']);
});

test("a search's first rows and count count only for the list shown (query, filter, sort), and only until every summary is in", () => {
  useNotes.setState({ loaded: false, byId: new Map(), query: 'tar', filter: { kind: 'all' }, sort: 'updatedAt', partialSearch: null });
  const all = { filter: { kind: 'all' } as const, sort: 'updatedAt' as const };
  useNotes.getState().setSearchPage({ query: 'ta', ...all, total: 9 }, [note('note:stale')]);
  useNotes.getState().setSearchPage({ query: 'tar', filter: { kind: 'pinned' }, sort: 'updatedAt', total: 8 }, [note('note:pinned')]);
  useNotes.getState().setSearchPage({ query: 'tar', filter: { kind: 'all' }, sort: 'title', total: 7 }, [note('note:by-title')]);
  assert.equal(useNotes.getState().partialSearch, null);
  assert.equal(useNotes.getState().byId.size, 0);
  const version = useNotes.getState().version;
  useNotes.getState().setSearchPage({ query: 'tar', ...all, total: 4995 }, [note('note:tar')]);
  assert.equal(useNotes.getState().partialSearch?.total, 4995);
  assert.ok(partialSearchFits(useNotes.getState().partialSearch, useNotes.getState()));
  assert.ok(useNotes.getState().byId.has('note:tar'));
  // Not a new version: that would run the search again, and again.
  assert.equal(useNotes.getState().version, version);
  // Another sidebar entry chosen meanwhile: the count no longer fits what is shown.
  useNotes.getState().setFilter({ kind: 'pinned' });
  assert.ok(!partialSearchFits(useNotes.getState().partialSearch, useNotes.getState()));
  useNotes.getState().setFilter({ kind: 'all' });
  const load = useNotes.getState().beginLoad();
  load.finish();
  assert.equal(useNotes.getState().partialSearch, null);
  useNotes.getState().setSearchPage({ query: 'tar', ...all, total: 1 }, [note('note:late')]);
  assert.equal(useNotes.getState().partialSearch, null);
  assert.ok(!useNotes.getState().byId.has('note:late'));
});

test('a load that failed stops collecting changes; the next one starts clean', () => {
  const failed = useNotes.getState().beginLoad();
  failed.add([note('note:half')]);
  failed.abandon();
  useNotes.getState().patch([note('note:after')], []);
  const next = useNotes.getState().beginLoad();
  next.add([note('note:whole')]);
  next.finish();
  // The change heard after the failure was applied directly, and is not laid over the new load's pages.
  assert.deepEqual(titles(), ['note:whole']);
});

test('placesVersion moves only when a note comes, goes or changes where it is listed; changedSince names the notes patched', () => {
  useNotes.getState().patch([note('note:a'), note('note:b')], []);
  const start = useNotes.getState();
  assert.equal(changedSince(start.version)?.size, 0);
  // A save while typing: new title and time, same notebook, tags, status and pin.
  useNotes.getState().patch([{ ...note('note:a', 'typed'), updatedAt: 2 }], []);
  assert.equal(useNotes.getState().placesVersion, start.placesVersion);
  useNotes.getState().patch([{ ...note('note:b'), tags: ['tag:t'] }], []);
  assert.equal(useNotes.getState().placesVersion, start.placesVersion + 1);
  useNotes.getState().patch([{ ...note('note:b'), tags: ['tag:t'], pinned: true }], []);
  useNotes.getState().patch([{ ...note('note:b'), tags: ['tag:t'], pinned: true, status: 'active' }], []);
  useNotes.getState().patch([{ ...note('note:b'), tags: ['tag:t'], pinned: true, status: 'active', bookId: 'book:z' }], []);
  assert.equal(useNotes.getState().placesVersion, start.placesVersion + 4);
  useNotes.getState().patch([note('note:new')], ['note:a', 'note:gone-already']);
  assert.equal(useNotes.getState().placesVersion, start.placesVersion + 5);
  assert.deepEqual([...changedSince(start.version)!].sort(), ['note:a', 'note:b', 'note:gone-already', 'note:new']);
  assert.deepEqual([...changedSince(useNotes.getState().version - 1)!].sort(), ['note:a', 'note:gone-already', 'note:new']);
  // A whole new list since: not known.
  const before = useNotes.getState().version;
  const load = useNotes.getState().beginLoad();
  load.add([note('note:x')]);
  load.finish();
  assert.equal(changedSince(before), null);
  // Too long ago to say.
  const old = useNotes.getState().version;
  for (let i = 0; i < 100; i += 1) useNotes.getState().patch([{ ...note('note:x'), updatedAt: i }], []);
  assert.equal(changedSince(old), null);
  assert.deepEqual([...changedSince(useNotes.getState().version - 3)!], ['note:x']);
});

test("the host's changes of a burst are applied together, the last of each note counting; a local change applies the held ones first", async () => {
  const load = useNotes.getState().beginLoad();
  load.add(Array.from({ length: 2000 }, (_, i) => note(`note:${i}`)));
  load.finish();
  const { queuePatch, patch } = useNotes.getState();
  const versionAt = () => useNotes.getState().version;
  const start = versionAt();
  // Held for a moment: the first at once (after a turn), the rest of the burst together after a wait.
  queuePatch([note('note:1', 'one')], []);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(versionAt(), start + 1);
  queuePatch([note('note:2', 'two')], []);
  queuePatch([], ['note:2']);
  queuePatch([note('note:3', 'three')], ['note:4']);
  queuePatch([note('note:4', 'four again')], []);
  assert.equal(versionAt(), start + 1, 'held');
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(versionAt(), start + 2, 'one patch for the four');
  const byId = useNotes.getState().byId;
  assert.deepEqual([byId.get('note:1')?.title, byId.has('note:2'), byId.get('note:3')?.title, byId.get('note:4')?.title], ['one', false, 'three', 'four again']);
  // A local change made while the host's are held comes after them.
  queuePatch([note('note:5', 'from the host')], []);
  queuePatch([note('note:6', 'from the host')], []);
  patch([note('note:6', 'typed here')], []);
  assert.equal(useNotes.getState().byId.get('note:5')?.title, 'from the host');
  assert.equal(useNotes.getState().byId.get('note:6')?.title, 'typed here');
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.equal(useNotes.getState().byId.get('note:6')?.title, 'typed here', 'nothing older applied after it');
});

test("a load begun while the host's changes are held is not overridden by them: they are older than its pages", async () => {
  useNotes.getState().setFirstPage([note('note:x', 'first')]);
  useNotes.getState().queuePatch([note('note:x', 'held, older')], []);
  const load = useNotes.getState().beginLoad();
  load.add([note('note:x', 'as the new pages have it')]);
  await new Promise((resolve) => setTimeout(resolve, 450));
  load.finish();
  assert.equal(useNotes.getState().byId.get('note:x')?.title, 'as the new pages have it');
});

test('a local change made from a note as the window has it includes the host changes still held', async () => {
  const load = useNotes.getState().beginLoad();
  load.add(Array.from({ length: 2000 }, (_, i) => note(`note:${i}`)));
  load.finish();
  const { queuePatch, patchNote } = useNotes.getState();
  queuePatch([note('note:9', 'first')], []);
  await new Promise((resolve) => setTimeout(resolve, 20));
  // A title saved a moment ago, its event still held, then the pin saved from the editor's header.
  queuePatch([note('note:9', 'retitled')], []);
  patchNote('note:9', (current) => ({ ...current, pinned: true }));
  assert.deepEqual([useNotes.getState().byId.get('note:9')?.title, useNotes.getState().byId.get('note:9')?.pinned], ['retitled', true]);
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.deepEqual([useNotes.getState().byId.get('note:9')?.title, useNotes.getState().byId.get('note:9')?.pinned], ['retitled', true]);
});
