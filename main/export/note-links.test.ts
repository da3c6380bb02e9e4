import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { importMarkdownFolder } from '../import/import-markdown';
import { noteSchema, type NoteDoc } from '../../shared/schema';
import { exportAllNotes } from './index';

const T = Date.parse('2024-02-03T04:05:06.789Z');
const note = (id: string, bookId: string, title: string, body: string): NoteDoc =>
  noteSchema.parse({ _id: `note:${id}`, bookId, title, body, createdAt: T, updatedAt: T });

test('export turns links between notes into relative links between the files; import turns them back', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-note-links-'));
  const first = openDatabase(path.join(tmp, 'db1'));
  const second = openDatabase(path.join(tmp, 'db2'));
  try {
    const store = new DocumentStore(first);
    await store.putMany([
      { _id: 'book:w', name: 'Work', parentBookId: null, createdAt: T, updatedAt: T },
      { _id: 'book:h', name: 'Home', parentBookId: null, createdAt: T, updatedAt: T },
    ]);
    await store.putMany([
      // "a" links a note met later in id order, in another notebook, and one in the Trash.
      note('a', 'book:w', 'Plan', 'See [the list](quire://note:z) and [gone](quire://note:t).\n'),
      note('b', 'book:w', 'Meeting notes', 'From Inkdrop: [plan](inkdrop://note:a)\n\n```\n[code](quire://note:a)\n```\n'),
      note('t', 'trash', 'Trashed', 'x\n'),
      note('z', 'book:h', 'Shopping list', 'Back to [the plan](<quire://note:a>).\n'),
    ]);
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out);
    await exportAllNotes(store, out);
    const read = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');
    assert.match(read('Work/Plan.md'), /See \[the list\]\(\.\.\/Home\/Shopping%20list\.md\) and \[gone\]\(quire:\/\/note:t\)\./);
    assert.match(read('Work/Meeting notes.md'), /From Inkdrop: \[plan\]\(Plan\.md\)/);
    // Fenced code is example text: left alone.
    assert.match(read('Work/Meeting notes.md'), /\[code\]\(quire:\/\/note:a\)/);
    assert.match(read('Home/Shopping list.md'), /Back to \[the plan\]\(<\.\.\/Work\/Plan\.md>\)\./);

    // Into a database that already has these ids: new ids, and the links follow them.
    const target = new DocumentStore(second);
    await target.putMany([note('a', 'book:x', 'Someone else', ''), note('z', 'book:x', 'Someone else', '')]);
    await importMarkdownFolder(target, out);
    const notes = (await target.allOfType('note')).filter((n) => n.title !== 'Someone else');
    const byTitle = new Map(notes.map((n) => [n.title, n]));
    const plan = byTitle.get('Plan')!;
    const list = byTitle.get('Shopping list')!;
    assert.notEqual(plan._id, 'note:a');
    assert.equal(plan.body, `See [the list](quire://${list._id}) and [gone](quire://note:t).\n`);
    assert.equal(list.body, `Back to [the plan](<quire://${plan._id}>).\n`);
    assert.match(byTitle.get('Meeting notes')!.body, new RegExp(`^From Inkdrop: \\[plan\\]\\(quire://${plan._id}\\)`));
  } finally {
    await first.close();
    await second.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
