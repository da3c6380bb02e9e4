import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileIdOfUrl, imageMarkdown, isExternalUrl, noteIdOfUrl } from './app-links';

test('quire:// and inkdrop:// links name files and notes', () => {
  assert.equal(fileIdOfUrl('quire://file:abc123'), 'file:abc123');
  assert.equal(fileIdOfUrl('inkdrop://file:Xy-9'), 'file:Xy-9');
  assert.equal(fileIdOfUrl('INKDROP://file:a%20b'), 'file:a b');
  assert.equal(fileIdOfUrl('quire://note:abc'), null);
  assert.equal(fileIdOfUrl('https://example.com/file:abc'), null);
  assert.equal(noteIdOfUrl('inkdrop://note:abc'), 'note:abc');
  assert.equal(noteIdOfUrl('quire://file:abc'), null);
});

test('an inserted image link uses the name without its extension as the alt text', () => {
  assert.equal(imageMarkdown('logo.png', 'file:abc'), '![logo](quire://file:abc)');
  assert.equal(imageMarkdown('a [b] c.jpeg', 'file:abc'), '![a b c](quire://file:abc)');
  assert.equal(imageMarkdown('.png', 'file:abc'), '![image](quire://file:abc)');
  assert.equal(imageMarkdown('x.png', 'file:a b'), '![x](<quire://file:a b>)');
});

test('only web and mail links leave the app', () => {
  assert.ok(isExternalUrl('https://example.com'));
  assert.ok(isExternalUrl('mailto:ada@example.com'));
  assert.ok(!isExternalUrl('javascript:alert(1)'));
  assert.ok(!isExternalUrl('file:///etc/passwd'));
  assert.ok(!isExternalUrl('other.md'));
});
