import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError, docTypeOf, validateDoc } from './schema';

const note = {
  _id: 'note:a',
  title: 'T',
  body: 'hello',
  bookId: 'book:b',
  createdAt: 1,
  updatedAt: 2,
};

test('a note gets its defaults and keeps fields from other apps', () => {
  const valid: Record<string, unknown> = validateDoc({ ...note, migratedBy: 'inkdrop', extra: { x: 1 } });
  assert.equal(valid.doctype, 'markdown');
  assert.equal(valid.status, 'none');
  assert.equal(valid.pinned, false);
  assert.deepEqual(valid.tags, []);
  assert.equal(valid.migratedBy, 'inkdrop');
  assert.deepEqual(valid.extra, { x: 1 });
});

test('an invalid note is rejected with the field and the reason', () => {
  assert.throws(() => validateDoc({ ...note, status: 'sleeping' }), (error: unknown) => {
    assert.ok(error instanceof ValidationError);
    assert.match(error.message, /status/);
    assert.equal(error.issues[0]?.path, 'status');
    return true;
  });
  assert.throws(() => validateDoc({ ...note, bookId: 'nowhere' }), /bookId must be an id starting with "book:"/);
  assert.throws(() => validateDoc({ ...note, body: 'x'.repeat(8_000_001) }), /body is larger than 8 MB/);
  assert.doesNotThrow(() => validateDoc({ ...note, body: 'x'.repeat(8_000_000) }));
  assert.throws(() => validateDoc({ ...note, createdAt: -5 }), /createdAt/);
});

test('notebook and tag names are checked', () => {
  const book = { _id: 'book:x', name: 'Work', createdAt: 1, updatedAt: 1 };
  assert.equal((validateDoc(book) as Record<string, unknown>).parentBookId, null);
  assert.throws(() => validateDoc({ ...book, name: 'n'.repeat(65) }), /name a notebook name must be at most 64 characters/);
  assert.throws(() => validateDoc({ _id: 'tag:t', name: '   ', createdAt: 1, updatedAt: 1 }), /tag name cannot be empty/);
  assert.throws(() => validateDoc({ _id: 'tag:t', name: 'x', color: 'chartreuse', createdAt: 1, updatedAt: 1 }), /color/);
});

test('documents of unknown type pass through untouched; reserved ids do not', () => {
  const config = { _id: 'config', core: { defaultBook: 'book:first' } };
  assert.equal(validateDoc(config), config);
  assert.throws(() => validateDoc({ _id: '_design/x' }), /reserved/);
  assert.throws(() => validateDoc({ _id: '' }), /_id must be a non-empty string/);
});

test('docTypeOf reads the id prefix', () => {
  assert.equal(docTypeOf('note:x'), 'note');
  assert.equal(docTypeOf('file:x:y'), 'file');
  assert.equal(docTypeOf('config'), null);
  assert.equal(docTypeOf('notes:x'), null);
  assert.equal(docTypeOf(':x'), null);
});
