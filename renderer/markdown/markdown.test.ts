import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTaskChecked } from '../../shared/tasks';
import { renderMarkdown } from './markdown';

test('GitHub features: tables, strikethrough, autolinks, footnotes', () => {
  const html = renderMarkdown([
    '| a | b |', '| - | - |', '| 1 | 2 |', '', '~~gone~~ see https://example.com/x', '', 'Note.[^1]', '', '[^1]: The footnote.',
  ].join('\n'));
  assert.match(html, /<table>[\s\S]*<th>a<\/th>[\s\S]*<td>2<\/td>/);
  assert.match(html, /<s>gone<\/s>/);
  assert.match(html, /<a href="https:\/\/example.com\/x">https:\/\/example.com\/x<\/a>/);
  assert.match(html, /<sup class="footnote-ref"><a href="#fn1" id="fnref1">\[1\]<\/a><\/sup>/);
  assert.match(html, /<li id="fn1" class="footnote-item"><p>The footnote\./);
});

test('fenced code in a known language is highlighted; others stay escaped plain text', () => {
  const html = renderMarkdown('```js\nconst a = "<b>";\n```\n\n```nosuchlang\n<b>x</b>\n```');
  assert.match(html, /<pre><code class="hljs language-js"><span class="hljs-keyword">const<\/span>/);
  assert.match(html, /&quot;&lt;b&gt;&quot;/);
  assert.match(html, /<pre><code class="language-nosuchlang">&lt;b&gt;x&lt;\/b&gt;/);
});

test('task boxes are numbered as shared/tasks.ts counts them, skipping code and quotes', () => {
  const body = [
    '- [ ] first', '- [x] **second**', '', '```', '- [ ] in code', '```', '', '> - [ ] quoted', '', '1. [ ] third', '- [ ]',
  ].join('\n');
  const html = renderMarkdown(body);
  const boxes = [...html.matchAll(/<input type="checkbox" class="task-checkbox" data-task-index="(\d+)"( checked)?>/g)];
  assert.deepEqual(boxes.map((m) => [Number(m[1]), Boolean(m[2])]), [[0, false], [1, true], [2, false], [3, false]]);
  assert.match(html, /data-task-index="1" checked><strong>second<\/strong>/);
  assert.match(html, /<li>\[ \] quoted<\/li>/);
  assert.match(html, /<ul class="contains-task-list">/);
  // Box 2 is "third": ticking it changes that line and no other.
  assert.equal(setTaskChecked(body, 2, true).split('\n')[9], '1. [x] third');
});

test('markdown links with javascript: are not made links; raw HTML is passed on for the sanitizer', () => {
  const html = renderMarkdown('[x](javascript:alert(1))\n\n<b onclick="x">raw</b>');
  assert.doesNotMatch(html, /href="javascript:/);
  assert.match(html, /<b onclick="x">raw<\/b>/);
});

test('no style attributes: table alignment becomes a class, and raw HTML loses its styles', () => {
  const html = renderMarkdown('| a | b | c |\n|:-|:-:|-:|\n| 1 | 2 | 3 |\n\n<div style="float: right" title="x">box</div>\n\n<span style=\'color: red\'>red</span> style="kept as text"\n');
  assert.doesNotMatch(html, /\sstyle="/i);
  assert.match(html, /<th class="align-left">a<\/th>/);
  assert.match(html, /<th class="align-center">b<\/th>/);
  assert.match(html, /<td class="align-right">3<\/td>/);
  assert.match(html, /<div title="x">box<\/div>/);
  assert.match(html, /<span>red<\/span> style=&quot;kept as text&quot;/);
});
