// Exports every note outside the trash as a Markdown file (docs/export.md):
// one folder per notebook, nested like the tree; one `.md` per note named
// from its title, with front matter; attachments in `_attachments/`; each
// file's modification time the note's. A note that cannot be written is
// listed with the reason and the rest is still exported; only a folder that
// cannot be written at all (a full or read-only disk) stops the export.
//
// Notes are read a batch at a time in id order (the next batch read while
// this one is written), so memory does not grow with the number of notes
// beyond one name per note. Within a batch, names are decided one note at a
// time, in id order, then the files are written a few at a time, each
// atomically (temporary file, fsync, rename), with one fsync of each folder
// per batch, while the next batch is read and named.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DocumentStore } from '../db/document-store';
import type { Database } from '../db/open-database';
import { TRASH_BOOK_ID, type BookDoc, type NoteDoc, type NoteStatus } from '../../shared/schema';
import type { ExportError, ExportResult } from '../../shared/contract/export-requests';
import { AtomicWriter } from '../backup/atomic-write';
import { describeFsError } from '../import/fs-errors';
import { prepareExportFolder, ExportTargetError } from './export-folder';
import { fileNameBudget, NOTE_EXTENSION } from './file-names';
import { NotebookFolders, type NoteRanks } from './notebook-folders';
import { noteBatches, countNotes } from './note-stream';
import { fileLinks, linkPath, noteLinks, rewriteFileLinks } from './attachment-links';
import { AttachmentExporter } from './attachments';
import { noteFileText } from './front-matter';

export interface ExportOptions {
  onProgress?: (done: number, total: number) => void;
  /** Notes read from the database at a time. */
  batchSize?: number;
  /** Files written at the same time. */
  concurrency?: number;
  /** The time that names the export subfolder (when the chosen folder is not empty). */
  now?: Date;
  /** Export only these notes (Note › Export as Markdown…); every note outside the trash when absent. */
  only?: ReadonlySet<string>;
}

/** The tag on this writer's temporary files. */
const TEMP_TAG = 'export';
// Errors after which no other note could be written either.
const FATAL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

interface NoteJob {
  note: NoteDoc;
  rel: string;
  text: string;
  writes: (() => Promise<void>)[];
  problems: string[];
}

