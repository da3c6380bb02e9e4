import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { BacklinkIndex } from './backlink-index';
import { linkedNoteIds, noteLinkMarkdown } from '../../shared/note-links';

test('linkedNoteIds finds quire:// and inkdrop:// note links once each; noteLinkMarkdown escapes the title', () => {
  const body = 'See [a](quire://note:A1) and [b](inkdrop://note:B2), <a href="quire://note:A1">again</a>, '
    + 'an image ![x](quire://file:F) and quire://note:C3#part.';
  assert.deepEqual(linkedNoteIds(body), ['note:A1', 'note:B2', 'note:C3']);
  assert.deepEqual(linkedNoteIds('no links here'), []);
  assert.equal(noteLinkMarkdown('Plan [draft]', 'note:x'), '[Plan \\[draft\\]](quire://note:x)');
  assert.equal(noteLinkMarkdown('  ', 'note:x'), '[Untitled](quire://note:x)');
});

test('the backlinks index is built from the notes and follows every change', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-backlinks-'));
  const db = openDatabase(path.join(tmp, 'db'));
  try {
    const note = (id: string, body: string) => ({ _id: `note:${id}`, body, title: id });
    await db.bulkDocs([
      note('target', 'nothing'),
      note('one', 'see [t](quire://note:target)'),
      note('two', 'from Inkdrop: [t](inkdrop://note:target) and [o](quire://note:one)'),
      note('self', '[me](quire://note:self)'),
    ]);
    const index = new BacklinkIndex(db);
    // A change reported while the index is being built wins over what the build reads.
    const building = index.load();
    index.apply({ id: 'note:two', doc: note('two', 'no links any more') });
    await building;
    assert.deepEqual(await index.backlinks('note:target'), ['note:one']);
    assert.deepEqual(await index.backlinks('note:self'), []);

    index.apply({ id: 'note:three', doc: note('three', '[t](quire://note:target)') });
    assert.deepEqual((await index.backlinks('note:target')).sort(), ['note:one', 'note:three']);
    index.apply({ id: 'note:one', deleted: true });
    assert.deepEqual(await index.backlinks('note:target'), ['note:three']);
    index.apply({ id: 'book:x', doc: { body: '[t](quire://note:target)' } });
    assert.deepEqual(await index.backlinks('note:target'), ['note:three']);
  } finally {
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
