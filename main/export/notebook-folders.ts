// The folder of every notebook in an export: nested like the notebook tree,
// named by FolderNames. Siblings claim their names in a fixed order, so the
// same database always gives the same folders: by id, or, when two siblings
// would get the same name, by the smallest note id they hold (note ids are
// what an export and its re-import have in common; notebook ids are not).
//
// A notebook whose parent is missing, or whose parents loop back to it, is
// treated as a top-level notebook. Notes whose notebook is missing go to
// `Unfiled/`, a folder named only when the first such note asks for it.
import type { BookDoc } from '../../shared/schema';
import { FolderNames, notebookNameBudget } from './file-names';

export interface NotebookFolder {
  /** The folder's path inside the export, `/`-separated. */
  rel: string;
  /** The notebook names from the top notebook down to this one. */
  names: string[];
  /** The names taken in this folder, for its notes and sub-notebooks. */
  files: FolderNames;
}

export const UNFILED_NAME = 'Unfiled';

/** The smallest note id (notes outside the trash) under each notebook, sub-notebooks included. */
export type NoteRanks = Map<string, string>;

export class NotebookFolders {
  private readonly byId = new Map<string, NotebookFolder>();
  private readonly root = new FolderNames();
  private unfiledFolder: NotebookFolder | null = null;
  /** True when two siblings wanted the same name (so their order mattered). */
  private clashed = false;

  private constructor(books: readonly BookDoc[], ranks: NoteRanks | null) {
    const parents = new Map(books.map((b) => [b._id, b.parentBookId ?? null]));
    const children = new Map<string | null, BookDoc[]>();
    for (const book of books) {
      const wanted = book.parentBookId ?? null;
      const parent = wanted !== null && parents.has(wanted) && !loopsBack(book._id, wanted, parents) ? wanted : null;
      const list = children.get(parent) ?? [];
      list.push(book);
      children.set(parent, list);
    }
    const order = (a: BookDoc, b: BookDoc) => compareRanks(ranks?.get(a._id), ranks?.get(b._id)) || compareIds(a._id, b._id);
    const place = (parentId: string | null, parent: NotebookFolder | null) => {
      const names = parent?.files ?? this.root;
      const parentRel = parent?.rel ?? '';
      const budget = notebookNameBudget(parentRel.length);
      for (const book of (children.get(parentId) ?? []).sort(order)) {
        const name = names.claim(book.name, '', budget, 'Notebook');
        const folder: NotebookFolder = {
          rel: parentRel ? `${parentRel}/${name}` : name,
          names: [...(parent?.names ?? []), book.name],
          files: new FolderNames(),
        };
        this.byId.set(book._id, folder);
        place(book._id, folder);
      }
      if (names.clashes > 0) this.clashed = true;
    };
    place(null, null);
  }

  /**
   * Names the folders of `books`. When siblings clash, `loadRanks` is asked
   * for the notes' order (a pass over the notes); otherwise it is not called.
   */
  static async build(books: readonly BookDoc[], loadRanks: () => Promise<NoteRanks>): Promise<NotebookFolders> {
    const byId = new NotebookFolders(books, null);
    return byId.clashed ? new NotebookFolders(books, await loadRanks()) : byId;
  }

  /** The folder of a notebook, or null when there is no such notebook. */
  folderOf(bookId: string): NotebookFolder | null {
    return this.byId.get(bookId) ?? null;
  }

  /** The folder for notes whose notebook is missing. */
  unfiled(): NotebookFolder {
    if (!this.unfiledFolder) {
      const name = this.root.claim(UNFILED_NAME, '', notebookNameBudget(0), UNFILED_NAME);
      this.unfiledFolder = { rel: name, names: [UNFILED_NAME], files: new FolderNames() };
    }
    return this.unfiledFolder;
  }

  /** Every notebook's folder (empty notebooks get an empty folder too). */
  all(): NotebookFolder[] {
    return [...this.byId.values()];
  }
}

/** Whether following parents from `parent` comes back to `id` (a corrupt tree). */
function loopsBack(id: string, parent: string, parents: Map<string, string | null>): boolean {
  const seen = new Set<string>();
  for (let at: string | null = parent; at !== null; at = parents.get(at) ?? null) {
    if (at === id) return true;
    // A loop further up that does not reach `id` is the ancestors' problem, solved at their level.
    if (seen.has(at)) return false;
    seen.add(at);
  }
  return false;
}

/** Notebooks holding notes come first, in the order of their smallest note id; then the empty ones. */
function compareRanks(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return compareIds(a, b);
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
