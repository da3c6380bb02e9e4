import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { countNotes, noteBatches } from './note-stream';

test('every note is read, ids with emoji (past U+FFFF) included, and nothing that is not a note', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-note-stream-'));
  const db = openDatabase(path.join(dir, 'db'));
  try {
    const noteIds = ['note:a', 'note:\uffff', 'note:😀', 'note:💩💩', 'note:\u{10ffff}x', 'note:z'];
    const docs = [...noteIds, 'notes', 'note;x', 'note;', 'notf:a', 'book:b'].map((id) => ({
      _id: id, title: id, body: '', bookId: 'book:b', createdAt: 1, updatedAt: 1,
    }));
    await db.bulkDocs(docs);
    for (const batchSize of [1, 2, 100]) {
      const seen: string[] = [];
      for await (const batch of noteBatches(db, batchSize)) seen.push(...batch.map((n) => n._id));
      assert.deepEqual(seen.toSorted(), noteIds.toSorted(), `batch size ${batchSize}`);
      assert.equal(await countNotes(db, batchSize), noteIds.length, `page size ${batchSize}`);
    }
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
