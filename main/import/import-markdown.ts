// Imports a folder of Markdown files: every .md file becomes a note, every
// folder holding Markdown, or nothing at all, a notebook nested like the
// folders (the imported folder itself is the top notebook, except for a
// Quire export: see Notebooks), front matter `tags` become tags and images linked by relative
// path become `file:` documents, and links to other imported .md files
// become links to their notes (`quire://note:<id>`, as in an export of Quire's).
// Files that cannot be imported are listed
// in the result, never fatal. Nothing outside the folder is read: a .md file,
// folder or image that is a link leading out of it is refused, and so is
// anything that is not a regular file (walk-folder.ts, read-note-file.ts).
//
// It is built for folders of tens of thousands of notes: files are read a
// batch at a time with bounded concurrency, the next batch is read while
// the current one is written, and each batch is one bulk write.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DocumentStore } from '../db/document-store';
import { ValidationError, validateDoc, type NoteDoc } from '../../shared/schema';
import type { ImportResult, SkippedItem } from '../../shared/types';
import { newId } from '../../shared/ids';
import { countTasks } from '../../shared/tasks';
import { walkMarkdownFolder } from './walk-folder';
import { Notebooks, TagSet } from './notebooks-and-tags';
import { ImageAttacher, fileUrl } from './image-attacher';
import { readNoteFile, type NoteFile } from './read-note-file';
import { localImageRefs, localNoteRefs, rewriteTargets } from './markdown-text';

export interface ImportOptions {
  onProgress?: (done: number, total: number) => void;
  /** Notes per bulk write. */
  batchSize?: number;
  /** Files read at the same time. */
  concurrency?: number;
}

/** Thrown when the folder to import is not there; nothing has been written. */
export class ImportSourceError extends Error {
  override name = 'ImportSourceError';
}

export async function importMarkdownFolder(
  store: DocumentStore,
  from: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const batchSize = options.batchSize ?? 500;
  const concurrency = options.concurrency ?? 16;
  const root = path.resolve(from);
  const rootStat = await fs.stat(root).catch(() => null);
  if (!rootStat?.isDirectory()) throw new ImportSourceError(`There is no folder at ${root}.`);

  const now = Date.now();
  // Everything read must really be inside this: notes, folders and images alike.
  const realRoot = await fs.realpath(root);
  const tree = await walkMarkdownFolder(root, realRoot);
  const skipped: SkippedItem[] = [...tree.skipped];
  const notebooks = await Notebooks.load(store, root, now);
  const tags = await TagSet.load(store, now);
  const images = new ImageAttacher(root, realRoot, now, (docs) => store.putMany(docs));
  const claimedIds = new Set<string>();
  // Links between the imported files are turned into note links once every note has its id.
  const idOfFile = new Map<string, string>();
  const linking: { id: string; file: string }[] = [];
  let notes = 0;

  const total = tree.files.length;
  const readBatch = (start: number) =>
    mapLimit(tree.files.slice(start, start + batchSize), concurrency, (file) => readNoteFile(file, realRoot));
  options.onProgress?.(0, total);

  let next: Promise<Awaited<ReturnType<typeof readNoteFile>>[]> | null = total ? readBatch(0) : null;
  for (let start = 0; next; start += batchSize) {
    const read = await next;
    next = start + batchSize < total ? readBatch(start + batchSize) : null;
    // If this batch's write fails, the read ahead must not become an unhandled rejection.
    next?.catch(() => undefined);

    const files: NoteFile[] = [];
    for (const item of read) {
      if ('reason' in item) skipped.push(item);
      else files.push(item);
    }
    const freeIds = await unusedNoteIds(store, files, claimedIds);
    const docs = await mapLimit(files, concurrency, async (file) => {
      const { body, skipped: imageSkips } = await attachImages(file, images);
      skipped.push(...imageSkips);
      const id = file.meta.id && freeIds.has(file.meta.id) && !claimedIds.has(file.meta.id) ? file.meta.id : newId('note');
      claimedIds.add(id);
      const doc: NoteDoc = {
        _id: id,
        title: file.title,
        body,
        doctype: 'markdown',
        bookId: notebooks.forNote(file.path, file.meta.notebook),
        tags: file.meta.tags ? tags.idsFor(file.meta.tags) : [],
        status: file.meta.status ?? 'none',
        share: 'private',
        pinned: file.meta.pinned ?? false,
        ...countTasks(body),
        createdAt: file.meta.createdAt ?? file.mtime,
        updatedAt: file.meta.updatedAt ?? file.mtime,
      };
      try {
        const valid = validateDoc(doc);
        idOfFile.set(path.resolve(file.path), id);
        if (localNoteRefs(body).length) linking.push({ id, file: path.resolve(file.path) });
        return valid;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        skipped.push({ path: file.path, reason: `it cannot be saved as a note: ${error.issues.map((i) => `${i.path} ${i.message}`).join('; ')}` });
        return null;
      }
    });
    await images.flush();
    const valid = docs.filter((d): d is NoteDoc => d !== null);
    await store.putMany([...notebooks.takePending(), ...tags.takePending(), ...valid]);
    notes += valid.length;
    options.onProgress?.(Math.min(start + batchSize, total), total);
  }

  // Notebooks without notes, once the notes have shown whether this is an export.
  for (const folder of tree.emptyFolders) notebooks.forEmptyFolder(folder);
  const emptyBooks = notebooks.takePending();
  if (emptyBooks.length > 0) await store.putMany(emptyBooks);

  await linkImportedNotes(store, linking, idOfFile, batchSize);

  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { notes, books: notebooks.created, tags: tags.created, files: images.created, skipped };
}

