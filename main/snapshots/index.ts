// Snapshots and history (docs/snapshot-format.md): a git repository,
// snapshots.git/, in the backup folder.
export { ObjectStore, SnapshotStoreError, STORE_DIR, SNAPSHOT_FORMAT_VERSION, FORMAT_FILE } from './store';
export { ObjectError } from './pack';
export {
  takeSnapshot, listSnapshots, findSnapshot, snapshotAt, documentHistory, entryOf, readEntry, docKey,
} from './snapshots';
export type { SnapshotInfo, SnapshotResult, HistoryVersion, SnapshotDoc } from './snapshots';
export { verifyStore, restoreSnapshot, pruneStore, retained } from './maintenance';
export type { VerifyResult, Damage, PruneResult } from './maintenance';
