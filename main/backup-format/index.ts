// The backup folder's format, owned here and nowhere else
// (docs/backup-format.md): its layout and format version, the naming rule
// from ids to file names, the shape of a document file with its attachments
// and conflicting revisions, attachment digests, and the one safe way to
// read any file in it. The mirror, the folder watcher, restore and salvage
// all go through this module.
export {
  DATA_DIR, DELETED_DIR, STATE_DIR, TYPE_DIRS, FORMAT_VERSION, isTypeDir, stateFileRel, validClientId, newerFormatMessage,
} from './layout';
export type { BackupType, Checkpoint } from './layout';
export {
  locateDoc, idFromLocation, attachmentFileName, conflictAttachmentFileName, docFileName, extensionFor, classifyName,
  isOwnAttachmentName, encodeName, decodeName, fileNameStem, ATTACHMENT_EXTENSIONS, MAX_NAME_CHARS,
} from './file-name';
export type { DocLocation } from './file-name';
export { docFileJson, docFileText, attachmentFilesOf, conflictRevs } from './doc-file';
export type { AttachmentEntry, RevisionEntry, AttachmentFile } from './doc-file';
export { md5Digest } from './digest';
export { parseDocJson, jsonDepth, MAX_JSON_DEPTH } from './doc-json';
export { readBounded, readBoundedSync, LARGE_FILE_BYTES } from './safe-read';
export { readDocFile, MAX_DOC_FILE_BYTES } from './read-doc-file';
export type { DocFileState } from './read-doc-file';
export { isInside, resolveInside, checkPlainName } from './safe-path';
export { SkipError, NotABackupError, skip } from './errors';
export { TEMP_PREFIX, isTempName } from './temp-files';
export { readStateFiles } from './state-files';
