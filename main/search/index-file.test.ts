// The saved search index (index-file.ts): what is loaded answers as a fresh
// build does, and a file that is damaged, of another version or made for
// another database is rebuilt without stopping anything.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSearchQuery } from '../../shared/search-query';
import { INDEX_FINGERPRINT, NoteSearchIndex, PARTS_READ_LATER, type SearchContext } from './search-index';
import { INDEX_FILE_FORMAT, readIndexFile, writeIndexFile, type IndexFileHeader } from './index-file';
import { CHECK_BLOCK_BYTES, IndexDamagedError } from './later-part';
import { corpusContext, readCorpusNotes, tldrCorpusDir, type CorpusNote } from './tldr-corpus';
import { phraseText } from './tokenize';

// Small folders in the scripts that tokenize differently: a few thousand pages, built in a second or two.
const FOLDERS = ['pages.zh', 'pages.ar', 'pages.ru'];
const QUERIES = [
  'tar', 'git commit', 'arch', '"current directory"', 'file -directory', 'title:git', 'status:active',
  'book:pages.zh 文件', 'tag:linux', '-status:none git', '文件', '压缩文件', '档', 'ملف', 'أرشيف', 'файл', 'архи',
  'book:pages.ru архив', 'tag:common -tag:linux',
];

let notes: CorpusNote[];
let context: SearchContext;
let tmp: string;

before(() => {
  notes = readCorpusNotes(tldrCorpusDir(), FOLDERS);
  context = corpusContext(notes);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-index-file-'));
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
});

const answers = (index: NoteSearchIndex) => QUERIES.map((q) => index.search(parseSearchQuery(q), context));

/** Saves the index and loads it back, its phrase texts and postings left to be read when first needed unless `later` says otherwise. */
async function saveAndLoad(index: NoteSearchIndex, file: string, seq = 7, later = PARTS_READ_LATER): Promise<NoteSearchIndex> {
  const parts = index.toSaved();
  await writeIndexFile(file, { fingerprint: INDEX_FINGERPRINT, dbId: 'db-a', seq, notes: index.size }, parts);
  const read = readIndexFile(file, { fingerprint: INDEX_FINGERPRINT, dbId: 'db-a', updateSeq: seq }, later);
  assert.ok(!('reason' in read), `the file is read back (${'reason' in read ? read.reason : ''})`);
  assert.equal(read.header.seq, seq);
  const loaded = new NoteSearchIndex();
  loaded.loadSaved(read.parts);
  return loaded;
}

test('a saved and loaded index answers every query as the index it was saved from, in the same order', async () => {
  const built = new NoteSearchIndex();
  built.build(notes);
  const loaded = await saveAndLoad(built, path.join(tmp, 'same.json'));
  assert.equal(loaded.size, built.size);
  // Quoted phrases (checked against the phrase texts, which a loaded index keeps as UTF-8) in each script.
  for (const folder of FOLDERS) {
    const words = phraseText(notes.find((n) => n.file.startsWith(`${folder}/`) && phraseText(n.body).split(' ').length > 6)!.body).split(' ');
    QUERIES.push(`"${words.slice(3, 6).join(' ')}"`, `${words[3]} -"${words.slice(3, 5).join(' ')}"`);
  }
  const expected = answers(built);
  assert.ok(expected.filter((ids) => ids.length > 0).length >= QUERIES.length - 2, 'the queries find something');
  assert.deepEqual(answers(loaded), expected);
  // Read whole at once, as before the later parts: the same answers.
  assert.deepEqual(answers(await saveAndLoad(built, path.join(tmp, 'whole.json'), 7, [])), expected);

  // Edits after loading behave as on the original: changed, removed and added notes.
  const edit = (index: NoteSearchIndex) => {
    index.replace({ ...notes[0]!, body: 'zebracorn 斑马角 зебра' });
    index.remove(notes[1]!._id);
    index.add({ _id: 'note:new', title: 'new', body: 'ملف zebracorn', bookId: notes[2]!.bookId, tags: [], status: 'active' });
  };
  edit(built);
  edit(loaded);
  // The loaded index finds its notes' slots only once a change asks for them (note-meta.ts): counts still agree.
  assert.equal(loaded.size, built.size);
  for (const q of ['zebracorn', '斑马', 'зебра', 'ملف', ...QUERIES]) {
    assert.deepEqual(loaded.search(parseSearchQuery(q), context), built.search(parseSearchQuery(q), context), q);
  }
  // …and saving the edited index again keeps them (removed slots and discarded ids included).
  const again = await saveAndLoad(loaded, path.join(tmp, 'again.json'));
  assert.deepEqual(again.search(parseSearchQuery('zebracorn'), context).sort(), [notes[0]!._id, 'note:new'].sort());
  assert.ok(!again.has(notes[1]!._id));
});

