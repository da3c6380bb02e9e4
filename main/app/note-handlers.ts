// The notes app's request handlers: thin adapters from the contract to the
// services in main/notes and main/attachments.
import type { Handlers } from '../ipc/dispatch';
import type { noteRequests } from '../../shared/contract/notes-requests';
import type { DocumentStore } from '../db/document-store';
import type { NoteIndex } from '../notes/note-index';
import type { BacklinkIndex } from '../notes/backlink-index';
import { TRASH_BOOK_ID } from '../../shared/schema';
import { NotesService, UserError } from '../notes/notes-service';
import { BooksService } from '../notes/books-service';
import { TagsService } from '../notes/tags-service';
import { createImageAttachment } from '../attachments/create-attachment';
import type { SearchService } from '../search/search-service';
import { firstVisibleNotes, type NoteFilter } from '../../shared/note-list';
import { SummaryPages } from '../notes/summary-pages';

export type NoteHandlers = Pick<Handlers, keyof typeof noteRequests>;


export function createNoteHandlers(deps: {
  store: DocumentStore;
  notes: NoteIndex;
  search: SearchService;
  backlinks: BacklinkIndex;
  /** Told when a window has the first rows of its list, so heavier background work can begin. */
  onFirstRowsSent?: () => void;
  /** Awaited before a window's first page of every summary (see app-core.ts). */
  beforeEverySummary?: () => Promise<unknown>;
  /** Told when a window has been sent the last page of every summary: its whole list is out. */
  onEverySummarySent?: () => void;
}): NoteHandlers {
  const { store, notes, search } = deps;
  const notesService = new NotesService(store);
  const books = new BooksService(store);
  const tags = new TagsService(store);
  const summaryPages = new SummaryPages();

  // Only a notebook's list needs the notebooks (for the ones nested in it): reading them is
  // a tenth of a second at 200,000 notes, on the way to the first rows.
  const notebookLinks = async (filter: NoteFilter) =>
    filter.kind !== 'book' ? [] : (await store.allOfType('book')).map((b) => ({ id: b._id, parentBookId: b.parentBookId ?? null }));

  const defaultBook = async () => {
    const id = await books.defaultBookId();
    if (!id) throw new UserError('Create a notebook first: every note lives in a notebook.');
    return id;
  };

  return {
    'notes.firstPage': async ({ filter, sort, limit, query, includeTrash }) => {
      if (query?.trim()) {
        if (!notes.isLoaded) {
          // Typed before every summary is read (a second at 200,000 notes): the search worker puts the matches in the
          // list's order itself, and only the first rows' notes are read.
          const links = await notes.whileUrgent(() => notebookLinks(filter));
          const answer = await search.queryPage(query, { includeTrash }, { filter, links, sort, limit });
          return { notes: await notes.whileUrgent(() => notes.summariesOf(answer.page.ids)), total: answer.page.total, ids: answer.ids };
        }
        const [links, ids] = await Promise.all([notebookLinks(filter), search.query(query, { includeTrash })]);
        return { ...firstVisibleNotes(notes.byId(), filter, links, sort, ids, limit), ids };
      }
      // At start-up, the list of all notes as the cache saved it, if nothing changed since: the
      // window need not wait for every summary to be read (a second at 200,000 notes).
      let first = filter.kind === 'all' ? await notes.savedFirstRows(sort, limit) : null;
      if (!first) {
        const [, links] = await Promise.all([notes.load(), notebookLinks(filter)]);
        first = firstVisibleNotes(notes.byId(), filter, links, sort, null, limit);
      }
      // The window's next wait is every summary: the rest of the summary cache is read in longer slices.
      notes.hurry();
      deps.onFirstRowsSent?.();
      return first;
    },
    'notes.summaries': async ({ cursor }) => {
      // Waited for before the read too: a window asks for every summary right after its first rows, and the read
      // would otherwise start then, beside the search's own (app-core.ts).
      if (!cursor) await deps.beforeEverySummary?.();
      await notes.load();
      const page = summaryPages.page(cursor, () => [...notes.all()]);
      if (!page.next) deps.onEverySummarySent?.();
      return page;
    },
    'notes.create': async ({ bookId, ...rest }) => notesService.create({ bookId: bookId ?? (await defaultBook()), ...rest }),
    'notes.update': ({ id, patch }) => notesService.update(id, patch),
    'notes.move': ({ ids, bookId, onlyFrom }) => notesService.moveToBook(ids, bookId, onlyFrom),
    'notes.addTags': ({ ids, tagIds }) => notesService.addTags(ids, tagIds),
    'notes.removeTags': ({ ids, tagIds }) => notesService.removeTags(ids, tagIds),
    'notes.trash': ({ ids, onlyFrom }) => notesService.moveToTrash(ids, onlyFrom),
    'notes.restore': async ({ ids }) => notesService.restoreFromTrash(ids, await defaultBook()),
    'notes.deleteForever': ({ ids }) => notesService.deleteForever(ids),
    // The note index knows what is in the Trash without reading every note (seconds at 200,000 notes);
    // deleteForever still checks each one is there.
    'trash.empty': async () => {
      const indexed = await notes.load().then(() => true, () => false);
      return notesService.emptyTrash(indexed ? [...notes.all()].filter((n) => n.bookId === TRASH_BOOK_ID).map((n) => n.id) : undefined);
    },
    'notes.backlinks': ({ id }) => deps.backlinks.backlinks(id),

    'books.create': ({ name, parentBookId }) => books.create(name, parentBookId),
    'books.rename': ({ id, name }) => books.rename(id, name),
    'books.move': ({ id, parentBookId }) => books.move(id, parentBookId),
    'books.deletePreview': ({ id }) => books.notesAffectedByDelete(id),
    'books.delete': ({ id }) => books.delete(id),

    'tags.create': ({ name, color }) => tags.create(name, color),
    'tags.update': ({ id, ...patch }) => tags.update(id, patch),
    'tags.delete': ({ id }) => tags.delete(id),

    'files.createImage': ({ name, dataBase64 }) =>
      createImageAttachment(store, { name, bytes: Buffer.from(dataBase64, 'base64') }),

    'search.query': ({ query, includeTrash }) => search.query(query, { includeTrash }),
  };
}
