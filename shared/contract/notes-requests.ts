// The contract's requests for the notes app itself: notes, notebooks, tags,
// attachments and search. Spread into `requests` in ./index.ts.
import { z } from 'zod';
import { request } from './define';
import {
  MAX_BOOK_NAME_CHARS, MAX_IDS_PER_REQUEST, MAX_NOTE_TITLE_CHARS, MAX_TAG_NAME_CHARS, NOTE_STATUSES, TAG_COLORS,
  type BookDoc, type FileDoc, type NoteDoc, type TagDoc,
} from '../schema';
import type { FirstRows, SummaryPage } from '../types';

const id = z.string().min(1).max(2048);
const ids = z.array(id).min(1).max(MAX_IDS_PER_REQUEST);
// Lengths are checked again, with the user-facing message, by the schema on write;
// these bounds only stop absurd payloads at the door.
const bookName = z.string().max(MAX_BOOK_NAME_CHARS * 4);
const tagName = z.string().max(MAX_TAG_NAME_CHARS * 4);
const MAX_BASE64_CHARS = 16 * 1024 * 1024;
const noteFilter = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('pinned') }).strict(),
  z.object({ kind: z.literal('trash') }).strict(),
  z.object({ kind: z.literal('book'), id }).strict(),
  z.object({ kind: z.literal('tag'), id }).strict(),
  z.object({ kind: z.literal('status'), status: z.enum(['active', 'onHold', 'completed', 'dropped']) }).strict(),
]);

export const noteRequests = {
  /**
   * The first rows of a list, as the renderer would show them once it has
   * every summary, and how many rows the whole list has: answered in
   * milliseconds at start-up, while the notes.summaries pages are still
   * coming. With a query, the rows and count of that search (the renderer
   * cannot show a search's results before it has their summaries), and the
   * ids search.query would give, so the search runs once.
   */
  'notes.firstPage': request<FirstRows & { ids?: string[] }>()(
    z.object({
      filter: noteFilter,
      sort: z.enum(['updatedAt', 'createdAt', 'title']),
      limit: z.number().int().min(1).max(500),
      query: z.string().max(2000).optional(),
      includeTrash: z.boolean().optional(),
    }).strict(),
  ),
  /**
   * Every note's summary, trash included, in pages: the renderer filters and
   * sorts locally. The first call (no cursor) fixes the list; `next` asks for
   * the following page of that same list, and is null after the last. Pages
   * keep one large answer from holding back every small one behind it.
   */
  'notes.summaries': request<SummaryPage>()(
    z.object({ cursor: z.string().min(1).max(100).optional() }).strict(),
  ),
  'notes.create': request<NoteDoc>()(
    z.object({
      bookId: id.optional(),
      title: z.string().max(MAX_NOTE_TITLE_CHARS * 4).optional(),
      body: z.string().optional(),
      tags: z.array(id).max(1000).optional(),
    }).strict(),
  ),
  'notes.update': request<NoteDoc>()(
    z.object({
      id,
      patch: z.object({
        title: z.string().max(MAX_NOTE_TITLE_CHARS * 4).optional(),
        body: z.string().optional(),
        bookId: id.optional(),
        tags: z.array(id).max(1000).optional(),
        status: z.enum(NOTE_STATUSES).optional(),
        pinned: z.boolean().optional(),
      }).strict(),
    }).strict(),
  ),
  /** `onlyFrom`: only the notes that are in that notebook now (an Undo: a note moved again since stays where it is). */
  'notes.move': request<number>()(z.object({ ids, bookId: id, onlyFrom: id.optional() }).strict()),
  'notes.addTags': request<number>()(z.object({ ids, tagIds: z.array(id).min(1).max(1000) }).strict()),
  'notes.removeTags': request<number>()(z.object({ ids, tagIds: z.array(id).min(1).max(1000) }).strict()),
  'notes.trash': request<number>()(z.object({ ids, onlyFrom: id.optional() }).strict()),
  'notes.restore': request<number>()(z.object({ ids }).strict()),
  'notes.deleteForever': request<number>()(z.object({ ids }).strict()),
  'trash.empty': request<number>()(z.object({}).strict()),
  /** Ids of the notes whose bodies link to this one (`quire://note:` or `inkdrop://note:`), trash included. */
  'notes.backlinks': request<string[]>()(z.object({ id }).strict()),

  'books.create': request<BookDoc>()(z.object({ name: bookName, parentBookId: id.nullable() }).strict()),
  'books.rename': request<BookDoc>()(z.object({ id, name: bookName }).strict()),
  'books.move': request<BookDoc>()(z.object({ id, parentBookId: id.nullable() }).strict()),
  'books.deletePreview': request<{ notes: number; books: number }>()(z.object({ id }).strict()),
  'books.delete': request<{ trashedNotes: number; deletedBooks: number }>()(z.object({ id }).strict()),

  'tags.create': request<TagDoc>()(z.object({ name: tagName, color: z.enum(TAG_COLORS).optional() }).strict()),
  'tags.update': request<TagDoc>()(
    z.object({ id, name: tagName.optional(), color: z.enum(TAG_COLORS).optional() }).strict(),
  ),
  'tags.delete': request<{ untaggedNotes: number }>()(z.object({ id }).strict()),

  /** An image pasted or dropped into the editor; the bytes travel as base64 so both transports carry them. */
  'files.createImage': request<FileDoc>()(
    z.object({ name: z.string().max(255), dataBase64: z.string().max(MAX_BASE64_CHARS) }).strict(),
  ),

  /** Ids of the notes matching a search (see shared/search-query.ts for the syntax), best match first. */
  'search.query': request<string[]>()(
    z.object({ query: z.string().max(2000), includeTrash: z.boolean().optional() }).strict(),
  ),
} as const;
