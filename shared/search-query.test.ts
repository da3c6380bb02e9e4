import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptySearchQuery, isEmptySearchQuery, parseSearchQuery, parseStatus } from './search-query';

const parsed = (input: string) => parseSearchQuery(input);

test('free words, in order, without duplicates', () => {
  assert.deepEqual(parsed('  grep   archive grep ').terms, ['grep', 'archive']);
  assert.deepEqual(parsed('归档 файл ملف').terms, ['归档', 'файл', 'ملف']);
});

test('the last word is partial only while it is being typed', () => {
  assert.equal(parsed('gre').lastTermIsPartial, true);
  assert.equal(parsed('tar gre').lastTermIsPartial, true);
  assert.equal(parsed('gre ').lastTermIsPartial, false);
  assert.equal(parsed('gre tag:x').lastTermIsPartial, false);
  assert.equal(parsed('"gre"').lastTermIsPartial, false);
  assert.equal(parsed('tar -gre').lastTermIsPartial, false);
  assert.equal(parsed('').lastTermIsPartial, false);
});

test('quoted phrases, straight or typographic, and an unclosed quote running to the end', () => {
  const q = parsed('"create an archive" tar “exact words” "still typ');
  assert.deepEqual(q.phrases, ['create an archive', 'exact words', 'still typ']);
  assert.deepEqual(q.terms, ['tar']);
  assert.deepEqual(parsed('""').phrases, []);
});

test('qualifiers, with quoted values and any case for the key', () => {
  const q = parsed('book:"My Work" Tag:todo status:active title:grep title:"two words"');
  assert.deepEqual(q.books, ['My Work']);
  assert.deepEqual(q.tags, ['todo']);
  assert.deepEqual(q.statuses, ['active']);
  assert.deepEqual(q.title, ['grep', 'two words']);
  assert.deepEqual(q.terms, []);
});

test('exclusions of words, phrases and every qualifier', () => {
  const q = parsed('tar -gzip -"compressed archive" -tag:old -book:Trash -status:dropped -title:draft');
  assert.deepEqual(q.terms, ['tar']);
  assert.deepEqual(q.excludeTerms, ['gzip']);
  assert.deepEqual(q.excludePhrases, ['compressed archive']);
  assert.deepEqual(q.excludeTags, ['old']);
  assert.deepEqual(q.excludeBooks, ['Trash']);
  assert.deepEqual(q.excludeStatuses, ['dropped']);
  assert.deepEqual(q.excludeTitle, ['draft']);
});

test('friendly status names', () => {
  for (const form of ['onHold', 'on-hold', 'onhold', 'On Hold', 'ON_HOLD']) assert.equal(parseStatus(form), 'onHold');
  assert.equal(parseStatus('Completed'), 'completed');
  assert.equal(parseStatus('none'), 'none');
  assert.equal(parseStatus('later'), null);
  assert.deepEqual(parsed('status:"on hold" status:on-hold').statuses, ['onHold']);
});

test('an unknown status is kept apart so the search can match nothing for it', () => {
  const q = parsed('status:later -status:someday');
  assert.deepEqual(q.statuses, []);
  assert.deepEqual(q.unknownStatuses, ['later']);
  assert.deepEqual(q.excludeStatuses, []);
});

test('unknown keys, a lone dash and empty qualifiers are plain text or nothing', () => {
  assert.deepEqual(parsed('https://example.com foo:bar').terms, ['https://example.com', 'foo:bar']);
  assert.deepEqual(parsed('rm - x').terms, ['rm', '-', 'x']);
  const q = parsed('tag: book:"" title:');
  assert.ok(isEmptySearchQuery(q));
});

test('a dash inside a word is part of the word', () => {
  assert.deepEqual(parsed('git-commit').terms, ['git-commit']);
  assert.deepEqual(parsed('status:on-hold').statuses, ['onHold']);
});

test('isEmptySearchQuery', () => {
  assert.ok(isEmptySearchQuery(emptySearchQuery()));
  assert.ok(isEmptySearchQuery(parsed('   ')));
  assert.ok(!isEmptySearchQuery(parsed('tag:x')));
  assert.ok(!isEmptySearchQuery(parsed('-x')));
  assert.ok(!isEmptySearchQuery(parsed('status:later')));
});
