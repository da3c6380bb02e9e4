import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { createImageAttachment } from '../attachments/create-attachment';
import { importMarkdownFolder } from '../import/import-markdown';
import { noteSchema, type BookDoc, type NoteDoc } from '../../shared/schema';
import { exportAllNotes, exportFolderName } from './index';
import { MAX_NAME_BYTES, MAX_RELATIVE_PATH } from './file-names';

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/images');
const T = Date.parse('2024-02-03T04:05:06.789Z');

async function withStore(fn: (ctx: { store: DocumentStore; tmp: string; open: (name: string) => DocumentStore }) => Promise<void>) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-export-'));
  const dbs = [openDatabase(path.join(tmp, 'db'))];
  const open = (name: string) => {
    const db = openDatabase(path.join(tmp, name));
    dbs.push(db);
    return new DocumentStore(db);
  };
  try {
    await fn({ store: new DocumentStore(dbs[0]!), tmp, open });
  } finally {
    for (const db of dbs) await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const book = (id: string, name: string, parentBookId: string | null = null): BookDoc => ({
  _id: `book:${id}`, name, parentBookId, createdAt: T, updatedAt: T,
});

let seq = 0;
const note = (fields: Partial<NoteDoc> & { bookId: string }): NoteDoc => {
  seq += 1;
  // The schema fills in the defaults, as validation does for the app's writes.
  return noteSchema.parse({
    _id: `note:${String(seq).padStart(4, '0')}`,
    title: `Note ${seq}`,
    body: `Body ${seq}\n`,
    createdAt: T + seq,
    updatedAt: T + seq * 1000,
    ...fields,
  });
};

/** Every file under `root`, by `/`-separated relative path. */
function filesUnder(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const rel of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const abs = path.join(root, rel);
    if (fs.statSync(abs).isFile()) files.set(rel.split(path.sep).join('/'), fs.readFileSync(abs));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function frontMatterOf(text: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(match, `front matter in ${JSON.stringify(text.slice(0, 80))}`);
  return parse(match[1]!) as Record<string, unknown>;
}

test('notes become .md files in notebook folders, with front matter and the note’s time', async () => {
  await withStore(async ({ store, tmp }) => {
    await store.putMany([
      book('p', 'Projects'), book('q', 'Quire', 'book:p'), book('e', 'Empty'),
      { _id: 'tag:w', name: 'work', color: 'red', createdAt: T, updatedAt: T },
      { _id: 'tag:u', name: 'urgent', color: 'default', createdAt: T, updatedAt: T },
    ]);
    const roadmap = note({ title: 'Roadmap', body: '# Roadmap\n- [ ] ship\n', bookId: 'book:q', tags: ['tag:w', 'tag:u'], status: 'active', pinned: true });
    const plain = note({ title: 'Plain', body: '', bookId: 'book:p' });
    const lost = note({ title: 'Lost', bookId: 'book:gone' });
    const trashed = note({ title: 'Trashed', bookId: 'trash' });
    await store.putMany([roadmap, plain, lost, trashed]);

    const progress: [number, number][] = [];
    const result = await exportAllNotes(store, path.join(tmp, 'out'), { onProgress: (d, t) => progress.push([d, t]) });
    assert.deepEqual(result, { notes: 3, attachments: 0, folder: path.join(tmp, 'out'), errors: [] });
    assert.deepEqual(progress.at(-1), [4, 4]);
    const files = filesUnder(result.folder);
    assert.deepEqual([...files.keys()], ['Projects/Plain.md', 'Projects/Quire/Roadmap.md', 'Unfiled/Lost.md']);
    assert.ok(fs.statSync(path.join(result.folder, 'Empty')).isDirectory(), 'an empty notebook is an empty folder');

    assert.equal(
      files.get('Projects/Quire/Roadmap.md')!.toString(),
      '---\ntitle: Roadmap\ntags: [work, urgent]\nnotebook: [Projects, Quire]\nstatus: active\npinned: true\n' +
        `created: ${new Date(roadmap.createdAt).toISOString()}\nupdated: ${new Date(roadmap.updatedAt).toISOString()}\n` +
        `id: ${roadmap._id}\n---\n# Roadmap\n- [ ] ship\n`,
    );
    const lostMeta = frontMatterOf(files.get('Unfiled/Lost.md')!.toString());
    assert.deepEqual(lostMeta.notebook, ['Unfiled']);
    assert.equal(files.get('Projects/Plain.md')!.toString().endsWith('---\n'), true, 'an empty body is an empty body');
    for (const [rel, n] of [['Projects/Quire/Roadmap.md', roadmap], ['Projects/Plain.md', plain]] as const) {
      assert.equal(fs.statSync(path.join(result.folder, rel)).mtimeMs, n.updatedAt, `${rel} has the note's updated time`);
    }
    assert.deepEqual(fs.readdirSync(result.folder).filter((n) => n.startsWith('.')), [], 'no temporary file is left');
  });
});

test('hostile titles: every note gets a portable, distinct file, the same on every export', async () => {
  await withStore(async ({ store, tmp }) => {
    const titles = [
      '../x', '..', '.', 'CON', 'con', 'aux.txt', 'a/b', 'a\\b', 'a_b', 'x'.repeat(300), '😀'.repeat(100),
      '😀 emoji 🎉', 'שלום עולם', '\u202eevil', '   ', '', 'Same', 'same', 'SAME', 'Same', 'Same', 'trailing. ',
      'line\nbreak', 'tab\there', '#tag', '---', 'title: yes', '"quoted"', 'null', 'true', '123', '_attachments',
    ];
    await store.putMany([book('b', 'Notebook'), book('deep', 'd'.repeat(64), 'book:b')]);
    // The long ones also go one level down, where the path is longer.
    const notes = titles.flatMap((title, i) => [
      note({ title, bookId: 'book:b' }),
      ...(i === 9 || i === 10 ? [note({ title, bookId: 'book:deep' })] : []),
    ]);
    await store.putMany(notes);

    const first = await exportAllNotes(store, path.join(tmp, 'one'));
    const second = await exportAllNotes(store, path.join(tmp, 'two'));
    assert.equal(first.notes, notes.length);
    assert.deepEqual(first.errors, []);
    const files = filesUnder(first.folder);
    assert.equal([...files.keys()].filter((f) => f.endsWith('.md')).length, notes.length, 'one file per note');
    assert.deepEqual([...files.keys()], [...filesUnder(second.folder).keys()], 'the same names on every export');

    const keys = new Set<string>();
    for (const rel of files.keys()) {
      assert.ok(rel.length <= MAX_RELATIVE_PATH, `${rel} is at most ${MAX_RELATIVE_PATH} characters`);
      for (const part of rel.split('/')) {
        assert.doesNotMatch(part, /[<>:"\\|?*\u202e]|[. ]$|^\./, JSON.stringify(part));
        assert.ok([...part].every((c) => c.charCodeAt(0) >= 0x20), JSON.stringify(part));
        assert.doesNotMatch(part, /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i, JSON.stringify(part));
        assert.ok(Buffer.byteLength(part) <= MAX_NAME_BYTES);
      }
      const key = rel.toLowerCase();
      assert.ok(!keys.has(key), `${rel} differs from the others in more than case`);
      keys.add(key);
    }
    const byId = new Map([...files.values()].map((bytes) => {
      const meta = frontMatterOf(bytes.toString());
      return [meta.id as string, meta];
    }));
    for (const n of notes) assert.equal(byId.get(n._id)!.title, n.title, `the front matter keeps ${JSON.stringify(n.title)} as it is`);
    const names = [...files.keys()].filter((f) => !f.includes('/d')).map((f) => f.split('/').at(-1));
    for (const expected of [
      '_x.md', '_.md', '_ (2).md', 'CON_.md', 'con_ (2).md', 'aux_.txt.md', 'a_b.md', 'a_b (2).md', 'a_b (3).md', '_evil.md',
      'Untitled.md', 'Untitled (2).md', 'Same.md', 'same (2).md', 'SAME (3).md', 'Same (4).md', 'Same (5).md', 'trailing.md',
      'line break.md', '_attachments.md', `${'x'.repeat(96)}.md`,
    ]) {
      assert.ok(names.includes(expected), `${expected} among ${names.join(', ')}`);
    }
    const deep = [...files.keys()].filter((f) => f.includes('/d'));
    assert.equal(deep.length, 2);
    for (const rel of deep) assert.ok(rel.length <= MAX_RELATIVE_PATH && rel.length > 150, `${rel.length}: ${rel}`);
  });
});

test('attachments are written beside the notes that link them, links rewritten to relative paths', async () => {
  await withStore(async ({ store, tmp }) => {
    const logo = fs.readFileSync(path.join(IMAGES, 'logo.png'));
    const banner = fs.readFileSync(path.join(IMAGES, 'banner.png'));
    await store.putMany([book('a', 'A'), book('b', 'B', 'book:a')]);
    const l = await createImageAttachment(store, { name: 'logo.png', bytes: logo });
    const b = await createImageAttachment(store, { name: 'my (banner)', bytes: banner });
    const body = `# Pics\n![logo](quire://${l._id})\n<img src="inkdrop://${b._id}" alt="b">\n` +
      `[again](<quire://${l._id}> "t")\n\`\`\`md\n![code](quire://${l._id})\n\`\`\`\n![gone](quire://file:missing)\n`;
    const pics = note({ title: 'Pics', body, bookId: 'book:a' });
    const sub = note({ title: 'Sub', body: `![x](quire://${l._id})`, bookId: 'book:b' });
    const ok = note({ title: 'Fine', bookId: 'book:a' });
    await store.putMany([pics, sub, ok]);

    const result = await exportAllNotes(store, path.join(tmp, 'out'));
    assert.equal(result.notes, 3, 'a note with a broken link is still exported');
    assert.equal(result.attachments, 3);
    assert.deepEqual(result.errors, [{ id: pics._id, title: 'Pics', reason: 'it links file:missing, which is not in the database; the link was kept' }]);
    const files = filesUnder(result.folder);
    assert.deepEqual([...files.keys()], ['A/B/Sub.md', 'A/B/_attachments/logo.png', 'A/Fine.md', 'A/Pics.md', 'A/_attachments/logo.png', 'A/_attachments/my (banner).png']);
    assert.ok(files.get('A/_attachments/logo.png')!.equals(logo));
    assert.ok(files.get('A/_attachments/my (banner).png')!.equals(banner));
    assert.equal(
      files.get('A/Pics.md')!.toString().split('---\n')[2],
      '# Pics\n![logo](_attachments/logo.png)\n<img src="_attachments/my%20%28banner%29.png" alt="b">\n' +
        `[again](<_attachments/logo.png> "t")\n\`\`\`md\n![code](quire://${l._id})\n\`\`\`\n![gone](quire://file:missing)\n`,
    );
    assert.match(files.get('A/B/Sub.md')!.toString(), /!\[x\]\(_attachments\/logo\.png\)$/);
  });
});

test('into a folder that is not empty, a new subfolder; nothing that was there is touched', async () => {
  await withStore(async ({ store, tmp }) => {
    await store.putMany([book('a', 'A'), note({ title: 'Mine', bookId: 'book:a' })]);
    const target = path.join(tmp, 'Documents');
    fs.mkdirSync(path.join(target, 'A'), { recursive: true });
    fs.writeFileSync(path.join(target, 'A', 'Mine.md'), 'someone else’s file');
    const when = new Date(2025, 2, 14, 9, 26, 53);
    const first = await exportAllNotes(store, target, { now: when });
    const second = await exportAllNotes(store, target, { now: when });
    assert.equal(exportFolderName(when), 'Quire Export 2025-03-14 09-26-53');
    assert.equal(first.folder, path.join(target, 'Quire Export 2025-03-14 09-26-53'));
    assert.equal(second.folder, path.join(target, 'Quire Export 2025-03-14 09-26-53 (2)'));
    assert.equal(fs.readFileSync(path.join(target, 'A', 'Mine.md'), 'utf8'), 'someone else’s file');
    assert.ok(fs.existsSync(path.join(first.folder, 'A', 'Mine.md')));
    await assert.rejects(exportAllNotes(store, path.join(target, 'A', 'Mine.md')), { name: 'ExportTargetError', message: /is a file, not a folder/ });
  });
});

test('a note’s own front matter is merged, not duplicated; a clashing one stays in the body', async () => {
  await withStore(async ({ store, tmp }) => {
    await store.putMany([book('a', 'A')]);
    const merged = note({ title: 'Merged', body: '---\nauthor: Ada\n# a comment\ntitle: Merged\n---\nText\n', bookId: 'book:a' });
    const clash = note({ title: 'Renamed', body: '---\ntitle: Old name\nauthor: Ada\n---\nText\n', bookId: 'book:a' });
    await store.putMany([merged, clash]);
    const result = await exportAllNotes(store, path.join(tmp, 'out'));
    const text = fs.readFileSync(path.join(result.folder, 'A', 'Merged.md'), 'utf8');
    assert.equal(
      text,
      `---\ntags: []\nnotebook: [A]\nstatus: none\npinned: false\ncreated: ${new Date(merged.createdAt).toISOString()}\n` +
        `updated: ${new Date(merged.updatedAt).toISOString()}\nid: ${merged._id}\n\nauthor: Ada\n# a comment\ntitle: Merged\n---\nText\n`,
    );
    assert.deepEqual(Object.keys(frontMatterOf(text)).sort(), ['author', 'created', 'id', 'notebook', 'pinned', 'status', 'tags', 'title', 'updated']);
    const clashText = fs.readFileSync(path.join(result.folder, 'A', 'Renamed.md'), 'utf8');
    assert.match(clashText, /^---\ntitle: Renamed\n[\s\S]*?\n---\n---\ntitle: Old name\nauthor: Ada\n---\nText\n$/);
  });
});

test('round trip: import of an export gives the same notes back, and exporting them again the same files', async () => {
  await withStore(async ({ store, tmp, open }) => {
    const logo = fs.readFileSync(path.join(IMAGES, 'logo.png'));
    await store.putMany([
      book('w1', 'Work'), book('w2', 'Work'), book('con', 'CON', 'book:w1'), book('s', 'a/b: c', 'book:w2'),
      // Notebooks without notes: at the top, inside one with notes, inside another empty one.
      book('e', 'Empty'), book('e2', 'Nothing yet', 'book:w2'), book('o', 'Outer'), book('d', 'Deep', 'book:o'),
      { _id: 'tag:a', name: 'alpha', color: 'default', createdAt: T, updatedAt: T },
      { _id: 'tag:b', name: 'two words', color: 'default', createdAt: T, updatedAt: T },
    ]);
    const pic = await createImageAttachment(store, { name: 'image-1', bytes: logo });
    const originals = [
      note({ title: '', body: '', bookId: 'book:w1' }),
      note({ title: '   ', body: 'only spaces in the title\n', bookId: 'book:w1', status: 'onHold' }),
      note({ title: '  padded  ', body: 'x', bookId: 'book:w2', pinned: true }),
      note({ title: 'Same', body: 'one', bookId: 'book:con', tags: ['tag:b', 'tag:a'] }),
      note({ title: 'same', body: 'two', bookId: 'book:con', status: 'completed' }),
      note({ title: 'Same', body: 'three', bookId: 'book:con', status: 'dropped' }),
      note({ title: 'line\nbreak', body: '---\nauthor: Ada\n---\nOwn front matter\n', bookId: 'book:s' }),
      note({ title: 'Clash', body: '---\ntitle: Other\n---\nkept\n', bookId: 'book:s' }),
      note({ title: 'Pic', body: `![p](quire://${pic._id})\n`, bookId: 'book:s' }),
      note({ title: '😀 שלום \u202e', body: '# Heading\n', bookId: 'book:gone', status: 'active' }),
      note({ title: 'x'.repeat(300), body: 'long', bookId: 'book:w2' }),
    ];
    await store.putMany(originals);

    const first = await exportAllNotes(store, path.join(tmp, 'first'));
    assert.deepEqual(first.errors, []);
    const copy = open('copy');
    const imported = await importMarkdownFolder(copy, first.folder);
    assert.deepEqual(imported.skipped, []);
    assert.equal(imported.notes, originals.length);
    assert.equal(imported.files, 1);

    const books = new Map((await copy.allOfType('book')).map((b) => [b._id, b]));
    const pathOf = (id: string): string[] => {
      const b = books.get(id)!;
      return [...(b.parentBookId ? pathOf(b.parentBookId) : []), b.name];
    };
    const tagNames = new Map((await copy.allOfType('tag')).map((t) => [t._id, t.name]));
    const copies = new Map((await copy.allOfType('note')).map((n) => [n._id, n]));
    const originalPaths: Record<string, string[]> = {
      'book:w1': ['Work'], 'book:w2': ['Work'], 'book:con': ['Work', 'CON'], 'book:s': ['Work', 'a/b: c'], 'book:gone': ['Unfiled'],
    };
    const w1 = new Set<string>();
    for (const original of originals) {
      const back = copies.get(original._id)!;
      assert.ok(back, `${original._id} comes back with its id`);
      assert.equal(back.title, original.title);
      const fileId = original.title === 'Pic' ? /quire:\/\/(file:\w+)/.exec(back.body)![1] : null;
      assert.equal(back.body, fileId ? original.body.replace(pic._id, fileId) : original.body);
      for (const key of ['status', 'pinned', 'createdAt', 'updatedAt', 'numOfTasks'] as const) assert.equal(back[key], original[key], key);
      assert.deepEqual(back.tags.map((t) => tagNames.get(t)), original.tags.map((t) => ({ 'tag:a': 'alpha', 'tag:b': 'two words' })[t]));
      assert.deepEqual(pathOf(back.bookId), originalPaths[original.bookId]);
      if (original.bookId === 'book:w1' || original.bookId === 'book:con') w1.add(pathOf(back.bookId).length === 1 ? back.bookId : books.get(back.bookId)!.parentBookId!);
    }
    assert.equal(w1.size, 1, 'the two notebooks called Work stay two');
    assert.equal(books.size, 9, 'no notebook for the export folder itself');
    const withoutNotes = [...books.values()].filter((b) => ![...copies.values()].some((n) => n.bookId === b._id));
    assert.deepEqual(withoutNotes.map((b) => pathOf(b._id).join('/')).sort(), ['Empty', 'Outer', 'Outer/Deep', 'Work/Nothing yet']);
    const nothingYet = [...books.values()].find((b) => b.name === 'Nothing yet')!;
    assert.ok([...copies.values()].some((n) => n.bookId === nothingYet.parentBookId && n.title === '  padded  '), 'the empty notebook is in the Work that has its notes');
    const file = (await copy.allOfType('file'))[0]!;
    assert.ok(Buffer.from(await copy.db.getAttachment(file._id, 'index') as Buffer).equals(logo));

    const second = await exportAllNotes(copy, path.join(tmp, 'second'));
    const a = filesUnder(first.folder);
    const b = filesUnder(second.folder);
    assert.deepEqual([...b.keys()], [...a.keys()]);
    for (const [rel, bytes] of a) assert.ok(bytes.equals(b.get(rel)!), `${rel} is the same byte for byte`);
    const dirsUnder = (root: string) => fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((rel) => fs.statSync(path.join(root, rel)).isDirectory()).sort();
    assert.deepEqual(dirsUnder(second.folder), dirsUnder(first.folder), 'the same folders, the empty ones too');
  });
});

test('`only` exports just the chosen notes, in their notebook folders, without the empty notebooks', async () => {
  await withStore(async ({ store, tmp }) => {
    await store.put(book('work', 'Work'));
    await store.put(book('home', 'Home'));
    await store.put(book('empty', 'Empty'));
    const chosen = note({ bookId: 'book:work', title: 'Chosen' });
    const other = note({ bookId: 'book:home', title: 'Other' });
    const trashed = note({ bookId: 'trash', title: 'Trashed' });
    for (const n of [chosen, other, trashed]) await store.put(n);
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out);
    const result = await exportAllNotes(store, out, { only: new Set([chosen._id, trashed._id]) });
    assert.equal(result.notes, 1);
    assert.deepEqual([...filesUnder(out).keys()], ['Work/Chosen.md']);
  });
});
