// The bounds that keep a restore's memory flat whatever the folder holds.
const MiB = 1024 * 1024;

/** No single file (document or attachment) above this is read; its size is checked before reading. */
export const MAX_FILE_BYTES = 64 * MiB;
/** Nor a document whose attachments add up to more. */
export const MAX_DOC_ATTACHMENT_BYTES = 64 * MiB;
/** Files above this are read one at a time, so parallel reads never hold more than one large file. */
export const LARGE_FILE_BYTES = 1 * MiB;
/** Documents per bulkDocs call… */
export const BATCH_DOCS = 250;
/** …or fewer, once their files (or their attachments) add up to this. */
export const BATCH_BYTES = 32 * MiB;
/** Files read at once. */
export const READ_CONCURRENCY = 16;
/** Skipped files listed by name; beyond this only counted. */
export const MAX_LISTED_SKIPS = 10_000;
