import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import type { BookDoc, FileDoc, NoteDoc, TagDoc } from '../../shared/schema';
import { importMarkdownFolder, ImportSourceError } from './import-markdown';

const IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpora/images');

async function withImport(
  files: Record<string, string | Buffer>,
  fn: (ctx: { store: DocumentStore; root: string; tmp: string }) => Promise<void>,
) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-import-'));
  const root = path.join(tmp, 'Notes');
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  fs.mkdirSync(root, { recursive: true });
  const db = openDatabase(path.join(tmp, 'db'));
  try {
    await fn({ store: new DocumentStore(db), root, tmp });
  } finally {
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const notesByTitle = async (store: DocumentStore) =>
  new Map((await store.allOfType('note')).map((n: NoteDoc) => [n.title, n]));

test('titles come from front matter, else the first # heading outside code, else the file name', async () => {
  await withImport(
    {
      'fm.md': '---\ntitle: From Front Matter\n---\n# Heading\ntext\n',
      'heading.md': '---\ntags: [a]\n# not a heading: a YAML comment\n---\n```sh\n# a shell comment\n```\nintro\n# Real Heading #\n',
      'plain.md': 'no heading here\n## level two\n',
    },
    async ({ store, root }) => {
      const result = await importMarkdownFolder(store, root);
      assert.deepEqual(result, { notes: 3, books: 1, tags: 1, files: 0, skipped: [] });
      assert.deepEqual([...(await notesByTitle(store)).keys()].sort(), ['From Front Matter', 'Real Heading', 'plain']);
    },
  );
});

test('front matter: known keys fill the note and are removed; unknown keys keep the whole text', async () => {
  await withImport(
    {
      'known.md': '---\ntitle: Known\nstatus: active\npinned: true\ncreated: 2020-01-02T03:04:05Z\nupdated: 2021-06-07T08:09:10.000Z\nnotebook: Notes\n---\nBody text\n- [x] done\n- [ ] todo\n',
      'unknown.md': '---\ntitle: Unknown\nauthor: Ada\n---\nBody\n',
      'bad-value.md': '---\ntitle: Bad status\nstatus: someday\n---\nBody\n',
      'mtime.md': '# Mtime\n',
    },
    async ({ store, root }) => {
      const mtime = new Date('2019-05-05T05:05:05Z');
      fs.utimesSync(path.join(root, 'mtime.md'), mtime, mtime);
      await importMarkdownFolder(store, root);
      const notes = await notesByTitle(store);
      const known = notes.get('Known')!;
      assert.equal(known.body, 'Body text\n- [x] done\n- [ ] todo\n');
      assert.equal(known.status, 'active');
      assert.equal(known.pinned, true);
      assert.equal(known.createdAt, Date.parse('2020-01-02T03:04:05Z'));
      assert.equal(known.updatedAt, Date.parse('2021-06-07T08:09:10Z'));
      assert.equal(known.doctype, 'markdown');
      assert.equal(known.numOfTasks, 2);
      assert.equal(known.numOfCheckedTasks, 1);
      assert.equal(notes.get('Unknown')!.body, '---\ntitle: Unknown\nauthor: Ada\n---\nBody\n');
      const bad = notes.get('Bad status')!;
      assert.equal(bad.status, 'none');
      assert.match(bad.body, /^---\ntitle: Bad status\nstatus: someday/);
      const plain = notes.get('Mtime')!;
      assert.equal(plain.createdAt, mtime.getTime());
      assert.equal(plain.updatedAt, mtime.getTime());
      assert.equal(plain.status, 'none');
      assert.equal(plain.pinned, false);
    },
  );
});

test('folders become nested notebooks, empty ones too; folders with only other files and dot-folders do not', async () => {
  await withImport(
    {
      'root.md': '# Root',
      '..md': '# Dot command',
      'a/one.md': '# One',
      'a/b/two.md': '# Two',
      'c/d/three.md': '# Three',
      'images/pic.png': Buffer.from([1, 2, 3]),
      '.obsidian/ignored.md': '# Ignored',
    },
    async ({ store, root }) => {
      // Empty folders are notebooks without notes (an export writes them); one holding only dot files is empty too.
      fs.mkdirSync(path.join(root, 'a', 'empty'));
      fs.mkdirSync(path.join(root, 'outer', 'inner'), { recursive: true });
      fs.writeFileSync(path.join(root, 'outer', 'inner', '.DS_Store'), 'x');
      fs.mkdirSync(path.join(root, '.trash', 'hidden'), { recursive: true });
      const result = await importMarkdownFolder(store, root);
      assert.equal(result.notes, 5);
      assert.equal(result.books, 8);
      const books = await store.allOfType('book');
      const byName = new Map(books.map((b: BookDoc) => [b.name, b]));
      assert.deepEqual([...byName.keys()].sort(), ['Notes', 'a', 'b', 'c', 'd', 'empty', 'inner', 'outer']);
      assert.equal(byName.get('empty')!.parentBookId, byName.get('a')!._id);
      assert.equal(byName.get('inner')!.parentBookId, byName.get('outer')!._id);
      assert.equal(byName.get('outer')!.parentBookId, byName.get('Notes')!._id);
      assert.equal(byName.get('Notes')!.parentBookId, null);
      assert.equal(byName.get('a')!.parentBookId, byName.get('Notes')!._id);
      assert.equal(byName.get('b')!.parentBookId, byName.get('a')!._id);
      assert.equal(byName.get('d')!.parentBookId, byName.get('c')!._id);
      const notes = await notesByTitle(store);
      assert.equal(notes.get('Root')!.bookId, byName.get('Notes')!._id);
      assert.equal(notes.get('Dot command')!.bookId, byName.get('Notes')!._id);
      assert.equal(notes.get('Two')!.bookId, byName.get('b')!._id);
      assert.equal(notes.has('Ignored'), false);
    },
  );
});

test('tags are created once, reused by name ignoring case; a second import duplicates no notebook or tag', async () => {
  await withImport(
    {
      'one.md': '---\ntags: [Work, ideas]\n---\n# One',
      'sub/two.md': '---\ntags: "work, #Later"\n---\n# Two',
    },
    async ({ store, root }) => {
      await store.put({ _id: 'tag:existing', name: 'IDEAS', color: 'red', createdAt: 1, updatedAt: 1 });
      const first = await importMarkdownFolder(store, root);
      assert.equal(first.tags, 2);
      const tags = await store.allOfType('tag');
      const tagId = new Map(tags.map((t: TagDoc) => [t.name, t._id]));
      assert.deepEqual([...tagId.keys()].sort(), ['IDEAS', 'Later', 'Work']);
      const notes = await notesByTitle(store);
      assert.deepEqual(notes.get('One')!.tags, [tagId.get('Work'), 'tag:existing']);
      assert.deepEqual(notes.get('Two')!.tags, [tagId.get('Work'), tagId.get('Later')]);

      const second = await importMarkdownFolder(store, root);
      assert.deepEqual(second, { notes: 2, books: 0, tags: 0, files: 0, skipped: [] });
      const stats = await store.stats();
      assert.deepEqual([stats.notes, stats.books, stats.tags], [4, 2, 3]);
    },
  );
});

test('images linked by relative path become file documents with the same bytes', async () => {
  const logo = fs.readFileSync(path.join(IMAGES, 'logo.png'));
  const banner = fs.readFileSync(path.join(IMAGES, 'banner.png'));
  const svg = fs.readFileSync(path.join(IMAGES, 'logo.svg'));
  await withImport(
    {
      'img/logo.png': logo,
      'sub/banner.png': banner,
      'sub/my logo.svg': svg,
      'sub/page.md':
        '# Page\n![logo](../img/logo.png "The logo")\n<img alt="b" src="./banner.png">\n![svg](<my logo.svg>)\n' +
        '![web](https://example.com/x.png)\n```md\n![code](./banner.png)\n```\n',
      'again.md': '# Again\n![same logo](img/logo.png)\n',
    },
    async ({ store, root }) => {
      const result = await importMarkdownFolder(store, root);
      assert.deepEqual(result, { notes: 2, books: 2, tags: 0, files: 3, skipped: [] });
      const files = new Map((await store.allOfType('file')).map((f: FileDoc) => [f.name, f]));
      assert.deepEqual([...files.keys()].sort(), ['banner.png', 'logo.png', 'my logo.svg']);
      for (const [name, bytes, type] of [
        ['logo.png', logo, 'image/png'],
        ['banner.png', banner, 'image/png'],
        ['my logo.svg', svg, 'image/svg+xml'],
      ] as const) {
        const doc = files.get(name)!;
        assert.equal(doc.contentType, type);
        assert.equal(doc.contentLength, bytes.length);
        const stored = (await store.db.getAttachment(doc._id, 'index')) as Buffer;
        assert.ok(Buffer.compare(stored, bytes) === 0, `${name} comes back byte for byte`);
      }
      const notes = await notesByTitle(store);
      const id = (name: string) => files.get(name)!._id;
      assert.equal(
        notes.get('Page')!.body,
        `# Page\n![logo](quire://${id('logo.png')} "The logo")\n<img alt="b" src="quire://${id('banner.png')}">\n` +
          `![svg](<quire://${id('my logo.svg')}>)\n![web](https://example.com/x.png)\n\`\`\`md\n![code](./banner.png)\n\`\`\`\n`,
      );
      assert.equal(notes.get('Again')!.body, `# Again\n![same logo](quire://${id('logo.png')})\n`);
    },
  );
});

test('missing images and images outside the folder keep their link and are listed', async () => {
  const body = '# Note\n![gone](missing.png)\n![out](../outside.png)\n![linked](link.png)\n';
  await withImport({ 'note.md': body }, async ({ store, root, tmp }) => {
    fs.copyFileSync(path.join(IMAGES, 'logo.png'), path.join(tmp, 'outside.png'));
    fs.symlinkSync(path.join(tmp, 'outside.png'), path.join(root, 'link.png'));
    const result = await importMarkdownFolder(store, root);
    assert.equal(result.notes, 1);
    assert.equal(result.files, 0);
    assert.deepEqual(
      result.skipped.map((s) => [path.basename(s.path), s.reason.split(' (')[0]]),
      [
        ['link.png', 'the image is a link to a file outside the imported folder'],
        ['missing.png', 'the image was not found'],
        ['outside.png', 'the image is outside the imported folder'],
      ],
    );
    assert.ok(result.skipped.every((s) => s.reason.includes(path.join(root, 'note.md'))));
    assert.equal((await notesByTitle(store)).get('Note')!.body, body);
  });
});

test('unreadable files, non-UTF-8 files and invalid front matter are skipped and listed; the rest imports', async () => {
  await withImport(
    {
      'good.md': '# Good',
      'bad-yaml.md': '---\ntitle: [unclosed\n---\nbody',
      'list-yaml.md': '---\n- a\n- b\n---\nbody',
      'latin1.md': Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]),
    },
    async ({ store, root }) => {
      // A link to nothing cannot be read, even by root (chmod would not stop root).
      fs.symlinkSync(path.join(root, 'does-not-exist'), path.join(root, 'broken.md'));
      const result = await importMarkdownFolder(store, root);
      assert.equal(result.notes, 1);
      const reasons = Object.fromEntries(result.skipped.map((s) => [path.relative(root, s.path), s.reason]));
      assert.deepEqual(Object.keys(reasons).sort(), ['bad-yaml.md', 'broken.md', 'latin1.md', 'list-yaml.md']);
      assert.match(reasons['bad-yaml.md']!, /front matter is not valid YAML/);
      assert.match(reasons['list-yaml.md']!, /front matter is not a list of "key: value" lines/);
      assert.equal(reasons['latin1.md'], 'it is not UTF-8 text');
      assert.match(reasons['broken.md']!, /could not be read: it does not exist \(or is a broken link\)/);
    },
  );
});

