// A Markdown import reads only regular files really inside the chosen
// folder: links leading out of it, folder links, pipes, sockets and devices
// are refused with a reason, and nothing can make the import block. The
// CLI's side: main/cli/commands/import-markdown.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import type { NoteDoc } from '../../shared/schema';
import { importMarkdownFolder } from './import-markdown';
import { readNoteFile, readRegularFile } from './read-note-file';

const SECRET = 'aws_secret_access_key=NOT-FOR-THE-NOTES';
const noFifos = process.platform === 'win32' ? 'no FIFOs or Unix sockets on Windows' : false;
// A regression here would hang, not fail: the test's own timeout turns that into a failure.
const BOUNDED = { timeout: 20_000 };

/** A temporary folder with Notes/ (the folder imported), secret/ beside it, and a database. */
async function withFolders(fn: (ctx: { tmp: string; root: string; store: DocumentStore; dbDir: string }) => Promise<void>) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-import-links-'));
  const root = path.join(tmp, 'Notes');
  fs.mkdirSync(root);
  fs.mkdirSync(path.join(tmp, 'secret'));
  fs.writeFileSync(path.join(tmp, 'secret', 'credentials'), `# Credentials\n${SECRET}\n`);
  fs.writeFileSync(path.join(tmp, 'secret', 'secret.md'), `# Secret note\n${SECRET}\n`);
  fs.writeFileSync(path.join(root, 'ordinary.md'), '# Ordinary\nbody\n');
  const dbDir = path.join(tmp, 'db');
  const db = openDatabase(dbDir);
  try {
    await fn({ tmp, root, store: new DocumentStore(db), dbDir });
  } finally {
    await db.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Every document with its attachments, as one string: what the database holds. */
async function everything(store: DocumentStore): Promise<string> {
  const { rows } = await store.db.allDocs({ include_docs: true, attachments: true, binary: false });
  return rows
    .map((row) => {
      const doc = row.doc as Record<string, unknown> & { _attachments?: Record<string, { data: string }> };
      const attached = Object.values(doc._attachments ?? {}).map((a) => Buffer.from(a.data, 'base64').toString('latin1'));
      return JSON.stringify(doc) + attached.join('');
    })
    .join('\n');
}

const reasonsOf = (root: string, skipped: { path: string; reason: string }[]) =>
  Object.fromEntries(skipped.map((s) => [path.relative(root, s.path), s.reason]));

test('a .md link and a folder link pointing outside the folder are refused, and nothing of theirs is imported', async () => {
  await withFolders(async ({ tmp, root, store }) => {
    fs.symlinkSync(path.join(tmp, 'secret', 'credentials'), path.join(root, 'credentials.md'));
    fs.symlinkSync(path.join(tmp, 'secret'), path.join(root, 'linked-folder'));
    fs.mkdirSync(path.join(root, 'sub'));
    fs.symlinkSync('../../secret/secret.md', path.join(root, 'sub', 'relative.md'));
    fs.symlinkSync(path.join(root, 'nowhere.md'), path.join(root, 'dangling.md'));

    const result = await importMarkdownFolder(store, root);
    assert.equal(result.notes, 1);
    assert.deepEqual(reasonsOf(root, result.skipped), {
      'credentials.md': 'it is a link pointing outside the imported folder',
      'dangling.md': 'it could not be read: it does not exist (or is a broken link)',
      'linked-folder': 'it is a link pointing outside the imported folder',
      'sub/relative.md': 'it is a link pointing outside the imported folder',
    });
    assert.deepEqual((await store.allOfType('note')).map((n: NoteDoc) => n.title), ['Ordinary']);
    const stored = await everything(store);
    assert.ok(!stored.includes('NOT-FOR-THE-NOTES'), 'the secret is nowhere in the database');
    assert.ok(!stored.includes('Secret note'));
  });
});

test('links inside the folder: a .md link to a regular file is read, folder links are not followed, loops end', async () => {
  await withFolders(async ({ root, store }) => {
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub', 'target.md'), '# Target\n');
    fs.symlinkSync('sub/target.md', path.join(root, 'alias.md'));
    fs.symlinkSync('sub', path.join(root, 'sub-alias'));
    fs.symlinkSync('..', path.join(root, 'sub', 'up'));
    fs.symlinkSync('loop-b.md', path.join(root, 'loop-a.md'));
    fs.symlinkSync('loop-a.md', path.join(root, 'loop-b.md'));

    const result = await importMarkdownFolder(store, root);
    assert.deepEqual(reasonsOf(root, result.skipped), {
      'loop-a.md': 'it could not be read: it is a link that loops back on itself',
      'loop-b.md': 'it could not be read: it is a link that loops back on itself',
      'sub-alias': 'it is a link to a folder inside the imported folder; links to folders are not followed',
      'sub/up': 'it is a link to a folder inside the imported folder; links to folders are not followed',
    });
    // alias.md is read through its link, as images linked inside the folder are.
    assert.deepEqual((await store.allOfType('note')).map((n: NoteDoc) => n.title).sort(), ['Ordinary', 'Target', 'Target']);
  });
});

test('FIFOs, a socket and a device, direct or through .md links, are refused without blocking', { ...BOUNDED, skip: noFifos }, async () => {
  await withFolders(async ({ tmp, root, store }) => {
    execFileSync('mkfifo', [path.join(root, 'pipe.md')]);
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
    for (let i = 0; i < 5; i++) fs.symlinkSync('fifo', path.join(root, `to-fifo-${i}.md`));
    execFileSync('mkfifo', [path.join(tmp, 'outside-fifo')]);
    fs.symlinkSync(path.join(tmp, 'outside-fifo'), path.join(root, 'outside-fifo.md'));
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.md'));
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(root, 'socket.md'), resolve));
    try {
      const result = await importMarkdownFolder(store, root);
      assert.equal(result.notes, 1);
      const reasons = reasonsOf(root, result.skipped);
      assert.deepEqual(reasons, {
        'outside-fifo.md': 'it is a link pointing outside the imported folder',
        'pipe.md': 'it is a named pipe (FIFO), not a regular file',
        'socket.md': 'it is a socket, not a regular file',
        'to-fifo-0.md': 'it is a link to a named pipe (FIFO), not to a regular file',
        'to-fifo-1.md': 'it is a link to a named pipe (FIFO), not to a regular file',
        'to-fifo-2.md': 'it is a link to a named pipe (FIFO), not to a regular file',
        'to-fifo-3.md': 'it is a link to a named pipe (FIFO), not to a regular file',
        'to-fifo-4.md': 'it is a link to a named pipe (FIFO), not to a regular file',
        'zero.md': 'it is a link pointing outside the imported folder',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

test('the file itself is opened without following a link or waiting on a pipe (a file swapped after the checks)', BOUNDED, async () => {
  await withFolders(async ({ tmp, root }) => {
    // readRegularFile is what runs after the checks: given a link, it must refuse, not read through.
    fs.symlinkSync(path.join(tmp, 'secret', 'credentials'), path.join(root, 'swapped.md'));
    const swapped = await readRegularFile(path.join(root, 'swapped.md'));
    assert.ok(!('bytes' in swapped), 'the link was not read through');
    const expected = process.platform === 'win32' ? /./ : /^it was replaced by a link while it was being imported$/;
    assert.match(swapped.reason, expected);

    const plain = await readRegularFile(path.join(root, 'ordinary.md'));
    assert.ok('bytes' in plain);
    assert.equal(plain.bytes.toString(), '# Ordinary\nbody\n');

    if (!noFifos) {
      execFileSync('mkfifo', [path.join(root, 'pipe.md')]);
      assert.deepEqual(await readRegularFile(path.join(root, 'pipe.md')), {
        path: path.join(root, 'pipe.md'),
        reason: 'it is a named pipe (FIFO), not a regular file',
      });
    }

    // A note whose folder became a link out of the imported folder after the walk.
    const realRoot = fs.realpathSync(root);
    fs.symlinkSync(path.join(tmp, 'secret'), path.join(root, 'moved'));
    assert.deepEqual(await readNoteFile(path.join(root, 'moved', 'secret.md'), realRoot), {
      path: path.join(root, 'moved', 'secret.md'),
      reason: 'its folder is now a link pointing outside the imported folder',
    });
  });
});

test('a file over the size limit is refused before it is read', async () => {
  await withFolders(async ({ root, store }) => {
    fs.writeFileSync(path.join(root, 'big.md'), Buffer.alloc(9 * 1024 * 1024, 'a'));
    const result = await importMarkdownFolder(store, root);
    assert.equal(result.notes, 1);
    assert.deepEqual(reasonsOf(root, result.skipped), { 'big.md': 'it is larger than the 8 MB a note can hold' });
  });
});
