import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snippetOf } from './note-summary';

test('snippets read as plain text', () => {
  assert.equal(snippetOf('---\ntitle: x\n---\n# Head\n\n- [x] done\n- [ ] todo\n1. one'), 'Head done todo one');
  assert.equal(snippetOf('See ![img](quire://file:1) and [a link](http://x) `code` **bold**'), 'See and a link code bold');
  assert.equal(snippetOf('```js\nconst x = 1;\n```\nafter'), 'after');
  assert.equal(snippetOf('x'.repeat(500)).length, 120);
});

/** The rules as they were written first, four passes over the text: the one-pass snippet must give the same. */
const byRegExps = (body: string) =>
  body
    .slice(0, 480)
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+(\[[ xX]\]\s+)?/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);

test('the one-pass snippet is what the regular expressions give, for every kind of white space and mark', () => {
  for (let c = 0; c < 0x10000; c++) {
    const body = `a${String.fromCharCode(c)}b`;
    assert.equal(snippetOf(body), byRegExps(body), `U+${c.toString(16).padStart(4, '0')}`);
  }
  const pieces = ['a', 'word', ' ', '  ', '\n', '\t', '\u00a0', '\u3000', '*', '**', '_', '`', '~~', '😀', '# ', '- ', '> ', '[x](y)', '![i](p)', '```', '\n---\n', 'é', '中文'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let n = 0; n < 3000; n++) {
    let body = '';
    while (body.length < 40 + (next() % 600)) body += pieces[next() % pieces.length];
    assert.equal(snippetOf(body), byRegExps(body), JSON.stringify(body));
  }
});
