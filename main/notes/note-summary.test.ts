import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snippetOf } from './note-summary';

test('snippets read as plain text', () => {
  assert.equal(snippetOf('---\ntitle: x\n---\n# Head\n\n- [x] done\n- [ ] todo\n1. one'), 'Head done todo one');
  assert.equal(snippetOf('See ![img](quire://file:1) and [a link](http://x) `code` **bold**'), 'See and a link code bold');
  assert.equal(snippetOf('```js\nconst x = 1;\n```\nafter'), 'after');
  assert.equal(snippetOf('x'.repeat(500)).length, 120);
});
