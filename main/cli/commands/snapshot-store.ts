// Shared by the snapshot commands: opening a backup folder's snapshot store
// (docs/snapshot-format.md) with its faults as one-line usage errors.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../command';
import { ObjectStore, SnapshotStoreError, findSnapshot, listSnapshots, snapshotAt, withOpenStore, type SnapshotInfo, type StoreFaults } from '../../snapshots/index';

/** The CLI's wording of the store's faults: one line, exit 2. */
const CLI_STORE_FAULTS: StoreFaults = {
  missing: (folder) => new UsageError(`${folder} has no snapshots (no snapshots.git/ in it); take one with \`quire snapshot\``),
  refused: (error) => (error instanceof SnapshotStoreError ? new UsageError(error.message) : error),
};

/** Runs `fn` with the store of the backup folder `from`, closed when `fn` (and what it returns) is done. */
export async function withStore<T>(from: string, fn: (store: ObjectStore) => T | Promise<T>): Promise<T> {
  const folder = path.resolve(from);
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${folder} is not a folder`);
  return withOpenStore(folder, CLI_STORE_FAULTS, fn);
}

/** The snapshot named by --snapshot ID (an id or a unique prefix) or --at TIME (the last one at or before it). */
export function pickSnapshot(store: ObjectStore, id: string | undefined, at: string | undefined): SnapshotInfo {
  const { snapshots, unreadable } = listSnapshots(store);
  if (id !== undefined) {
    const found = findSnapshot(snapshots, id);
    if (!found) {
      // Named by a ref, but its commit cannot be read: said as damaged, not as unknown.
      const damaged = /^[0-9a-f]{4,40}$/.test(id) ? unreadable.filter((u) => u.oid.startsWith(id)) : [];
      if (damaged.length === 1) throw new UsageError(`snapshot ${damaged[0]!.oid} cannot be read: ${damaged[0]!.reason} (\`quire snapshot verify\` lists the damage)`);
      throw new UsageError(`no snapshot ${JSON.stringify(id)} (or more than one starts so); \`quire snapshots\` lists them`);
    }
    return found;
  }
  const time = new Date(at ?? '');
  if (Number.isNaN(time.getTime())) throw new UsageError(`--at ${JSON.stringify(at)} is not a time (e.g. 2026-12-01T14:30 or 2026-12-01T14:30:00Z)`);
  const found = snapshotAt(snapshots, time);
  if (!found) throw new UsageError(`no snapshot was taken at or before ${time.toISOString()}`);
  return found;
}
