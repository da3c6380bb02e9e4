import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TERM_LENGTH, indexKeys, indexTerms, normalizeText, phraseText, queryTokens, spacelessKey } from './tokenize';

const queryTerms = (text: string) => queryTokens(text).map((t) => t.term);

test('words split on punctuation, symbols and spaces, lowercased', () => {
  assert.deepEqual(indexTerms('Use `tar -czf` (see: man_page) C++ v1.2'), ['use', 'tar', 'czf', 'see', 'man', 'page', 'c', 'v1', '2']);
});

test('accents, full-width forms and ligatures fold so either spelling finds the other', () => {
  assert.deepEqual(indexTerms('Résumé NAÏVE ｇｒｅｐ ﬁle'), ['resume', 'naive', 'grep', 'file']);
  assert.equal(normalizeText('İstanbul'), 'istanbul');
  // Greek final sigma and capital sigma meet.
  assert.deepEqual(indexTerms('ΣΟΦΟΣ σοφός'), ['σοφοσ', 'σοφοσ']);
  // Arabic short vowels are optional in writing.
  assert.deepEqual(indexTerms('مَلَفّ'), indexTerms('ملف'));
});

test('Cyrillic, Arabic, Hebrew and Devanagari are split into words', () => {
  assert.deepEqual(indexTerms('Архивация файлов.'), ['архивация', 'фаилов']);
  assert.deepEqual(indexTerms('أداة أرشفة.'), ['اداة', 'ارشفة']);
  assert.deepEqual(indexTerms('שלום, עולם'), ['שלום', 'עולם']);
  // Devanagari vowel signs are part of the word, not accents to drop.
  assert.deepEqual(indexTerms('फ़ाइल को संग्रहित'), [normalizeText('फ़ाइल'), 'को', 'संग्रहित']);
});

test('Chinese and Japanese runs become overlapping pairs plus their last character', () => {
  assert.deepEqual(indexTerms('归档实用程序。tar压缩'), ['归档', '档实', '实用', '用程', '程序', '序', 'tar', '压缩', '缩']);
  assert.deepEqual(indexTerms('アーカイブ'), ['アー', 'ーカ', 'カイ', 'イブ', 'ブ']);
  assert.deepEqual(indexTerms('文'), ['文']);
});

test('Korean and Thai are paired too; Thai vowel marks stay with their letter', () => {
  assert.deepEqual(indexTerms('파일을 압축'), ['파일', '일을', '을', '압축', '축']);
  const thai = indexTerms('ไฟล์');
  assert.deepEqual(thai, ['ไฟ', 'ฟล์', 'ล์']);
});

test('characters outside the Basic Multilingual Plane count as one', () => {
  assert.deepEqual(indexTerms('𠀀𠀁'), ['𠀀𠀁', '𠀁']);
});

test('queries pair the same way but leave out the lone last character', () => {
  assert.deepEqual(queryTerms('归档实用程序'), ['归档', '档实', '实用', '用程', '程序']);
  assert.deepEqual(queryTokens('档'), [{ term: '档', key: spacelessKey('档'), spaceless: true, single: true }]);
  assert.deepEqual(queryTerms('Tar.GZ'), ['tar', 'gz']);
  assert.deepEqual(queryTerms('!!!'), []);
});

test('spaceless keys keep a character a prefix of its pairs', () => {
  assert.ok(spacelessKey('归档').startsWith(spacelessKey('归')));
  assert.equal(spacelessKey('𠀀'), '\u0001' + '20000');
  assert.deepEqual(indexKeys('tar 归档'), ['tar', spacelessKey('归档'), spacelessKey('档')]);
});

test('overlong words are cut so they still match their beginning', () => {
  const long = 'a'.repeat(MAX_TERM_LENGTH + 20);
  assert.deepEqual(indexTerms(long), ['a'.repeat(MAX_TERM_LENGTH)]);
  assert.deepEqual(queryTerms(long), ['a'.repeat(MAX_TERM_LENGTH)]);
});

test('phrase text keeps words in order with single spaces', () => {
  assert.equal(phraseText('# Tar\n\n> Create an  archive: `tar.gz`!'), 'tar create an archive tar gz');
  assert.equal(phraseText('归档实用程序。更多信息'), '归档实用程序 更多信息');
});

test("the phrase text's terms are the text's own, whatever its punctuation: an edit that keeps the phrase text keeps the terms", () => {
  // Khmer ។ and Myanmar ။ and the CJK radical ⺀ are punctuation and symbols inside terms (spaceless scripts).
  assert.equal(phraseText('ក។ខ'), 'ក។ខ');
  assert.notEqual(phraseText('ក។ខ'), phraseText('ក ខ'));
  const pool = [...'aZé ΣσςДж漢字ひらカナ한글ไทยລາວខ្មែរ។៕မြန်။၊ー々⺀⼀0９_-.,;:!?\'"`#*/\n\t ', 'x'.repeat(60), 'Straße', 'ﬁ', 'Ａ'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 3000; i++) {
    const text = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pool[Math.floor(next() * pool.length)]).join('');
    assert.deepEqual(indexTerms(phraseText(text)), indexTerms(text), JSON.stringify(text));
  }
});
