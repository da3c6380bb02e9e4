import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { exportedBody, noteMetaOf, parseFrontMatter } from '../import/front-matter';
import { noteFileText, type ExportedMeta } from './front-matter';

const meta = (fields: Partial<ExportedMeta> = {}): ExportedMeta => ({
  title: 'A note',
  tags: [],
  notebook: ['Notes'],
  status: 'none',
  pinned: false,
  createdAt: Date.parse('2024-01-02T03:04:05.678Z'),
  updatedAt: Date.parse('2024-06-07T08:09:10.111Z'),
  id: 'note:abc',
  ...fields,
});

/** What `quire import-markdown` reads from an exported file. */
function readBack(text: string) {
  const fm = parseFrontMatter(text);
  assert.equal(fm.kind, 'valid', text);
  if (fm.kind !== 'valid') throw new Error('unreachable');
  return { body: exportedBody(text, fm), meta: noteMetaOf(fm.data).meta, data: fm.data };
}

// Strings that trip YAML writers: indicators, look-alikes of other types, spaces, breaks, controls, scripts.
const AWKWARD = [
  '', ' ', '   ', 'plain', 'two words', ' lead', 'trail ', 'a: b', 'a:b', 'a:', ':a', 'a #b', 'a#b', '#a', '- a', '-a', '--- ', '---',
  '...', '? a', '?a', ',a', 'a,b', '[a]', '{a}', 'a]', '!a', 'a!', '&a', '*a', '|', '>', '%a', '@a', '`a', "'a'", '"a"', "it's",
  'a\\b', 'C:\\x', 'null', 'Null', 'NULL', '~', 'true', 'False', 'yes', 'No', 'on', 'y', '1', '-1', '+1', '1.5', '.5', '1e3',
  '0x1F', '0o17', '.inf', '-.Inf', '.nan', '2020-01-01', '2020-01-01T00:00:00Z', '12:30', 'line\nbreak', 'cr\rlf', 'tab\tx',
  'nul\u0000', 'del\u007f', 'c1\u0085\u0099', 'ls\u2028ps\u2029', '\ufeffbom', 'x\uffff', 'lone\ud800', 'é', 'e\u0301',
  '😀 emoji 👨‍👩‍👧', 'שלום עולם', '\u202eRTL', 'مرحبا', '中文标题', 'Ελληνικά', '<<', '=', 'a = b', '(x)', '/path/to', 'note:abc',
  'x'.repeat(1000), 'title: nested', '\\', '"', "'", 'a "b" c', "a 'b' c",
];

test('every title and tag comes back from the front matter exactly as it was', () => {
  for (const text of AWKWARD) {
    const tags = text.trim() === '' || text.length > 64 ? [] : [text, 'other'];
    const notebook = text.trim() === '' || text.length > 64 ? ['Notes'] : [text, 'Sub'];
    const file = noteFileText(meta({ title: text, tags, notebook }), 'Body\n');
    const lines = file.split('\n');
    assert.equal(lines.indexOf('---', 1), 9, `one line per key for ${JSON.stringify(text)}:\n${file}`);
    const back = readBack(file);
    assert.equal(back.body, 'Body\n');
    assert.equal(back.meta.title, text, JSON.stringify(text));
    if (tags.length) assert.deepEqual(back.data.tags, tags, JSON.stringify(text));
    assert.deepEqual(back.meta.notebook, notebook, JSON.stringify(text));
    // Any YAML reader sees the same (the importer uses `yaml` too; this guards the writer, not the reader).
    assert.equal((parse(file.split('---\n')[1]!) as { title: string }).title, text);
  }
});

test('front matter lists the keys in the importer’s order; times are ISO 8601, or milliseconds past year 9999', () => {
  const file = noteFileText(meta({ tags: ['a b', 'c'], status: 'onHold', pinned: true }), '# Body');
  assert.equal(
    file,
    '---\ntitle: A note\ntags: [a b, c]\nnotebook: [Notes]\nstatus: onHold\npinned: true\n' +
      'created: 2024-01-02T03:04:05.678Z\nupdated: 2024-06-07T08:09:10.111Z\nid: note:abc\n---\n# Body',
  );
  const far = readBack(noteFileText(meta({ updatedAt: 300_000_000_000_000, createdAt: 0 }), ''));
  assert.equal(far.meta.updatedAt, 300_000_000_000_000);
  assert.equal(far.meta.createdAt, 0);
});

test('bodies come back byte for byte, whatever they start with', () => {
  const bodies = [
    '', '\n', 'text', '---', '---\n', '---\nnot yaml: [\n---\nx', '---\n- a list\n---\nx', '---\nauthor: Ada\n---\nText',
    '---\nauthor: Ada\n---', '---\nauthor: Ada\n...\nText', '---\r\nauthor: Ada\r\n---\r\nText', '--- \nauthor: Ada\n---\nText',
    '---\n---\nempty block', '---\n\n---\nblank block', '---\n# only a comment\n---\nx', '---\n{a: 1}\n---\nflow map',
    '---\n  indented: 1\n---\nx', '---\ntitle: A note\nauthor: Ada\n---\nsame title', '---\ntitle: Other\n---\nother title',
    '---\ntags: [x]\n---\nother tags', '---\nid: note:abc\nx: 1\n---\nsame id first', '---\ntitle: A note\n---\nonly a same title',
    '---\ntitle: A note\ntags: []\nnotebook: [Notes]\nstatus: none\npinned: false\ncreated: 2024-01-02T03:04:05.678Z\n' +
      'updated: 2024-06-07T08:09:10.111Z\nid: note:abc\n---\nall the same keys',
    '---\nstatus: active\n---\nconflicting status',
  ];
  for (const body of bodies) {
    const file = noteFileText(meta(), body);
    const back = readBack(file);
    assert.equal(back.body, body, `${JSON.stringify(body)} → ${JSON.stringify(file)}`);
    assert.equal(back.meta.title, 'A note');
    assert.equal(back.meta.id, 'note:abc');
    assert.equal(back.meta.status ?? 'none', 'none');
  }
});

test('a note’s own front matter is merged into the export’s: its keys kept, none twice', () => {
  const file = noteFileText(meta(), '---\nauthor: Ada\nid: note:abc\n---\nText\n');
  assert.equal(
    file,
    '---\ntitle: A note\ntags: []\nnotebook: [Notes]\nstatus: none\npinned: false\ncreated: 2024-01-02T03:04:05.678Z\n' +
      'updated: 2024-06-07T08:09:10.111Z\n\nauthor: Ada\nid: note:abc\n---\nText\n',
  );
  assert.equal(file.match(/^---$/gm)!.length, 2, 'one block');
  // A clashing value cannot be merged without losing one of the two: the note's block stays in the body.
  const clash = noteFileText(meta(), '---\ntitle: Other\n---\nText\n');
  assert.match(clash, /\nid: note:abc\n---\n---\ntitle: Other\n---\nText\n$/);
});
