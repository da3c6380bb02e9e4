import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickSelection, inListOrder, keySelection, neighborOf, selectAll, type ListSelection } from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];
const at = (id: string): ListSelection => ({ selectedIds: [id], activeId: id, anchorId: id });
const plain = { toggle: false, range: false };

test('a plain click opens one note and makes it the anchor', () => {
  const s = clickSelection(order, { selectedIds: ['a', 'b'], activeId: 'b', anchorId: 'a' }, 'd', plain);
  assert.deepEqual(s, at('d'));
});

test('Ctrl/Cmd-click adds and removes one note without losing the others', () => {
  let s = clickSelection(order, at('b'), 'd', { toggle: true, range: false });
  assert.deepEqual(s, { selectedIds: ['b', 'd'], activeId: 'd', anchorId: 'd' });
  s = clickSelection(order, s, 'd', { toggle: true, range: false });
  assert.deepEqual(s.selectedIds, ['b']);
  assert.equal(s.activeId, 'b', 'the open note moves to one still selected');
  s = clickSelection(order, s, 'b', { toggle: true, range: false });
  assert.deepEqual(s, at('b'), 'the last selected note stays selected');
});

test('Shift-click selects the range from the anchor, in either direction', () => {
  let s = clickSelection(order, at('b'), 'd', { toggle: false, range: true });
  assert.deepEqual(s, { selectedIds: ['b', 'c', 'd'], activeId: 'd', anchorId: 'b' });
  s = clickSelection(order, s, 'a', { toggle: false, range: true });
  assert.deepEqual(s.selectedIds, ['a', 'b'], 'the range pivots on the same anchor');
});

test('Ctrl+Shift-click adds a range to the selection', () => {
  const start = clickSelection(order, at('a'), 'c', { toggle: true, range: false });
  const s = clickSelection(order, start, 'e', { toggle: true, range: true });
  assert.deepEqual(s.selectedIds, ['a', 'c', 'd', 'e']);
});

test('Shift-click with an anchor that left the list selects just the clicked note', () => {
  const s = clickSelection(order, { selectedIds: ['x'], activeId: 'x', anchorId: 'x' }, 'c', { toggle: false, range: true });
  assert.deepEqual(s, at('c'));
});

test('arrows, Home, End and pages move the open note and stay inside the list', () => {
  assert.equal(keySelection(order, at('b'), 'ArrowDown', false, 2)?.activeId, 'c');
  assert.equal(keySelection(order, at('a'), 'ArrowUp', false, 2)?.activeId, 'a');
  assert.equal(keySelection(order, at('e'), 'ArrowDown', false, 2)?.activeId, 'e');
  assert.equal(keySelection(order, at('c'), 'Home', false, 2)?.activeId, 'a');
  assert.equal(keySelection(order, at('c'), 'End', false, 2)?.activeId, 'e');
  assert.equal(keySelection(order, at('a'), 'PageDown', false, 3)?.activeId, 'd');
  assert.equal(keySelection(order, at('b'), 'PageUp', false, 3)?.activeId, 'a');
  assert.equal(keySelection(order, { selectedIds: [], activeId: null, anchorId: null }, 'ArrowDown', false, 2)?.activeId, 'a');
  assert.equal(keySelection([], at('a'), 'ArrowDown', false, 2), null);
});

test('Shift+arrows grow and shrink a range around the anchor', () => {
  let s = keySelection(order, at('c'), 'ArrowDown', true, 2)!;
  assert.deepEqual(s, { selectedIds: ['c', 'd'], activeId: 'd', anchorId: 'c' });
  s = keySelection(order, s, 'ArrowDown', true, 2)!;
  assert.deepEqual(s.selectedIds, ['c', 'd', 'e']);
  s = keySelection(order, s, 'ArrowUp', true, 2)!;
  s = keySelection(order, s, 'ArrowUp', true, 2)!;
  s = keySelection(order, s, 'ArrowUp', true, 2)!;
  assert.deepEqual(s, { selectedIds: ['b', 'c'], activeId: 'b', anchorId: 'c' });
});

test('select all keeps the open note open', () => {
  assert.deepEqual(selectAll(order, at('c')), { selectedIds: order, activeId: 'c', anchorId: 'c' });
});

test('selected ids come back in list order, without those that left the list', () => {
  assert.deepEqual(inListOrder(order, ['e', 'x', 'a']), ['a', 'e']);
  assert.deepEqual(inListOrder(order, ['x']), []);
});

test('the neighbour of a note that left is the next still there, else the previous', () => {
  assert.equal(neighborOf(order, new Set(['a', 'b', 'd', 'e']), 'c'), 'd');
  assert.equal(neighborOf(order, new Set(['a', 'b', 'e']), 'c'), 'e');
  assert.equal(neighborOf(order, new Set(['a', 'b']), 'e'), 'b');
  assert.equal(neighborOf(order, new Set(), 'c'), null);
  assert.equal(neighborOf(order, new Set(['a']), 'z'), null);
});