test('a front matter id is kept when it is free, replaced when it is taken', async () => {
  await withImport(
    { 'a.md': '---\nid: note:kept\ntitle: A\n---\nbody', 'b.md': '---\nid: note:kept\ntitle: B\n---\nbody' },
    async ({ store, root }) => {
      await importMarkdownFolder(store, root);
      const notes = await notesByTitle(store);
      assert.equal(notes.get('A')!._id, 'note:kept');
      assert.notEqual(notes.get('B')!._id, 'note:kept');
      assert.match(notes.get('B')!._id, /^note:\w+$/);
      await importMarkdownFolder(store, root);
      assert.equal((await store.allOfType('note')).filter((n) => n._id === 'note:kept').length, 1);
      assert.equal(await store.countOfType('note'), 4);
    },
  );
});

test('progress is reported per batch up to the total', async () => {
  const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`n${i}.md`, `# N${i}`]));
  await withImport(files, async ({ store, root }) => {
    const calls: [number, number][] = [];
    const result = await importMarkdownFolder(store, root, { batchSize: 2, onProgress: (d, t) => calls.push([d, t]) });
    assert.equal(result.notes, 5);
    assert.deepEqual(calls, [[0, 5], [2, 5], [4, 5], [5, 5]]);
  });
});

test('a missing folder is an ImportSourceError and writes nothing', async () => {
  await withImport({}, async ({ store, tmp }) => {
    await assert.rejects(importMarkdownFolder(store, path.join(tmp, 'nope')), ImportSourceError);
    assert.equal((await store.db.info()).doc_count, 0);
    assert.deepEqual(await importMarkdownFolder(store, tmp + '/Notes'), { notes: 0, books: 0, tags: 0, files: 0, skipped: [] });
  });
});

