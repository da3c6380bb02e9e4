import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCount, formatUpdated, snippetWithoutTitle, bodyWithoutTitle } from './format';

const now = Date.UTC(2026, 2, 10, 12, 0, 0);

test('recent times are relative, older ones a date', () => {
  assert.equal(formatUpdated(now - 10_000, now, 'en-US'), 'Just now');
  assert.equal(formatUpdated(now - 5 * 60_000, now, 'en-US'), '5 minutes ago');
  assert.equal(formatUpdated(now - 3 * 3_600_000, now, 'en-US'), '3 hours ago');
  assert.equal(formatUpdated(now - 26 * 3_600_000, now, 'en-US'), 'yesterday');
  assert.match(formatUpdated(Date.UTC(2026, 0, 2, 12), now, 'en-US'), /^Jan 2$/);
  assert.match(formatUpdated(Date.UTC(2024, 0, 2, 12), now, 'en-US'), /^Jan 2, 2024$/);
});

test('counts are grouped and pluralised', () => {
  assert.equal(formatCount(1, 'note', 'notes', 'en-US'), '1 note');
  assert.equal(formatCount(38405, 'note', 'notes', 'en-US'), '38,405 notes');
});

test('the snippet drops the title it repeats', () => {
  assert.equal(snippetWithoutTitle({ title: 'Roadmap', snippet: 'Roadmap What ships next' }), 'What ships next');
  assert.equal(snippetWithoutTitle({ title: 'Other', snippet: 'Roadmap What ships next' }), 'Roadmap What ships next');
  assert.equal(snippetWithoutTitle({ title: '', snippet: 'Body' }), 'Body');
});

test('the note view drops a first heading that repeats the title', () => {
  assert.equal(bodyWithoutTitle('Roadmap', '# Roadmap\n\nWhat ships next.\n'), 'What ships next.\n');
  assert.equal(bodyWithoutTitle('Roadmap', '# Other\nText'), '# Other\nText');
  assert.equal(bodyWithoutTitle('Roadmap', 'Text\n# Roadmap\n'), 'Text\n# Roadmap\n');
});