/** Rewrites links to imported .md files in the notes that have them as links to those files' notes. */
async function linkImportedNotes(
  store: DocumentStore, linking: { id: string; file: string }[], idOfFile: ReadonlyMap<string, string>, batchSize: number,
): Promise<void> {
  for (let start = 0; start < linking.length; start += batchSize) {
    const changed: NoteDoc[] = [];
    for (const { id, file } of linking.slice(start, start + batchSize)) {
      const doc = await store.get<NoteDoc>(id);
      if (!doc) continue;
      const replacements = localNoteRefs(doc.body).flatMap((ref) => {
        const target = idOfFile.get(path.resolve(path.dirname(file), ref.path));
        return target ? [{ ref, target: `quire://${target}` }] : [];
      });
      if (replacements.length) changed.push({ ...doc, body: rewriteTargets(doc.body, replacements) });
    }
    if (changed.length) await store.putMany(changed as unknown as (NoteDoc & Record<string, unknown>)[]);
  }
}

/** The front matter ids of this batch that no document has yet, so a round trip keeps ids. */
async function unusedNoteIds(store: DocumentStore, files: NoteFile[], claimed: Set<string>): Promise<Set<string>> {
  const wanted = [...new Set(files.flatMap((f) => (f.meta.id && !claimed.has(f.meta.id) ? [f.meta.id] : [])))];
  if (!wanted.length) return new Set();
  const { rows } = await store.db.allDocs({ keys: wanted });
  // Only ids never used are free: a deleted note's id is still known to replicas.
  return new Set(rows.flatMap((row) => ('error' in row && row.error === 'not_found' ? [row.key] : [])));
}

async function attachImages(file: NoteFile, images: ImageAttacher): Promise<{ body: string; skipped: SkippedItem[] }> {
  const refs = localImageRefs(file.body);
  if (!refs.length) return { body: file.body, skipped: [] };
  const skipped: SkippedItem[] = [];
  const replacements = [];
  for (const ref of refs) {
    const attached = await images.attach(file.path, ref.path);
    if (attached.skipped) skipped.push(attached.skipped);
    if (attached.fileId) replacements.push({ ref, target: fileUrl(attached.fileId) });
  }
  return { body: rewriteTargets(file.body, replacements), skipped };
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