test('a Quire export imports back: no notebook for the folder itself, names and keys from front matter', async () => {
  let n = 0;
  const exported = (title: string, notebook: string, body: string) =>
    `---\ntitle: ${title}\ntags: [Work]\nnotebook: ${notebook}\nstatus: completed\npinned: true\n` +
    `created: 2020-01-02T03:04:05.000Z\nupdated: 2021-01-02T03:04:05.000Z\nid: note:x${++n}\n${body}`;
  await withImport(
    {
      'Work_ plans/CON_/a.md': exported('"  spaced  "', '["Work: plans", CON]', '---\nbody a\n'),
      'Work_ plans/CON_/b.md': exported('""', '["Work: plans", CON]', '\nauthor: Ada\n---\nbody b\n'),
      'Work_ plans (2)/c.md': exported('C', '["Work: plans"]', '---\n'),
      'Moved/d.md': exported('D', '[Elsewhere]', '---\nbody d\n'),
    },
    async ({ store, root }) => {
      const result = await importMarkdownFolder(store, root);
      assert.deepEqual(result.skipped, []);
      const books = await store.allOfType('book');
      const named = (name: string) => books.filter((b) => b.name === name);
      assert.deepEqual(books.map((b) => b.name).sort(), ['CON', 'Moved', 'Notes', 'Work: plans', 'Work: plans'].sort());
      const workIds = named('Work: plans').map((b) => b._id);
      assert.ok(named('Work: plans').every((b) => b.parentBookId === null), 'exported top notebooks stay at the top');
      assert.ok(workIds.includes(named('CON')[0]!.parentBookId!));
      // A file whose folder does not match its front matter notebook is imported the ordinary way.
      assert.equal(named('Moved')[0]!.parentBookId, named('Notes')[0]!._id);
      const notes = await store.allOfType('note');
      const a = notes.find((n) => n.body === 'body a\n')!;
      assert.equal(a.title, '  spaced  ');
      assert.equal(a.status, 'completed');
      assert.equal(a.pinned, true);
      assert.equal(a.createdAt, Date.parse('2020-01-02T03:04:05Z'));
      assert.equal(a.updatedAt, Date.parse('2021-01-02T03:04:05Z'));
      const b = notes.find((n) => n.body.endsWith('body b\n'))!;
      assert.equal(b.title, '');
      assert.equal(b.body, '---\nauthor: Ada\n---\nbody b\n', 'the note keeps its own front matter, not the export’s keys');
      const c = notes.find((n) => n.title === 'C')!;
      assert.equal(c.body, '');
      assert.ok(workIds.includes(c.bookId) && c.bookId !== named('CON')[0]!.parentBookId, 'two folders, two notebooks of the same name');
    },
  );
});
