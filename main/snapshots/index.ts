// Snapshots and history (docs/snapshot-format.md): a git repository,
// snapshots.git/, in the backup folder.
export { ObjectStore, SnapshotStoreError, STORE_DIR, SNAPSHOT_FORMAT_VERSION, FORMAT_FILE } from './store';
export { ObjectError } from './pack';
export { listSnapshots, findSnapshot, snapshotAt, documentHistory, entryOf, readEntry, docKey } from './snapshots';
export type { SnapshotInfo, HistoryVersion, SnapshotDoc } from './snapshots';
export { takeSnapshot, takeSnapshotWith, localWriter, SnapshotBuilder } from './take';
export type { SnapshotResult, SnapshotWriter, SnapshotOptions } from './take';
export { verifyStore, pruneStore, retained } from './maintenance';
export { restoreSnapshot } from './restore-tree';
export type { SnapshotRestoreResult } from './restore-tree';
export type { VerifyResult, Damage, PruneResult } from './maintenance';
export { withOpenStore } from './with-store';
export type { StoreFaults } from './with-store';
