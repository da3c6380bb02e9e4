// Document types and their validation, enforced by the main process on
// every write (the renderer needs only the limits, in ./doc-limits, and
// never loads this module). The shapes follow Inkdrop's data model so that
// Inkdrop backups restore without conversion. Unknown fields are kept
// (`looseObject`), because other apps' documents may carry fields we do not
// know and a round trip must not drop them.
import { z } from 'zod';
import { idProblem } from './ids';
import { bytesOver } from './utf8-size';
import { NOTE_STATUSES, NOTE_SHARES, TAG_COLORS, TRASH_BOOK_ID, MAX_NOTE_BODY_BYTES, NOTE_BODY_LIMIT_LABEL, MAX_NOTE_TITLE_CHARS, MAX_BOOK_NAME_CHARS, MAX_TAG_NAME_CHARS } from './doc-limits';

export * from './doc-limits';


/** Ids are `<type>:<rest>`; the rest may be any non-empty string (other apps choose it). */
const idOf = (prefix: string) =>
  z.string().refine((s) => s.startsWith(`${prefix}:`) && s.length > prefix.length + 1, {
    message: `must be an id starting with "${prefix}:"`,
  });

const timestamp = z.number().int().nonnegative();
const revisionFields = {
  _rev: z.string().optional(),
  _deleted: z.boolean().optional(),
};

export const noteSchema = z.looseObject({
  _id: idOf('note'),
  ...revisionFields,
  title: z.string().max(MAX_NOTE_TITLE_CHARS, `must be at most ${MAX_NOTE_TITLE_CHARS} characters`),
  body: z.string().refine((s) => bytesOver(s, MAX_NOTE_BODY_BYTES) === null, {
    message: `is larger than ${NOTE_BODY_LIMIT_LABEL}`,
  }),
  doctype: z.literal('markdown').default('markdown'),
  bookId: z.union([idOf('book'), z.literal(TRASH_BOOK_ID)]),
  tags: z.array(idOf('tag')).default([]),
  status: z.enum(NOTE_STATUSES).default('none'),
  share: z.enum(NOTE_SHARES).default('private'),
  pinned: z.boolean().default(false),
  numOfTasks: z.number().int().nonnegative().default(0),
  numOfCheckedTasks: z.number().int().nonnegative().default(0),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const nameField = (what: string, max: number) =>
  z
    .string()
    .refine((s) => s.trim().length > 0, { message: `${what} cannot be empty` })
    .refine((s) => s.length <= max, { message: `${what} must be at most ${max} characters` });

export const bookSchema = z.looseObject({
  _id: idOf('book'),
  ...revisionFields,
  name: nameField('a notebook name', MAX_BOOK_NAME_CHARS),
  parentBookId: idOf('book').nullable().default(null),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const tagSchema = z.looseObject({
  _id: idOf('tag'),
  ...revisionFields,
  name: nameField('a tag name', MAX_TAG_NAME_CHARS),
  color: z.enum(TAG_COLORS).default('default'),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const attachmentStub = z.looseObject({
  content_type: z.string(),
  digest: z.string().optional(),
  length: z.number().int().nonnegative().optional(),
  stub: z.boolean().optional(),
  data: z.unknown().optional(),
});

export const fileSchema = z.looseObject({
  _id: idOf('file'),
  ...revisionFields,
  name: z.string().min(1, 'cannot be empty'),
  contentType: z.string().min(1, 'cannot be empty'),
  contentLength: z.number().int().nonnegative(),
  createdAt: timestamp,
  publicIn: z.array(z.string()).default([]),
  _attachments: z.object({ index: attachmentStub }).optional(),
});

export type NoteDoc = z.infer<typeof noteSchema>;
export type BookDoc = z.infer<typeof bookSchema>;
export type TagDoc = z.infer<typeof tagSchema>;
export type FileDoc = z.infer<typeof fileSchema>;
export type QuireDoc = NoteDoc | BookDoc | TagDoc | FileDoc;

export type DocType = 'note' | 'book' | 'tag' | 'file';
export const DOC_TYPES: readonly DocType[] = ['note', 'book', 'tag', 'file'];

const schemaByType = { note: noteSchema, book: bookSchema, tag: tagSchema, file: fileSchema } as const;

/** The type of a document id (`note:abc` -> `note`), or null for ids of no known type. */
export function docTypeOf(id: string): DocType | null {
  const colon = id.indexOf(':');
  if (colon <= 0) return null;
  const prefix = id.slice(0, colon);
  return (DOC_TYPES as readonly string[]).includes(prefix) ? (prefix as DocType) : null;
}

/** Thrown when a document does not match its schema; the message names the field and the reason. */
export class ValidationError extends Error {
  constructor(
    readonly docId: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(
      `Invalid document ${JSON.stringify(docId)}: ` +
        issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; '),
    );
    this.name = 'ValidationError';
  }
}

function toValidationError(docId: string, error: z.ZodError): ValidationError {
  return new ValidationError(
    docId,
    error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

/**
 * Validates a document of a known type and fills in defaults. Documents
 * whose id has no known prefix (e.g. Inkdrop's `config`) pass through as
 * they are: they are other apps' business, kept but not interpreted.
 */
export function validateDoc<T extends { _id: string }>(doc: T): T {
  if (typeof doc !== 'object' || doc === null || typeof doc._id !== 'string' || doc._id === '') {
    throw new ValidationError(String((doc as { _id?: unknown } | null)?._id ?? ''), [
      { path: '_id', message: 'must be a non-empty string' },
    ]);
  }
  const problem = idProblem(doc._id);
  if (problem) throw new ValidationError(doc._id, [{ path: '', message: problem }]);
  const type = docTypeOf(doc._id);
  if (type === null) return doc;
  if ((doc as { _deleted?: boolean })._deleted === true) return doc;
  const result = schemaByType[type].safeParse(doc);
  if (!result.success) throw toValidationError(doc._id, result.error);
  return result.data as unknown as T;
}
