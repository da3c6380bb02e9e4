import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainError } from './plain-error';
import { fileProblem } from './image-files';

test('schema refusals lose the document id and read as a sentence', () => {
  assert.equal(plainError(new Error('Invalid document "note:abc": body is larger than 8 MB')), 'The note is larger than 8 MB');
  assert.equal(plainError(new Error('Invalid document "note:abc": title must be at most 1000 characters')), 'The title must be at most 1000 characters');
  assert.equal(plainError(new Error('That notebook no longer exists. Pick another notebook.')), 'That notebook no longer exists. Pick another notebook.');
  assert.equal(plainError('plain'), 'plain');
});

test('files over 10 MiB or empty are refused before they are read', () => {
  assert.equal(fileProblem({ name: 'big.png', size: 11 * 1024 * 1024 }), '“big.png” is 11.0 MiB; images can be at most 10 MiB.');
  assert.equal(fileProblem({ name: '', size: 0 }), '“image” is empty.');
  assert.equal(fileProblem({ name: 'ok.png', size: 10 * 1024 * 1024 }), null);
});
