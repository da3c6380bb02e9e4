// Test helpers for salvage: a database built through the app's own services
// over several sessions (so its data sits in table files and in the log),
// a child process holding a database open, and a folder's fingerprint.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createImageAttachment } from '../attachments/create-attachment';
import { DocumentStore } from '../db/document-store';
import { openDatabase } from '../db/open-database';
import { BooksService } from '../notes/books-service';
import { NotesService } from '../notes/notes-service';
import { TagsService } from '../notes/tags-service';
import { nodeScriptArgs } from '../testing/node-script';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const IMAGES = path.resolve(ROOT, '../shared/corpora/images');

export function tempDir(prefix = 'quire-salvage-test-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    path: (...parts: string[]) => path.join(dir, ...parts),
    [Symbol.dispose]: () => {
      // A read-only test folder must be writable again to be removed (for a non-root user).
      for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        try {
          fs.chmodSync(path.join(dir, entry), 0o755);
        } catch {
          // gone already
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BuiltLibrary {
  /** Notes deleted for good, and the body each had last. */
  deletedNotes: Map<string, string>;
  deletedFile: string;
  deletedBook: string;
  deletedTag: string;
}

/**
 * A library as a user makes one, through the app's services, in three
 * sessions: nested notebooks, tags, notes edited several times, images
 * from ../shared/corpora/images, the trash, and deletions of a note, a
 * notebook, a tag and an image. `extraNotes` adds plain notes to fill table files.
 */
export async function buildLibrary(dir: string, extraNotes = 0): Promise<BuiltLibrary> {
  let clock = Date.UTC(2026, 0, 1);
  const now = () => (clock += 1000);
  const session = async <T>(fn: (s: { store: DocumentStore; notes: NotesService; books: BooksService; tags: TagsService }) => Promise<T>) => {
    const db = openDatabase(dir);
    const store = new DocumentStore(db);
    try {
      return await fn({ store, notes: new NotesService(store, now), books: new BooksService(store, now), tags: new TagsService(store, now) });
    } finally {
      await db.close();
    }
  };
  const ids = await session(async ({ store, notes, books, tags }) => {
    const work = await books.create('Work', null);
    const projects = await books.create('Projects', work._id);
    const home = await books.create('Home', null);
    const recipes = await books.create('Recipes', home._id);
    const urgent = await tags.create('urgent', 'red');
    const idea = await tags.create('idea');
    const stale = await tags.create('stale');
    const images: string[] = [];
    for (const name of ['logo.png', 'banner.png', 'logo.svg', 'tldr-dark.png']) {
      const file = await createImageAttachment(store, { name, bytes: fs.readFileSync(path.join(IMAGES, name)), now: now() });
      images.push(file._id);
    }
    const plan = await notes.create({ bookId: projects._id, title: 'Plan', body: `# Plan\n\n![logo](quire://file/${images[0]!.slice(5)})\n- [ ] ship`, tags: [urgent._id] });
    await notes.create({ bookId: work._id, title: 'Ideas', body: 'Some **ideas** and 日本語 and émoji 😀', tags: [idea._id, stale._id] });
    await notes.create({ bookId: recipes._id, title: 'Dal', body: 'Lentils, cumin.' });
    const doomed = await notes.create({ bookId: home._id, title: 'Shopping', body: 'milk, eggs' });
    const extra = Array.from({ length: extraNotes }, (_, i) => ({
      _id: `note:extra${String(i).padStart(5, '0')}`, title: `Extra ${i}`, body: `Body ${i} `.repeat(60), bookId: work._id, createdAt: now(), updatedAt: now(),
    }));
    for (let i = 0; i < extra.length; i += 200) await store.putMany(extra.slice(i, i + 200));
    return { plan: plan._id, doomed: doomed._id, images, work: work._id, home: home._id, recipes: recipes._id, stale: stale._id, projects: projects._id };
  });
  await session(async ({ notes }) => {
    for (let i = 1; i <= 3; i++) await notes.update(ids.plan, { body: `# Plan v${i}\n\n- [x] ship` });
    await notes.update(ids.doomed, { body: 'milk, eggs, bread' });
    await notes.update(ids.doomed, { pinned: true, status: 'active' });
  });
  const deletedNotes = new Map<string, string>();
  await session(async ({ store, notes, books, tags }) => {
    await notes.moveToTrash([ids.doomed]);
    await notes.deleteForever([ids.doomed]);
    deletedNotes.set(ids.doomed, 'milk, eggs, bread');
    await books.delete(ids.recipes); // its note goes to the trash, the notebook is deleted
    await tags.delete(ids.stale);
    const file = await store.get<{ _id: string; _rev: string }>(ids.images[3]!);
    await store.db.remove(file!._id, file!._rev);
    await notes.create({ bookId: ids.work, title: 'Late note', body: 'written last, still in the log' });
  });
  return { deletedNotes, deletedFile: ids.images[3]!, deletedBook: ids.recipes, deletedTag: ids.stale };
}

/** Every file's bytes and modification time, for "the source was not touched". */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file);
    out[name] = stat.isDirectory() ? `dir ${stat.mtimeMs}` : `${createHash('sha256').update(fs.readFileSync(file)).digest('hex')} ${stat.mtimeMs}`;
  }
  return out;
}

/**
 * Another process with the database open (holding LevelDB's LOCK), until
 * stopped; with `writing`, it writes a batch of notes every few milliseconds
 * meanwhile (so LevelDB flushes and compacts while it is being copied), and
 * `written(n)` resolves once it has written n batches.
 */
export async function holdOpen(
  dbDir: string,
  options: { writing?: boolean } = {},
): Promise<{ pid: number; written(batches: number): Promise<void>; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    nodeScriptArgs(
      `import { openDatabase } from './main/db/open-database.ts';
       const db = openDatabase(process.argv[2]);
       await db.info();
       let stopping = false;
       let writing = Promise.resolve();
       if (process.argv[3] === 'writing') {
         writing = (async () => {
           for (let round = 0; !stopping; round++) {
             const docs = Array.from({ length: 50 }, (_, i) => ({ _id: 'note:w' + round + '-' + i, title: 'Written ' + round, body: 'x'.repeat(3000) }));
             await db.bulkDocs(docs);
             process.stdout.write('wrote ' + (round + 1) + '\\n');
             await new Promise((r) => setTimeout(r, 5));
           }
         })();
       }
       process.stdout.write('open\\n');
       process.stdin.resume();
       process.stdin.on('end', async () => { stopping = true; await writing; await db.close(); process.exit(0); });`,
      dbDir, options.writing ? 'writing' : 'idle'),
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let batches = 0;
  const batchWaits: { batches: number; resolve: () => void }[] = [];
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const m of out.matchAll(/wrote (\d+)\n/g)) batches = Math.max(batches, Number(m[1]));
    out = out.slice(out.lastIndexOf('\n') + 1);
    for (const wait of batchWaits.filter((w) => w.batches <= batches)) {
      batchWaits.splice(batchWaits.indexOf(wait), 1);
      wait.resolve();
    }
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('open')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the holder exited (${code}) before opening: ${stderr}`)));
  });
  return {
    pid: child.pid!,
    written: (n) =>
      new Promise<void>((resolve, reject) => {
        if (batches >= n) return resolve();
        batchWaits.push({ batches: n, resolve });
        child.on('exit', (code) => reject(new Error(`the holder exited (${code}) after ${batches} of ${n} batches: ${stderr}`)));
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.on('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
