import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FolderNames, MAX_NAME_BYTES, couldBeExportedName, fileNameBudget, nameKey, notebookNameBudget, safeStem,
} from './file-names';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
// What any of Windows, macOS or Linux refuses or hides in a file name.
const FORBIDDEN = /[<>:"/\\|?*]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

function assertPortable(name: string) {
  assert.ok(name.length > 0, 'not empty');
  assert.doesNotMatch(name, FORBIDDEN, `${JSON.stringify(name)} has no forbidden character`);
  assert.ok([...name].every((c) => c.charCodeAt(0) >= 0x20), `${JSON.stringify(name)} has no control character`);
  assert.doesNotMatch(name, /[. ]$/, `${JSON.stringify(name)} does not end in a dot or space`);
  assert.doesNotMatch(name, /^\./, `${JSON.stringify(name)} is not hidden`);
  assert.doesNotMatch(name.replace(/\.md$/, ''), WINDOWS_RESERVED, `${JSON.stringify(name)} is not a Windows device name`);
  assert.ok(bytes(name) <= MAX_NAME_BYTES, `${JSON.stringify(name)} fits in 255 bytes`);
  assert.equal(name, name.normalize('NFC'));
}

test('hostile titles become portable names that still read like the title', () => {
  const cases: [string, string][] = [
    ['../x', '_x'],
    ['CON', 'CON_'],
    ['con.txt', 'con_.txt'],
    ['nul ', 'nul_'],
    ['COM¹', 'COM¹_'],
    ['a/b', 'a_b'],
    ['a\\b:c*d?e"f<g>h|i', 'a_b_c_d_e_f_g_h_i'],
    ['trailing dots...', 'trailing dots'],
    ['.hidden', '_.hidden'],
    ['..', '_'],
    ['  leading spaces', 'leading spaces'],
    ['tab\there', 'tab here'],
    ['😀 emoji 👨‍👩‍👧', '😀 emoji 👨‍👩‍👧'],
    ['שלום עולם', 'שלום עולם'],
    ['\u202eevil\u202c.exe', '_evil_.exe'],
    ['e\u0301te\u0301', 'été'],
  ];
  for (const [title, expected] of cases) {
    const name = safeStem(title, 100, 'Untitled');
    assert.equal(name, expected, JSON.stringify(title));
    assertPortable(name);
  }
  assert.equal(safeStem('   ', 100, 'Untitled'), 'Untitled');
  assert.equal(safeStem('', 100, 'Untitled'), 'Untitled');
});

test('long names are cut at whole characters within both the length and the 255-byte limit', () => {
  const long = safeStem('x'.repeat(300), 97, 'Untitled');
  assert.equal(long.length, 96);
  // 4-byte emoji: the byte limit bites before the length limit.
  const emoji = safeStem('😀'.repeat(200), 1000, 'Untitled', 252);
  assert.ok(bytes(emoji) <= 252 && bytes(emoji) >= 244, `${bytes(emoji)} bytes`);
  assert.equal(emoji, '😀'.repeat(emoji.length / 2), 'no half surrogate pair');
  // A family emoji is one grapheme: it is kept whole or left out, never split.
  const family = '👨‍👩‍👧';
  const cut = safeStem(`ab${family}`, 5, 'Untitled');
  assert.equal(cut, 'ab');
  // Cutting must not leave a trailing space or dot, or a device name.
  assert.equal(safeStem('abc. def', 5, 'Untitled'), 'abc');
  assert.equal(safeStem('CONSOLE', 4, 'Untitled'), 'CON_');
});

test('names equal but for case or Unicode normalization get distinct, deterministic suffixes', () => {
  const names = new FolderNames();
  const claim = (text: string) => names.claim(text, '.md', 100, 'Untitled');
  assert.equal(claim('Title'), 'Title.md');
  assert.equal(claim('title'), 'title (2).md');
  assert.equal(claim('TITLE'), 'TITLE (3).md');
  assert.equal(claim('Title'), 'Title (4).md');
  assert.equal(claim('title (2)'), 'title (2) (2).md');
  assert.equal(claim('café'), 'café.md');
  assert.equal(claim('cafe\u0301'), 'café (2).md');
  assert.equal(claim('a/b'), 'a_b.md');
  assert.equal(claim('a_b'), 'a_b (2).md');
  assert.equal(claim('_attachments'), '_attachments.md', 'a note may be called _attachments');
  assert.equal(names.claim('_attachments', '', 64, 'Notebook'), '_attachments (2)', 'a folder may not');
  assert.equal(names.clashes, 7);
  // A suffix never pushes a name past its budget (one unit stays free for a device name's `_`).
  const short = new FolderNames();
  assert.equal(short.claim('x'.repeat(50), '.md', 20, 'Untitled'), `${'x'.repeat(16)}.md`);
  assert.equal(short.claim('x'.repeat(50), '.md', 20, 'Untitled'), `${'x'.repeat(12)} (2).md`);
  assert.equal(nameKey('Straße'), nameKey('STRASSE'));
});

test('budgets keep paths inside the export under 200 characters, down to a minimum per name', () => {
  assert.equal(notebookNameBudget(0), 64);
  assert.equal(fileNameBudget(0), 100);
  assert.equal(fileNameBudget(150), 49);
  assert.equal(fileNameBudget(190), 12);
  assert.equal(notebookNameBudget(150), 33);
  assert.equal(notebookNameBudget(199), 12);
});

test('couldBeExportedName accepts the export’s names for a notebook, cut or suffixed, and nothing else', () => {
  assert.ok(couldBeExportedName('Projects', 'Projects'));
  assert.ok(couldBeExportedName('Projects (2)', 'Projects'));
  assert.ok(couldBeExportedName('Proj', 'Projects'));
  assert.ok(couldBeExportedName('CON_', 'CON'));
  assert.ok(couldBeExportedName('a_b', 'a/b'));
  assert.ok(couldBeExportedName('_.config', '.config'));
  assert.ok(!couldBeExportedName('Recipes', 'Projects'));
  assert.ok(!couldBeExportedName('projects', 'Projects'));
  assert.ok(!couldBeExportedName(' (2)', 'Projects'));
});

test('titles with lone surrogates get well-formed names that stay distinct on disk', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const names = new FolderNames();
  const titles = ['x\ud800', 'x\ud801', 'x\udc00', 'x\ufffd', `${'😀'.repeat(60)}\ud83d`, 'ok 😀'];
  const claimed = titles.map((t) => names.claim(t, '.md', 100, 'Untitled'));
  assert.deepEqual(claimed.slice(0, 4), ['x_.md', 'x_ (2).md', 'x_ (3).md', 'x_ (4).md']);
  assert.equal(claimed[5], 'ok 😀.md');
  for (const name of claimed) {
    assertPortable(name);
    assert.ok(name.isWellFormed(), `${JSON.stringify(name)} has no lone surrogate`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-names-'));
  try {
    for (const name of claimed) fs.writeFileSync(path.join(dir, name), name, { flag: 'wx' });
    assert.equal(fs.readdirSync(dir).length, titles.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