export async function exportAllNotes(store: DocumentStore, to: string, options: ExportOptions = {}): Promise<ExportResult> {
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 16;
  const { db } = store;
  const folder = await prepareExportFolder(to, options.now ?? new Date());

  const [books, tags] = await Promise.all([store.allOfType('book'), store.allOfType('tag')]);
  const tagNames = new Map(tags.map((t) => [t._id, t.name]));
  const tree = await NotebookFolders.build(books, () => noteRanks(db, books, batchSize));
  // Empty notebooks get their folder too: the folders show the whole tree (not for a few chosen notes).
  if (!options.only) {
    for (const notebook of tree.all()) await fs.mkdir(path.join(folder, ...notebook.rel.split('/')), { recursive: true });
  }

  const writer = new AtomicWriter(folder, TEMP_TAG);
  const attachments = new AttachmentExporter(db, writer);
  const errors: ExportError[] = [];
  const fail = (note: NoteDoc, reason: string) => errors.push({ id: note._id, title: note.title ?? '', reason });
  const total = await countNotes(db);
  let done = 0;
  let notes = 0;
  // Each exported note's file (folder/name.md), decided when the note or a link to it is first met:
  // links between notes become relative links between their files.
  const noteFiles = new Map<string, string>();
  options.onProgress?.(0, total);

  // Names are decided batch after batch, in id order; a batch's files are
  // written while the next batch is read and named.
  let writing: Promise<void> = Promise.resolve();
  for await (const batch of noteBatches(db, batchSize)) {
    const jobs: NoteJob[] = [];
    for (const note of batch) {
      if (note.bookId === TRASH_BOOK_ID || (options.only && !options.only.has(note._id))) continue;
      try {
        jobs.push(await plan(note));
      } catch (error) {
        fail(note, `it could not be prepared: ${String((error as Error).message ?? error)}`);
      }
    }
    await writing;
    writing = writeBatch(jobs, batch.length);
    // If reading the next batch fails, this one's failure must not go unhandled meanwhile.
    writing.catch(() => undefined);
  }
  await writing;
  errors.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { notes, attachments: attachments.written, folder, errors };

  async function writeBatch(jobs: NoteJob[], read: number): Promise<void> {
    await mapLimit(jobs, concurrency, async (job) => {
      try {
        await write(job);
        notes += 1;
        for (const problem of job.problems) fail(job.note, problem);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code && FATAL_CODES.has(code)) throw new ExportTargetError(`The export stopped: ${plainFatal(code)}.`);
        fail(job.note, `${job.rel} could not be written: ${describeFsError(error)}`);
      }
    });
    await writer.flush();
    done += read;
    options.onProgress?.(done, total);
  }

  function fileOf(note: NoteDoc): string {
    const known = noteFiles.get(note._id);
    if (known) return known;
    const notebook = tree.folderOf(note.bookId) ?? tree.unfiled();
    const title = typeof note.title === 'string' ? note.title : '';
    const name = notebook.files.claim(title.trim() === '' ? 'Untitled' : title, NOTE_EXTENSION, fileNameBudget(notebook.rel.length), 'Untitled');
    const rel = `${notebook.rel}/${name}`;
    noteFiles.set(note._id, rel);
    return rel;
  }

  /** The file of a note another note links to, if it is exported too. */
  async function linkedFile(id: string): Promise<string | undefined> {
    const known = noteFiles.get(id);
    if (known) return known;
    if (options.only && !options.only.has(id)) return undefined;
    const target = (await db.get(id).catch(() => null)) as unknown as NoteDoc | null;
    if (!target || target.bookId === TRASH_BOOK_ID) return undefined;
    return fileOf(target);
  }

  /** Links to other exported notes as relative paths from this note's file. */
  async function rewriteNoteLinks(body: string, rel: string): Promise<string> {
    const links = noteLinks(body);
    if (!links.length) return body;
    const targets = new Map<string, string>();
    for (const id of new Set(links.map((l) => l.fileId))) {
      const file = await linkedFile(id);
      if (file !== undefined) targets.set(id, linkPath(path.posix.relative(path.posix.dirname(rel), file)));
    }
    return rewriteFileLinks(body, links, (id) => targets.get(id));
  }

  async function plan(note: NoteDoc): Promise<NoteJob> {
    const notebook = tree.folderOf(note.bookId) ?? tree.unfiled();
    const title = typeof note.title === 'string' ? note.title : '';
    const rel = fileOf(note);
    const body = typeof note.body === 'string' ? note.body : '';
    const links = fileLinks(body);
    const targets = new Map<string, string>();
    const writes: (() => Promise<void>)[] = [];
    const problems: string[] = [];
    for (const fileId of new Set(links.map((l) => l.fileId))) {
      const placed = await attachments.place(notebook, fileId);
      if ('reason' in placed) problems.push(placed.reason);
      else {
        targets.set(fileId, placed.link);
        writes.push(placed.write);
      }
    }
    const text = noteFileText(
      {
        title,
        tags: (note.tags ?? []).flatMap((id) => (tagNames.has(id) ? [tagNames.get(id)!] : [])),
        notebook: notebook.names,
        status: (note.status ?? 'none') as NoteStatus,
        pinned: note.pinned === true,
        createdAt: note.createdAt ?? note.updatedAt ?? 0,
        updatedAt: note.updatedAt ?? note.createdAt ?? 0,
        id: note._id,
      },
      await rewriteNoteLinks(rewriteFileLinks(body, links, (fileId) => targets.get(fileId)), rel),
    );
    return { note, rel, text, writes, problems };
  }

  async function write(job: NoteJob): Promise<void> {
    for (const writeAttachment of job.writes) {
      try {
        await writeAttachment();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code && FATAL_CODES.has(code)) throw error;
        job.problems.push(`an attachment could not be written: ${describeFsError(error)}`);
      }
    }
    await writer.write(job.rel, job.text, { deferDirSync: true });
    const when = new Date(job.note.updatedAt ?? job.note.createdAt ?? 0);
    await fs.utimes(writer.resolve(job.rel), when, when);
  }
}

function plainFatal(code: string): string {
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
  return 'the disk is read-only';
}

/** The smallest note id under each notebook (its sub-notebooks' notes included), from one pass over the notes. */
async function noteRanks(db: Database, books: readonly BookDoc[], batchSize: number): Promise<NoteRanks> {
  const parents = new Map(books.map((b) => [b._id, b.parentBookId ?? null]));
  const ranks: NoteRanks = new Map();
  for await (const batch of noteBatches(db, batchSize)) {
    for (const note of batch) {
      // Notes come in id order: the first one seen under a notebook is its smallest.
      const seen = new Set<string>();
      for (let at: string | null = note.bookId; at !== null && parents.has(at) && !seen.has(at); at = parents.get(at)!) {
        seen.add(at);
        if (!ranks.has(at)) ranks.set(at, note._id);
      }
    }
  }
  return ranks;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; the first error stops new calls and is thrown. */
async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}
