import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSort, SORT_KEY, writeSort } from './sort-preference';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

test('the chosen sort is written and read back', () => {
  const storage = memoryStorage();
  assert.equal(readSort(storage), null);
  writeSort(storage, 'title');
  assert.equal(storage.map.get(SORT_KEY), 'title');
  assert.equal(readSort(storage), 'title');
});

test('an unknown value, no storage, or storage that throws gives no preference', () => {
  const storage = memoryStorage();
  storage.setItem(SORT_KEY, 'colour');
  assert.equal(readSort(storage), null);
  assert.equal(readSort(undefined), null);
  const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  assert.equal(readSort(broken), null);
  assert.doesNotThrow(() => writeSort(broken, 'createdAt'));
});
