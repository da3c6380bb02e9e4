// The search index over real pages of the tldr corpus in five languages.
// The words searched for are read from the pages themselves.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSearchQuery } from '../../shared/search-query';
import { NoteSearchIndex, type SearchContext } from './search-index';
import { corpusContext, readCorpusNotes, tldrCorpusDir, type CorpusNote } from './tldr-corpus';
import { phraseText, queryTokens } from './tokenize';

const FOLDERS = ['pages', 'pages.zh', 'pages.ja', 'pages.ar', 'pages.ru'];

let notes: CorpusNote[];
let byId: Map<string, CorpusNote>;
let context: SearchContext;
let index: NoteSearchIndex;

const search = (text: string, ctx: Partial<SearchContext> = {}) =>
  index.search(parseSearchQuery(text), { ...context, ...ctx });
const note = (file: string) => {
  const found = byId.get(`note:${file}`);
  assert.ok(found, `the corpus has ${file}`);
  return found;
};
/** The page's first description line (`> …`). */
const description = (file: string) => /^> (.+)$/m.exec(note(file).body)![1]!;
const longest = (words: Iterable<string>) => [...words].reduce((a, b) => (b.length > a.length ? b : a), '');
const SPACELESS_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]+/gu;
const WORD = /\p{L}+/gu;

before(() => {
  notes = readCorpusNotes(tldrCorpusDir(), FOLDERS);
  byId = new Map(notes.map((n) => [n._id, n]));
  context = corpusContext(notes);
  index = new NoteSearchIndex();
  const report = index.build(notes);
  assert.equal(report.notes, notes.length);
  assert.ok(notes.length > 10_000);
});

describe('finding pages by their words', () => {
  test('an English word finds its page first', () => {
    assert.deepEqual(search('tar').slice(0, 1), ['note:pages/common/tar.md']);
    assert.ok(search('grep').slice(0, 3).includes('note:pages/common/grep.md'));
  });

  for (const [folder, pattern] of [['pages.zh', SPACELESS_RUN], ['pages.ja', SPACELESS_RUN]] as const) {
    test(`words of ${folder} (no spaces between words) find their page`, () => {
      const file = `${folder}/common/tar.md`;
      const run = longest(description(file).match(pattern) ?? []);
      assert.ok([...run].length >= 4, `a long run of characters in ${file}: "${run}"`);
      assert.ok(search(run).slice(0, 10).includes(`note:${file}`), `"${run}" finds ${file}`);
      // Any two characters from the middle of the run, and any single one.
      const chars = [...run];
      const pair = chars.slice(1, 3).join('');
      assert.ok(search(pair).includes(`note:${file}`), `"${pair}" finds ${file}`);
      assert.ok(search(chars[2]!).includes(`note:${file}`), `"${chars[2]}" finds ${file}`);
      // Characters that never follow each other in the page do not.
      const apart = chars[chars.length - 1]! + chars[0]!;
      if (!note(file).body.includes(apart)) assert.ok(!search(apart).includes(`note:${file}`));
    });
  }

  for (const folder of ['pages.ar', 'pages.ru']) {
    test(`the longest word of a ${folder} page finds it, and so does its beginning`, () => {
      const file = `${folder}/common/tar.md`;
      const word = longest(description(file).match(WORD) ?? []);
      assert.ok(word.length >= 5, `a word in ${file}: "${word}"`);
      assert.ok(search(word).slice(0, 10).includes(`note:${file}`), `"${word}" finds ${file}`);
      assert.ok(search(word.slice(0, 4)).includes(`note:${file}`), 'prefix of the word');
      assert.ok(!search(`${word.slice(0, 4)} `).includes(`note:${file}`), 'a finished word is not a prefix');
    });
  }

  test('vowel marks and accents in the query do not matter', () => {
    const word = longest(description('pages.ar/common/tar.md').match(WORD) ?? []);
    const voweled = word[0] + '\u064E' + word.slice(1); // add a fatha after the first letter
    assert.deepEqual(search(voweled), search(word));
    assert.deepEqual(search('TÁR'), search('tar'));
  });

  test('the last word typed is a prefix: "gre" finds grep', () => {
    // Rarer completions (grex, greed) rank above grep: BM25 favours rare words.
    assert.ok(search('gre').includes('note:pages/common/grep.md'));
    assert.ok(!search('gre ').includes('note:pages/common/grep.md'));
    // Every word must match.
    const both = search('archive gzi');
    assert.ok(both.length > 0);
    for (const id of both) {
      const text = phraseText(`${byId.get(id)!.title} ${byId.get(id)!.body}`);
      assert.match(text, /\barchive\b/);
      assert.match(text, /\bgzi/);
    }
  });
});

