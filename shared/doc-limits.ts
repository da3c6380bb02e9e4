// The fixed values of Quire's documents: statuses, tag colors, the Trash's
// id and the size limits. Apart from shared/schema.ts (the documents'
// validation, with zod) so that the renderer, which needs only these, does
// not load zod and build every schema at each start.
export const NOTE_STATUSES = ['none', 'active', 'onHold', 'completed', 'dropped'] as const;
export const NOTE_SHARES = ['private', 'public'] as const;
export const TAG_COLORS = [
  'default', 'red', 'orange', 'yellow', 'olive', 'green', 'teal', 'blue',
  'violet', 'purple', 'pink', 'brown', 'grey', 'black',
] as const;

export const TRASH_BOOK_ID = 'trash';
/**
 * A note's text, in UTF-8 bytes: CouchDB's default max_document_size
 * (8,000,000 bytes), which sync servers accept, so a long log or transcript
 * can be a note. Backup files (64 MiB) and the browser host's frames hold it.
 */
export const MAX_NOTE_BODY_BYTES = 8_000_000;
/** The limit in words, for messages. */
export const NOTE_BODY_LIMIT_LABEL = '8 MB';
export const MAX_NOTE_TITLE_CHARS = 1000;
export const MAX_BOOK_NAME_CHARS = 64;
export const MAX_TAG_NAME_CHARS = 64;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type NoteStatus = (typeof NOTE_STATUSES)[number];
export type TagColor = (typeof TAG_COLORS)[number];

/** The most note ids one request may carry: a bulk action over more (every note at 200,000) sends several (renderer/client/in-chunks.ts). */
export const MAX_IDS_PER_REQUEST = 100_000;
