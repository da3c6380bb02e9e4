// Restore from a backup folder (Quire's own layout, Inkdrop's flat and per-type
// layouts): scan it for a summary, restore it with progress and cancel, read
// the result. See docs/restore.md.
export { scanBackupFolder } from './scan';
export { restoreBackup } from './restore';
export { noCounts } from './types';
export { NotABackupError } from '../backup-format/errors';
export { MAX_FILE_BYTES, MAX_LISTED_SKIPS } from './limits';
export type {
  BackupLayout, DocumentCounts, RestoreCounts, RestoreOptions, RestorePlan, RestoreProgress, RestoreResult, ScanOptions,
} from './types';