describe('qualifiers and exclusions', () => {
  test('book: takes a notebook and its sub-notebooks, any case', () => {
    const zh = search('book:PAGES.ZH tar');
    assert.ok(zh.includes('note:pages.zh/common/tar.md'));
    assert.ok(zh.every((id) => id.startsWith('note:pages.zh/')));
    const linux = search('book:linux');
    assert.equal(linux.length, notes.filter((n) => n.bookId.endsWith('/linux')).length);
    assert.deepEqual(search('book:nowhere tar'), []);
  });

  test('several book: qualifiers must all hold', () => {
    const ids = search('book:pages.ru book:common');
    assert.ok(ids.length > 0);
    assert.ok(ids.every((id) => id.startsWith('note:pages.ru/common/')));
  });

  test('tag:, status: and title: alone list every note that matches them', () => {
    assert.equal(search('tag:osx').length, notes.filter((n) => n.tags?.includes('tag:osx')).length);
    const onHold = notes.filter((n) => n.status === 'onHold').map((n) => n._id);
    assert.deepEqual(new Set(search('status:"on hold"')), new Set(onHold));
    assert.deepEqual(search('status:someday'), []);
    const titled = search('title:tar');
    assert.ok(titled.includes('note:pages.ru/common/tar.md'));
    for (const id of titled) assert.ok(queryTokens(byId.get(id)!.title).some((t) => t.term === 'tar'), id);
  });

  test('several status: values are alternatives', () => {
    const ids = search('status:active status:dropped');
    assert.equal(ids.length, notes.filter((n) => n.status === 'active' || n.status === 'dropped').length);
  });

  test('exclusions remove notes by word, phrase, title, notebook, tag and status', () => {
    const all = search('archive');
    const withoutGzip = search('archive -gzip');
    assert.ok(withoutGzip.length > 0 && withoutGzip.length < all.length);
    for (const id of withoutGzip) assert.ok(!/\bgzip\b/.test(phraseText(byId.get(id)!.body)), id);
    assert.ok(!search('tar -title:tar').some((id) => id.endsWith('/tar.md')));
    assert.ok(search('tar -book:pages.zh').every((id) => !id.startsWith('note:pages.zh/')));
    assert.ok(search('tar -book:pages.zh').includes('note:pages/common/tar.md'));
    assert.ok(search('archive -tag:common').every((id) => !id.includes('/common/')));
    assert.ok(search('tar -status:none').every((id) => byId.get(id)!.status !== 'none'));
    const phrase = search('archive -"create an archive"');
    assert.ok(phrase.every((id) => !phraseText(byId.get(id)!.body).includes('create an archive')));
    assert.equal(search('-tag:osx').length, notes.length - search('tag:osx').length);
  });

  test('the context can leave notebooks out (the trash) and cap the results', () => {
    const ids = search('tar', { excludeBookIds: new Set(['book:pages/common']) });
    assert.ok(!ids.includes('note:pages/common/tar.md'));
    assert.ok(ids.length > 0);
    assert.equal(search('tar', { limit: 5 }).length, 5);
    assert.deepEqual(search('tar', { limit: 5 }), search('tar').slice(0, 5));
  });
});

describe('phrases', () => {
  test('a quoted phrase matches its words in that order only', () => {
    const ids = search('"create an archive"');
    assert.ok(ids.includes('note:pages/common/git-archive.md'));
    for (const id of ids) assert.ok(phraseText(byId.get(id)!.body).includes('create an archive'), id);
    assert.ok(search('create an archive').length > ids.length);
    assert.deepEqual(search('"archive an create"'), []);
  });

  test('a phrase in a language without spaces', () => {
    const file = 'pages.zh/common/tar.md';
    const run = longest(description(file).match(SPACELESS_RUN) ?? []);
    assert.ok(search(`"${run}"`).includes(`note:${file}`));
  });
});