test('ids that could be taken for another line or for JSON, and emptied slots, come back as they were', async () => {
  const index = new NoteSearchIndex();
  const odd = ['note:"quoted', 'note:two\nlines', 'note:\\ back "slash"'];
  index.build([...notes.slice(0, 20), ...odd.map((id, i) => ({ ...notes[i]!, _id: id, body: `zebracorn ${notes[i]!.body}` }))]);
  index.remove(notes[3]!._id);
  const loaded = await saveAndLoad(index, path.join(tmp, 'odd-ids.json'));
  assert.equal(loaded.size, index.size);
  assert.deepEqual(loaded.search(parseSearchQuery('zebracorn'), context).sort(), [...odd].sort());
  assert.ok(!loaded.has(notes[3]!._id) && loaded.has(notes[4]!._id));
  // The emptied slot is used again by the next note added.
  loaded.add({ ...notes[3]!, _id: 'note:after', body: 'zebracorn again' });
  assert.ok(loaded.search(parseSearchQuery('zebracorn again'), context).includes('note:after'));
});

test('the file is refused, with a reason, when damaged, of another version, for another database or ahead of it', async () => {
  const index = new NoteSearchIndex();
  index.build(notes.slice(0, 200));
  const file = path.join(tmp, 'refused.json');
  const parts = index.toSaved();
  await writeIndexFile(file, { fingerprint: INDEX_FINGERPRINT, dbId: 'db-a', seq: 10, notes: index.size }, parts);
  const good = fs.readFileSync(file);
  const expect = { fingerprint: INDEX_FINGERPRINT, dbId: 'db-a', updateSeq: 12 };
  const reasonFor = (bytes: Buffer | string, e = expect) => {
    fs.writeFileSync(file, bytes);
    const read = readIndexFile(file, e);
    return 'reason' in read ? read.reason : null;
  };
  assert.equal(reasonFor(good), null);
  assert.match(reasonFor(good.subarray(0, Math.floor(good.length / 2)))!, /damaged/);
  assert.match(reasonFor(good.subarray(0, good.length - 1))!, /damaged/);
  assert.match(reasonFor(Buffer.concat([good, Buffer.from('x')]))!, /damaged/);
  assert.match(reasonFor('\u0000\u00ff garbage without a header')!, /damaged/);
  assert.match(reasonFor(`{"format":${INDEX_FILE_FORMAT}}\n`)!, /other index options|damaged/);
  assert.match(reasonFor(Buffer.from(good.toString('latin1').replace(`"format":${INDEX_FILE_FORMAT}`, '"format":99'), 'latin1'))!, /format 99/);
  assert.match(reasonFor(Buffer.from(good.toString('latin1').replace(INDEX_FINGERPRINT, '0123456789abcdef'), 'latin1'))!, /other index options/);
  assert.match(reasonFor(good, { ...expect, dbId: 'db-b' })!, /another database/);
  assert.match(reasonFor(good, { ...expect, updateSeq: 9 })!, /past the database/);
  // The same length, one byte of the postings changed: only the checksum can tell.
  const flipped = Buffer.from(good);
  flipped.writeUInt8(flipped[flipped.length - 20]! ^ 0x01, flipped.length - 20);
  assert.match(reasonFor(flipped)!, /checksum/);
  fs.rmSync(file);
  assert.deepEqual(readIndexFile(file, expect), { reason: 'no saved index' });
});

/** Where each part of an index file starts, from its header. */
function partOffsets(file: Buffer): { header: IndexFileHeader; offsets: number[] } {
  const end = file.indexOf(0x0a);
  const header = JSON.parse(file.subarray(0, end).toString('utf8')) as IndexFileHeader;
  const offsets: number[] = [];
  let at = end + 1;
  for (const length of header.parts) {
    offsets.push(at);
    at += length + 1;
  }
  return { header, offsets };
}

