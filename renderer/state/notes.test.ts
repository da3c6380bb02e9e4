// The notes store taking every summary in pages while changes keep arriving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NoteSummary } from '../../shared/types';
import { useNotes } from './notes';

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

test("a search's first rows and count count only for the query typed, and only until every summary is in", () => {
  useNotes.setState({ loaded: false, byId: new Map(), query: 'tar', partialSearch: null });
  useNotes.getState().setSearchPage('ta', [note('note:stale')], 9);
  assert.equal(useNotes.getState().partialSearch, null);
  const version = useNotes.getState().version;
  useNotes.getState().setSearchPage('tar', [note('note:tar')], 4995);
  assert.deepEqual(useNotes.getState().partialSearch, { query: 'tar', total: 4995 });
  assert.ok(useNotes.getState().byId.has('note:tar'));
  // Not a new version: that would run the search again, and again.
  assert.equal(useNotes.getState().version, version);
  const load = useNotes.getState().beginLoad();
  load.finish();
  assert.equal(useNotes.getState().partialSearch, null);
  useNotes.getState().setSearchPage('tar', [note('note:late')], 1);
  assert.equal(useNotes.getState().partialSearch, null);
  assert.ok(!useNotes.getState().byId.has('note:late'));
});
