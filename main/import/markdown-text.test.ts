import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstHeading, localImageRefs, rewriteTargets } from './markdown-text';

test('firstHeading: the first "# " line outside fenced code, closing hashes removed', () => {
  assert.equal(firstHeading('#hashtag\n## Two\n# One #\n# Later'), 'One');
  assert.equal(firstHeading('~~~\n# in code\n~~~\n   # Indented\n'), 'Indented');
  assert.equal(firstHeading('````\n```\n# still code\n````\n# After'), 'After');
  assert.equal(firstHeading('```\n# never closed'), null);
  assert.equal(firstHeading('#\n# \nplain'), null);
});

test('localImageRefs: relative targets only, decoded, with offsets of the target', () => {
  const text = '![a](img/a%20b.png?v=2) ![b](<c d.png> "t") ![c](/abs.png) ![d](data:image/png;base64,xx)\n' +
    '<img width=3 src=\'e.gif\'> <img src=https://x/y.png> ![e](#anchor) [link](f.png)';
  const refs = localImageRefs(text);
  assert.deepEqual(refs.map((r) => r.path), ['img/a b.png', 'c d.png', 'e.gif']);
  assert.deepEqual(refs.map((r) => text.slice(r.start, r.end)), ['img/a%20b.png?v=2', '<c d.png>', 'e.gif']);
  const out = rewriteTargets(text, refs.map((ref, i) => ({ ref, target: `quire://file:${i}` })));
  assert.match(out, /^!\[a\]\(quire:\/\/file:0\) !\[b\]\(<quire:\/\/file:1> "t"\)/);
  assert.match(out, /<img width=3 src='quire:\/\/file:2'>/);
});
