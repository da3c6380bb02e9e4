// Opening a backup folder's snapshot store for one piece of work, for the
// app (faults as UserErrors in plain words) and the CLI (faults as one-line
// usage errors): opened, handed to `fn`, closed when `fn` and what it returns
// are done; the store's refusals (a newer format, not Quire's) worded by the caller.
import { ObjectStore, SnapshotStoreError } from './store';

export interface StoreFaults {
  /** The folder has no snapshots.git/. */
  missing(folder: string): Error;
  /** Opening the store failed, or it refused (SnapshotStoreError) while `fn` ran: what to throw instead. */
  refused(error: unknown, folder: string): unknown;
}

export async function withOpenStore<T>(folder: string, faults: StoreFaults, fn: (store: ObjectStore) => T | Promise<T>): Promise<T> {
  let store: ObjectStore | null;
  try {
    store = ObjectStore.open(folder, { create: false });
  } catch (error) {
    throw faults.refused(error, folder);
  }
  if (!store) throw faults.missing(folder);
  try {
    return await fn(store);
  } catch (error) {
    if (error instanceof SnapshotStoreError) throw faults.refused(error, folder);
    throw error;
  } finally {
    store.close();
  }
}
