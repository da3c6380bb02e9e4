import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NoteSummary } from '../../shared/types';
import { SummaryPages } from './summary-pages';

const note = (i: number): NoteSummary => ({
  id: `note:${i}`, title: `Note ${i}`, snippet: '', bookId: 'book:a', tags: [], status: 'none',
  pinned: false, createdAt: i, updatedAt: i, numOfTasks: 0, numOfCheckedTasks: 0,
});

function readAll(pages: SummaryPages, all: () => NoteSummary[], between?: () => void): NoteSummary[] {
  const out: NoteSummary[] = [];
  let page = pages.page(undefined, all);
  out.push(...page.notes);
  while (page.next) {
    between?.();
    page = pages.page(page.next, all);
    out.push(...page.notes);
  }
  return out;
}

test('a list that fits one page comes in one answer, with no cursor', () => {
  const live = [note(1), note(2)];
  assert.deepEqual(new SummaryPages(5).page(undefined, () => [...live]), { notes: live, next: null });
});

test('pages give every note of the list as it was at the first call, even if notes are deleted or added between pages', () => {
  const live = new Map(Array.from({ length: 23 }, (_, i) => [`note:${i}`, note(i)]));
  const pages = new SummaryPages(5);
  let step = 0;
  const got = readAll(pages, () => [...live.values()], () => {
    // An offset into the live list would now skip a note.
    live.delete(`note:${step}`);
    live.set(`note:new${step}`, note(100 + step));
    step += 1;
  });
  assert.deepEqual(got.map((n) => n.id), Array.from({ length: 23 }, (_, i) => `note:${i}`));
  assert.equal(step, 4);
});

test('the last page forgets its list: its cursor, asked again, says to start over in words', () => {
  const pages = new SummaryPages(2);
  const all = () => [note(1), note(2), note(3)];
  const first = pages.page(undefined, all);
  const last = pages.page(first.next!, all);
  assert.equal(last.next, null);
  assert.throws(() => pages.page(first.next!, all), /has to start again/);
});

test('a cursor that was never handed out, or is malformed, is refused without reading anything', () => {
  const pages = new SummaryPages(2);
  const all = () => [note(1), note(2), note(3)];
  for (const cursor of ['nope:2', 'x', ':2', 'a:b', '../../etc:1', `${'a'.repeat(41)}:2`]) {
    assert.throws(() => pages.page(cursor, all), { name: 'ListingGone' });
  }
});

test('a list left unread (a window closed mid-load) is dropped after a minute', () => {
  let now = 0;
  const pages = new SummaryPages(2, () => now);
  const all = () => [note(1), note(2), note(3)];
  const first = pages.page(undefined, all);
  now = 61_000;
  assert.throws(() => pages.page(first.next!, all), /has to start again/);
  // Still asked in time, a list keeps going.
  const again = pages.page(undefined, all);
  now += 59_000;
  assert.equal(pages.page(again.next!, all).notes.length, 1);
});

test('with too many lists at once, the one asked least recently goes, not one still being read', () => {
  const pages = new SummaryPages(1);
  const all = () => [note(1), note(2), note(3)];
  const oldest = pages.page(undefined, all);
  const others = Array.from({ length: 7 }, () => pages.page(undefined, all));
  // The oldest list is still being read: asked again, it is now the most recent.
  const next = pages.page(oldest.next!, all);
  pages.page(undefined, all); // a ninth: one must go
  assert.equal(pages.page(next.next!, all).notes[0]?.id, 'note:3');
  assert.throws(() => pages.page(others[0]!.next!, all), { name: 'ListingGone' });
});
