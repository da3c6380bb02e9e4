// Notebooks and tags for an import, reusing the ones already in the
// database so that importing the same folder twice does not duplicate them:
// a notebook is the same when its name and parent are, a tag when its name
// is, ignoring case. Both are created only when a note needs them.
import path from 'node:path';
import type { DocumentStore } from '../db/document-store';
import { MAX_BOOK_NAME_CHARS, type BookDoc, type TagDoc } from '../../shared/schema';
import { newId } from '../../shared/ids';
import { couldBeExportedName } from '../export/file-names';

/** The name a folder's notebook gets: the folder name, cut to what a notebook name may hold. */
export function notebookNameOf(folder: string): string {
  return path.basename(folder).trim().slice(0, MAX_BOOK_NAME_CHARS).trim() || 'Imported notes';
}

/**
 * The notebook of each imported note, found or created when the first note
 * needs it (with its parents), and written with that note's batch. A note's
 * notebook is its folder's, nested like the folders, the imported folder
 * itself being the top notebook. A note from Quire's export names its
 * notebook path in front matter: when the folders below the imported one
 * match that path (they are names the export could have given it), the
 * imported folder is not a notebook and the path's names are used as they
 * are, so an export imports back to the same tree. Each exported folder is
 * its own notebook, even beside one of the same name.
 */
export class Notebooks {
  /** Folder notebooks by parent and name: the oldest existing one, else the one this import made. */
  private readonly sameName = new Map<string, string>();
  /** Existing notebooks by parent and name, oldest first, for exported folders to take over. */
  private readonly existing = new Map<string, string[]>();
  private readonly taken = new Set<string>();
  private readonly byFolder = new Map<string, string>();
  private pending: BookDoc[] = [];
  /** Whether any note was placed by its exported notebook path: this import is of an export. */
  private fromExport = false;
  created = 0;

  private constructor(
    private readonly root: string,
    private readonly now: number,
  ) {}

  static async load(store: DocumentStore, root: string, now: number): Promise<Notebooks> {
    const notebooks = new Notebooks(root, now);
    const books = (await store.allOfType('book')).sort((a, b) => a.createdAt - b.createdAt);
    for (const book of books) {
      const key = keyOf(book.parentBookId ?? null, book.name);
      if (!notebooks.sameName.has(key)) notebooks.sameName.set(key, book._id);
      notebooks.existing.set(key, [...(notebooks.existing.get(key) ?? []), book._id]);
    }
    return notebooks;
  }

  /** The notebook id for a note file, given the notebook path its front matter names (if any). */
  forNote(file: string, exportedPath?: string[]): string {
    const folder = path.dirname(file);
    const exported = exportedPath && this.forExportedFolder(folder, exportedPath);
    if (exported) this.fromExport = true;
    return exported || this.forFolder(folder);
  }

  /**
   * A notebook for a folder with nothing in it, after every note is placed.
   * In an export, it is a notebook without notes: named by its folder
   * (nothing else names it), under the notebook of the folder it is in, and
   * the export folder itself is still not a notebook.
   */
  forEmptyFolder(folder: string): string {
    if (!this.fromExport) return this.forFolder(folder);
    const rel = path.relative(this.root, folder);
    return this.exportedChain(folder, rel.split(path.sep));
  }

  /** Notebooks created since the last call, parents before children. */
  takePending(): BookDoc[] {
    const docs = this.pending;
    this.pending = [];
    return docs;
  }

  private forFolder(folder: string): string {
    const cached = this.byFolder.get(folder);
    if (cached) return cached;
    const parentBookId = folder === this.root ? null : this.forFolder(path.dirname(folder));
    const name = notebookNameOf(folder);
    const key = keyOf(parentBookId, name);
    let id = this.sameName.get(key);
    if (!id) {
      id = this.create(name, parentBookId);
      this.sameName.set(key, id);
    }
    this.byFolder.set(folder, id);
    return id;
  }

  private forExportedFolder(folder: string, names: string[]): string | null {
    const rel = path.relative(this.root, folder);
    const parts = rel === '' ? [] : rel.split(path.sep);
    if (parts.length !== names.length || !parts.every((part, i) => couldBeExportedName(part, names[i]!))) return null;
    return this.exportedChain(folder, names);
  }

  private exportedChain(folder: string, names: string[]): string {
    const cacheKey = `export\u0000${folder}`;
    const cached = this.byFolder.get(cacheKey);
    if (cached) return cached;
    const parentBookId = names.length > 1 ? this.exportedChain(path.dirname(folder), names.slice(0, -1)) : null;
    const name = names.at(-1)!;
    let id = this.existing.get(keyOf(parentBookId, name))?.find((existing) => !this.taken.has(existing));
    if (id) this.taken.add(id);
    else id = this.create(name, parentBookId);
    this.byFolder.set(cacheKey, id);
    return id;
  }

  private create(name: string, parentBookId: string | null): string {
    const id = newId('book');
    this.pending.push({ _id: id, name, parentBookId, createdAt: this.now, updatedAt: this.now });
    this.created += 1;
    return id;
  }
}

const keyOf = (parentBookId: string | null, name: string) => `${parentBookId ?? ''}\u0000${name}`;

/** Tag ids by name; new tags wait in `pending` until the next batch write. */
export class TagSet {
  private readonly byName = new Map<string, string>();
  private pending: TagDoc[] = [];
  created = 0;

  private constructor(private readonly now: number) {}

  static async load(store: DocumentStore, now: number): Promise<TagSet> {
    const set = new TagSet(now);
    for (const tag of await store.allOfType('tag')) {
      const key = tag.name.toLowerCase();
      if (!set.byName.has(key)) set.byName.set(key, tag._id);
    }
    return set;
  }

  idsFor(names: string[]): string[] {
    const ids: string[] = [];
    for (const name of names) {
      const key = name.toLowerCase();
      let id = this.byName.get(key);
      if (!id) {
        id = newId('tag');
        this.byName.set(key, id);
        this.pending.push({ _id: id, name, color: 'default', createdAt: this.now, updatedAt: this.now });
        this.created += 1;
      }
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  takePending(): TagDoc[] {
    const docs = this.pending;
    this.pending = [];
    return docs;
  }
}
