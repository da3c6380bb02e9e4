// Turns note text and query text into index terms, the same way for both, so
// that every language of the corpus is findable:
// - scripts written with spaces (Latin, Cyrillic, Greek, Arabic, Hebrew,
//   Devanagari, …) by words: split on anything that is not a letter, mark or
//   digit, lowercased, with accents removed so "resume" finds "résumé";
// - scripts written without spaces (Chinese, Japanese, Korean, Thai, Lao,
//   Khmer, Myanmar) by overlapping character pairs: "压缩文件" → 压缩 缩文 文件.
//   A word segmenter (Intl.Segmenter) would need the same dictionary at query
//   time and still split unknown words differently in a note and in a query;
//   pairs need no dictionary and find any substring of two characters or more.
//   The last character of each run is also kept alone, so a one-character
//   query, searched as a prefix, finds every place the character occurs.

/** Characters of scripts written without spaces between words. */
const NO_SPACE_CLASS =
  String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}` +
  String.raw`\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}` +
  // The prolonged sound mark ー and the iteration marks belong to no script.
  String.raw`\u30FC\u3005\u309D\u309E\u30FD\u30FE`;

// A run of spaceless-script characters (with their combining marks, e.g. Thai
// vowels), or a run of other letters, marks and digits.
const TOKEN_RE = new RegExp(
  String.raw`([${NO_SPACE_CLASS}][${NO_SPACE_CLASS}\p{M}]*)|([[\p{L}\p{M}\p{N}]--[${NO_SPACE_CLASS}]]+)`,
  'gv',
);

// Accents and vowel points that readers treat as optional: Latin/Greek/Cyrillic
// combining diacritics, Arabic harakat, Hebrew niqqud. Marks that carry meaning
// (Devanagari vowel signs, Thai vowels, Japanese voicing marks) stay.
const OPTIONAL_MARKS_RE = /[\u0300-\u036F\u064B-\u065F\u0670\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g;
const NOT_PLAIN_ASCII_RE = /[^ -~\t\n\r]/;

/** Longest term kept; longer "words" (hashes, base64) are cut so they still match as prefixes. */
export const MAX_TERM_LENGTH = 48;

/**
 * Lowercases, folds compatibility forms (full-width letters, ligatures) and
 * removes optional accents. Applied to notes and queries alike.
 */
export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  if (!NOT_PLAIN_ASCII_RE.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(OPTIONAL_MARKS_RE, '')
    .normalize('NFC')
    .replace(/ς/g, 'σ');
}

export interface Token {
  term: string;
  /** The term as stored in the index (see spacelessKey). */
  key: string;
  /** True for character pairs and single characters of a spaceless script. */
  spaceless: boolean;
  /** A single character of a spaceless script: indexed only inside pairs, so search it as a prefix. */
  single: boolean;
}

/**
 * Index terms of a text. Words keep their order; a run of spaceless script
 * yields its pairs and its last character alone.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) pushPairs(out, m[1], true);
    else out.push(clip(m[2]!));
  }
  return out;
}

/** indexTerms() as stored in the index: spaceless terms as their keys. */
export function indexKeys(text: string): string[] {
  const out: string[] = [];
  const pairs: string[] = [];
  for (const m of normalizeText(text).matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) {
      pairs.length = 0;
      pushPairs(pairs, m[1], true);
      for (const term of pairs) out.push(spacelessKey(term));
    } else out.push(clip(m[2]!));
  }
  return out;
}

// MiniSearch keeps terms in a radix tree whose nodes find a child by scanning
// their keys. Chinese, Japanese and Korean give the root thousands of distinct
// first characters, which made indexing the corpus take 20 s instead of 2 s.
// Stored as fixed-width hex digits behind a marker, every node has at most 16
// children, and a character's key is still a prefix of its pairs' keys.
const SPACELESS_MARK = '\u0001';

/** The index key of a spaceless-script term: its code points as 5 hex digits each. */
export function spacelessKey(term: string): string {
  let key = SPACELESS_MARK;
  for (const ch of term) key += ch.codePointAt(0)!.toString(16).padStart(5, '0');
  return key;
}

/**
 * Query terms for one typed word or phrase. A spaceless run of two or more
 * characters becomes its pairs (all must match); a single character stays alone
 * and is meant to be searched as a prefix (it then matches every pair starting
 * with it, and the single last characters).
 */
export function queryTokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of normalizeText(text).matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) {
      const terms: string[] = [];
      const single = pushPairs(terms, m[1], false);
      for (const term of terms) out.push({ term, key: spacelessKey(term), spaceless: true, single });
    } else {
      const term = clip(m[2]!);
      out.push({ term, key: term, spaceless: false, single: false });
    }
  }
  return out;
}

// What TOKEN_RE leaves out of every term: a separator. The spaceless scripts' own punctuation and symbols
// (Khmer ។, Myanmar ။, the CJK radicals) are inside terms there, so they stay in the phrase text too.
const NOT_IN_TERMS_RE = new RegExp(String.raw`[^\p{L}\p{M}\p{N}${NO_SPACE_CLASS}]+`, 'gu');

/**
 * The text reduced to its words separated by single spaces, for checking
 * that a quoted phrase occurs as written (punctuation and spacing aside).
 * Its terms are exactly the text's (indexTerms of both are equal): the
 * search index relies on it to know that an edit left a note's words as
 * they were (search-index.ts, add).
 */
export function phraseText(text: string): string {
  return normalizeText(text).replace(NOT_IN_TERMS_RE, ' ').trim();
}

function clip(term: string): string {
  return term.length > MAX_TERM_LENGTH ? term.slice(0, MAX_TERM_LENGTH) : term;
}

/** Pushes the pairs of a run; returns true when the run was a single character. */
function pushPairs(out: string[], run: string, withLastSingle: boolean): boolean {
  // Code points, not UTF-16 units: rare Han characters lie outside the BMP.
  // Combining marks ride with the character before them.
  const chars = run.match(/\P{M}\p{M}*/gu) ?? [run];
  if (chars.length === 1) {
    out.push(chars[0]!);
    return true;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  if (withLastSingle) out.push(chars[chars.length - 1]!);
  return false;
}
