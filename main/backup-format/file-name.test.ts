import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  MAX_NAME_CHARS,
  attachmentFileName,
  decodeName,
  docFileName,
  encodeName,
  extensionFor,
  idFromLocation,
  locateDoc,
} from './file-name';
import { mulberry32 } from '../testing/seeded-random';

// The rules of the three systems, written out independently of the encoder.
// eslint-disable-next-line no-control-regex -- control characters are exactly what Windows forbids
const WINDOWS_FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

function assertValidEverywhere(name: string): void {
  assert.ok(Buffer.byteLength(name, 'utf8') <= 255, `${name} is longer than 255 bytes`);
  assert.ok(!WINDOWS_FORBIDDEN.test(name), `${name} has a character Windows forbids`);
  assert.ok(!name.includes('\u0000') && !name.includes('/'), `${name} has a character Linux or macOS forbids`);
  assert.ok(!/[. ]$/.test(name), `${name} ends with a dot or space`);
  assert.ok(!WINDOWS_RESERVED.test(name), `${name} is a Windows device name`);
  assert.ok(name !== '.' && name !== '..' && !name.startsWith('.'), `${name} is hidden or a directory alias`);
  assert.equal(name, name.normalize('NFC'), 'macOS would normalise it');
  assert.equal(name, name.normalize('NFD'), 'macOS would normalise it');
}

function assertInside(folder: string, name: string): void {
  const joined = path.resolve(folder, name);
  assert.equal(path.dirname(joined), path.resolve(folder), `${name} leaves its folder`);
  assert.equal(path.win32.dirname(path.win32.resolve('C:\\b', name)), 'C:\\b', `${name} leaves its folder on Windows`);
}

const HOSTILE = [
  '', '.', '..', '...', '/', '\\', '../../etc/passwd', '..\\..\\Windows', ':', 'a:b', 'C:\\x', '\u0000', '\u001f\u007f',
  'CON', 'con', 'Con.txt', 'nul', 'COM1', 'lpt9', 'aux.json', 'prn.', ' ', 'trailing ', 'trailing.', 'a'.repeat(1000),
  'é', 'e\u0301', '日本語', '😀', '\ud800', '\udfff', '<>:"|?*', 'note:abc', '_', '__', '_-', '~', '~~', '~0041', 'x'.repeat(196) + 'ABCD',
];

const ALPHABET = ['a', 'Z', '0', '-', '_', '~', '.', ' ', ':', '/', '\\', '\u0000', 'é', '日', '\ud83d', '\ude00', 'İ', 'ß', 'K'];

function randomId(random: () => number): string {
  const length = Math.floor(random() ** 3 * 400);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return s;
}


test('plain Quire ids keep readable names in their type folder', () => {
  assert.deepEqual(locateDoc('note:abc123'), { type: 'note', stem: 'abc123' });
  assert.deepEqual(locateDoc('book:Bkx3-q_Z'), { type: 'book', stem: '_bkx3-q___z' });
  assert.deepEqual(locateDoc('config'), { type: 'other', stem: 'config' });
  assert.deepEqual(locateDoc('settings:x'), { type: 'other', stem: 'settings~003ax' });
  assert.equal(docFileName('abc'), 'abc.json');
});

test('every encoding decodes back to its text', () => {
  const random = mulberry32(1);
  const samples = [...HOSTILE.filter((s) => encodeName(s).length <= MAX_NAME_CHARS)];
  for (let i = 0; i < 3000; i++) samples.push(randomId(random).slice(0, 40));
  for (const s of samples) assert.equal(decodeName(encodeName(s)), s, JSON.stringify(s));
  assert.equal(idFromLocation('note', 'abc'), 'note:abc');
  assert.equal(idFromLocation('other', 'config'), 'config');
});

test('Windows device names are escaped, whatever the case', () => {
  for (const id of ['con', 'CON', 'nul', 'Com1', 'lpt9', 'aux', 'prn']) {
    const { stem } = locateDoc(id);
    assert.ok(!WINDOWS_RESERVED.test(stem) && !WINDOWS_RESERVED.test(docFileName(stem)), stem);
    assert.equal(decodeName(stem), id);
  }
});

test('hostile and random ids: valid on all systems, unique when case is folded, never outside the folder', () => {
  const random = mulberry32(42);
  const ids = new Set<string>(HOSTILE);
  for (const h of HOSTILE) {
    ids.add(`note:${h}`);
    ids.add(`file:${h}`);
    ids.add(h.toUpperCase());
  }
  while (ids.size < 20000) ids.add(randomId(random));
  const seen = new Map<string, string>();
  for (const id of ids) {
    const { type, stem } = locateDoc(id);
    const name = docFileName(stem);
    assertValidEverywhere(name);
    assertValidEverywhere(type);
    assertInside(path.join('/backup', 'data', type), name);
    for (const att of [attachmentFileName(stem, 'index', 'image/png'), attachmentFileName(stem, id || 'x', 'application/json')]) {
      assertValidEverywhere(att);
      assertInside('/backup/data/file', att);
      assert.ok(!att.endsWith('.json'), 'an attachment never takes a document file name');
    }
    const key = `${type}/${name}`.toLowerCase();
    const other = seen.get(key);
    assert.ok(other === undefined, `${JSON.stringify(id)} and ${JSON.stringify(other)} share ${key}`);
    seen.set(key, id);
  }
});

test('ids differing only in case get different files', () => {
  const pairs = [['note:abc', 'note:ABC'], ['note:aBc', 'note:AbC'], ['x', 'X'], ['note:ß', 'note:SS'], ['note:k', 'note:K']];
  for (const [a, b] of pairs) {
    assert.notEqual(locateDoc(a!).stem.toLowerCase(), locateDoc(b!).stem.toLowerCase());
  }
});

test('long ids get a prefix and a hash, distinct even when they share the prefix', () => {
  const a = `note:${'a'.repeat(1000)}`;
  const b = `note:${'a'.repeat(999)}b`;
  const sa = locateDoc(a).stem;
  const sb = locateDoc(b).stem;
  assert.ok(sa.length <= MAX_NAME_CHARS && sb.length <= MAX_NAME_CHARS);
  assert.notEqual(sa, sb);
  assert.match(sa, /^a+~~[0-9a-f]{32}$/);
  assert.equal(decodeName(sa), null, 'a shortened name is not decoded: the _id inside the file is authoritative');
  // A name exactly at the limit is kept whole and still decodes.
  const edge = 'a'.repeat(MAX_NAME_CHARS);
  assert.equal(encodeName(edge), edge);
  assert.equal(locateDoc(`note:${edge}`).stem, edge);
});

test('attachment files take the extension of their content type', () => {
  assert.equal(attachmentFileName('abc', 'index', 'image/png'), 'abc.png');
  assert.equal(attachmentFileName('abc', 'index', 'IMAGE/JPEG'), 'abc.jpg');
  assert.equal(attachmentFileName('abc', 'Photo.png', 'image/png'), 'abc._photo~002epng.png');
  assert.equal(extensionFor('application/json'), 'bin');
  assert.equal(extensionFor('text/plain; charset=utf-8'), 'txt');
});