describe('keeping the index current', () => {
  test('a removed note is no longer found; adding it back finds it again', () => {
    const tar = note('pages/common/tar.md');
    index.remove(tar._id);
    assert.ok(!index.has(tar._id));
    assert.ok(!search('tar').includes(tar._id));
    assert.ok(!search('tag:common').includes(tar._id));
    index.remove(tar._id); // removing twice is harmless
    index.add(tar);
    assert.equal(search('tar')[0], tar._id);
  });

  test('a replaced note is found by its new words, not its old ones', () => {
    const zhTar = note('pages.zh/common/tar.md');
    const fresh = '独角兽彩虹';
    assert.deepEqual(search(fresh), [], 'the new words are not in the corpus');
    const run = longest(description(zhTar.file).match(SPACELESS_RUN) ?? []);
    index.replace({ ...zhTar, title: 'zh tar', body: `# zh tar\n\n> ${fresh}`, status: 'completed', tags: [] });
    assert.deepEqual(search(fresh), [zhTar._id]);
    assert.ok(!search(run).includes(zhTar._id));
    assert.ok(search('status:completed').includes(zhTar._id));
    assert.ok(!search('tag:common').includes(zhTar._id));
    index.replace(zhTar);
    assert.ok(search(run).includes(zhTar._id));
    assert.deepEqual(search(fresh), []);
    assert.equal(index.size, notes.length);
  });

  test('a note moved, tagged or given a status without a change to its words is found by its new facts and its old words', () => {
    const tar = note('pages/common/tar.md');
    const ruBook = note('pages.ru/common/tar.md').bookId;
    const before = search('tar');
    index.replace({ ...tar, bookId: ruBook, tags: [], status: 'completed', pinned: true, updatedAt: (tar.updatedAt ?? 0) + 1 });
    assert.ok(search('book:pages.ru tar').includes(tar._id));
    assert.ok(!search('book:pages tar').includes(tar._id));
    assert.ok(search('status:completed').includes(tar._id));
    assert.ok(!search('tag:common').includes(tar._id));
    assert.deepEqual(search('tar'), before, 'the same words rank the same');
    index.replace(tar);
    assert.ok(search('book:pages tar').includes(tar._id));
    assert.ok(search('tag:common').includes(tar._id));
  });

  test('words moved between the title and the body are indexed again, though their phrase text is the same', () => {
    const base = note('pages/common/tar.md');
    const id = 'note:test/moved-words';
    index.add({ ...base, _id: id, title: 'quokkazz', body: 'wombatzz numbatzz' });
    assert.deepEqual(search('title:wombatzz'), []);
    index.replace({ ...base, _id: id, title: 'quokkazz wombatzz', body: 'numbatzz' });
    assert.deepEqual(search('title:wombatzz'), [id]);
    assert.deepEqual(search('wombatzz numbatzz'), [id]);
    index.remove(id);
    assert.deepEqual(search('wombatzz'), []);
  });

  test('punctuation of a spaceless script added between two words is indexed: the phrase text keeps it', () => {
    const base = note('pages/common/tar.md');
    const id = 'note:test/khmer-stop';
    index.add({ ...base, _id: id, title: 'khmer', body: 'ក ខ' });
    index.replace({ ...base, _id: id, title: 'khmer', body: 'ក។ខ' });
    assert.deepEqual(search('ក។ខ'), [id]);
    index.remove(id);
  });

  test('building in one pass gives the same answers as adding notes one by one', () => {
    const sample = notes.filter((n) => /^pages\.(ja|ar)\//.test(n.file));
    const built = new NoteSearchIndex();
    built.build(sample);
    const added = new NoteSearchIndex();
    for (const n of sample) added.add(n);
    const ctx = corpusContext(sample);
    const jaWord = longest(description('pages.ja/common/tar.md').match(SPACELESS_RUN) ?? []);
    for (const text of ['tar', 'gzip file', jaWord, 'ملف', 'title:git', 'tag:linux -status:none']) {
      const q = parseSearchQuery(text);
      assert.deepEqual(built.search(q, ctx), added.search(q, ctx), text);
    }
  });
});