test('a damaged piece of a part read late is found when it is read, and never used', async () => {
  const built = new NoteSearchIndex();
  built.build(notes);
  const file = path.join(tmp, 'damaged-later.json');
  await writeIndexFile(file, { fingerprint: INDEX_FINGERPRINT, dbId: 'db-a', seq: 3, notes: built.size }, built.toSaved());
  const good = fs.readFileSync(file);
  const { header, offsets } = partOffsets(good);
  const [phraseTexts, postings] = PARTS_READ_LATER as [number, number];
  assert.ok(header.parts[postings]! > 2 * CHECK_BLOCK_BYTES, 'the postings span several checked blocks');
  const expect = { fingerprint: INDEX_FINGERPRINT, dbId: 'db-a', updateSeq: 3 };
  const loadFlipped = (at: number): NoteSearchIndex => {
    const bytes = Buffer.from(good);
    bytes[at]! ^= 0x20;
    fs.writeFileSync(file, bytes);
    // Read whole, the damage is refused at once; left for later, the start does not see it.
    assert.match((readIndexFile(file, expect) as { reason: string }).reason, /checksum/);
    const read = readIndexFile(file, expect, PARTS_READ_LATER);
    assert.ok(!('reason' in read));
    const index = new NoteSearchIndex();
    index.loadSaved(read.parts);
    return index;
  };

  // The phrase texts: word queries still answer (they need no phrase text); a quoted phrase throws rather than answer from it.
  const inPhrases = loadFlipped(offsets[phraseTexts]! + Math.floor(header.parts[phraseTexts]! / 2));
  assert.deepEqual(inPhrases.search(parseSearchQuery('tar'), context), built.search(parseSearchQuery('tar'), context));
  const words = phraseText(notes.find((n) => phraseText(n.body).split(' ').length > 6)!.body).split(' ');
  const phrase = `"${words.slice(3, 6).join(' ')}"`;
  assert.ok(built.search(parseSearchQuery(phrase), context).length > 0, 'the phrase is found in the index it was saved from');
  assert.throws(() => inPhrases.search(parseSearchQuery(phrase), context), IndexDamagedError);

  // The postings, in the last block: the first query that needs a slice of that block throws, as does the first edit
  // (it reads every posting first) and a save; queries whose terms lie in checked blocks answer as before.
  const last = loadFlipped(offsets[postings]! + header.parts[postings]! - 8);
  const terms = JSON.parse(fs.readFileSync(file).subarray(offsets[PARTS_READ_LATER[1]! - 1]!, offsets[postings]! - 1).toString('utf8')) as string[];
  assert.throws(() => last.search(parseSearchQuery(terms.at(-1)!), context), IndexDamagedError);
  assert.deepEqual(last.search(parseSearchQuery(terms[0]!), context), built.search(parseSearchQuery(terms[0]!), context));
  assert.throws(() => last.add({ ...notes[0]!, _id: 'note:new' }), IndexDamagedError);
  assert.throws(() => loadFlipped(offsets[postings]! + header.parts[postings]! - 8).toSaved(), IndexDamagedError);
});

test('the index file is written atomically: no temporary file is left, and our old leftovers are cleaned', async () => {
  const dir = path.join(tmp, 'atomic');
  const file = path.join(dir, 'search-index.json');
  const index = new NoteSearchIndex();
  index.build(notes.slice(0, 50));
  const parts = index.toSaved();
  const header = { fingerprint: INDEX_FINGERPRINT, dbId: 'db-a', seq: 1, notes: index.size };
  await writeIndexFile(file, header, parts);
  // A crash between the temporary file and the rename leaves one like this.
  fs.writeFileSync(path.join(dir, '.quire-tmp-search-deadbeef0'), 'half a file');
  fs.writeFileSync(path.join(dir, 'note-summaries.json'), '[]');
  await writeIndexFile(file, { ...header, seq: 2 }, parts);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['note-summaries.json', 'search-index.json']);
  const read = readIndexFile(file, { fingerprint: INDEX_FINGERPRINT, dbId: 'db-a', updateSeq: 2 });
  assert.ok(!('reason' in read));
  assert.equal(read.header.seq, 2);
});
