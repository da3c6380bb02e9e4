import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noteToOpen, type OpenNoteFacts } from './keep-open';

const facts = (activeId: string | null, extra: Partial<OpenNoteFacts> = {}): OpenNoteFacts =>
  ({ activeId, activeExists: true, activeChangedPlace: false, ...extra });
const list = (key: string, ...ids: string[]) => ({ key, ids });

test('the open note stays open while it is in the list', () => {
  assert.equal(noteToOpen(list('all', 'a', 'b'), list('all', 'a'), facts('b')), undefined);
});

test('nothing open, or another sidebar entry or search: the first note opens', () => {
  assert.equal(noteToOpen(list('all', 'a', 'b'), null, facts(null)), 'a');
  assert.equal(noteToOpen(list('all', 'a', 'b'), list('all', 'a', 'b'), facts(null)), 'a');
  assert.equal(noteToOpen(list('book:x', 'c', 'd'), list('all', 'a', 'b'), facts('a')), 'c');
  assert.equal(noteToOpen(list('all\u0000zebra', 'z'), list('all', 'a', 'z'), facts('a')), 'z');
  assert.equal(noteToOpen(list('book:empty'), list('all', 'a'), facts('a')), null, 'an empty list closes the note');
});

test('a trashed, restored or deleted note gives way to the one after it', () => {
  const before = list('all', 'a', 'b', 'c');
  assert.equal(noteToOpen(list('all', 'a', 'c'), before, facts('b', { activeChangedPlace: true })), 'c');
  assert.equal(noteToOpen(list('all', 'a', 'b'), before, facts('c', { activeExists: false })), 'b');
  assert.equal(noteToOpen(list('all'), before, facts('c', { activeExists: false })), null);
});

test('a note that stops matching while it is edited stays open', () => {
  const before = list('tag:t', 'a', 'b');
  assert.equal(noteToOpen(list('tag:t', 'a'), before, facts('b')), undefined);
});

test('a note just created and not yet in the list stays open', () => {
  assert.equal(noteToOpen(list('all', 'a', 'b'), list('all', 'a', 'b'), facts('new', { activeExists: false })), undefined);
});
