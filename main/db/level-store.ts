// The LevelDB store under each database PouchDB opens, for a reader that
// goes around PouchDB in bulk: the backup's first copy of tens of thousands
// of documents (main/backup/read-stored.ts). PouchDB reads them one key at a
// time through a stream, each key a round trip through Node's thread pool,
// where the backup's own fsyncs queue too; a LevelDB iterator fetches a
// megabyte per trip and getMany a batch of keys in one.
//
// PouchDB takes the LevelDB binding as an option (`db`); this one also
// remembers the store it opened for each path. Nothing here writes: writes
// stay with PouchDB.
import leveldown, { type LevelDown } from 'leveldown';
import { BY_SEQ } from './pouchdb-layout';

const opened = new Map<string, LevelDown>();
/** Who is told of each write to the store at a location (onStoreWrite). */
const writeListeners = new Map<string, Set<() => void>>();

type Done = (error?: Error | null) => void;
/** abstract-leveldown's methods that every write of PouchDB's ends in (levelup's batch, put and del). */
type WriteMethods = {
  _batch(operations: unknown[], options: unknown, callback: Done): void;
  _put(key: unknown, value: unknown, options: unknown, callback: Done): void;
  _del(key: unknown, options: unknown, callback: Done): void;
};

/** What PouchDB calls to open a database's store. Its name keys PouchDB's cache of open stores. */
export const quireLevelDown = Object.assign(
  function QuireLevelDown(location: string): LevelDown {
    const store = leveldown(location);
    opened.set(location, store);
    tellOfWrites(store as unknown as WriteMethods, location);
    return store;
  },
  { destroy: leveldown.destroy, repair: leveldown.repair },
);

/**
 * Each write of a change that LevelDB has taken is told to the location's
 * listeners once it is done. Through
 * the implementation methods abstract-leveldown has stores override, so no
 * write of PouchDB's passes by.
 */
function tellOfWrites(store: WriteMethods, location: string): void {
  const after = (callback: Done, changes: boolean): Done => (error) => {
    callback(error);
    if (!error && changes) for (const listener of writeListeners.get(location) ?? []) listener();
  };
  const { _batch: batch, _put: put, _del: del } = store;
  store._batch = (operations, options, callback) =>
    batch.call(store, operations, options, after(callback, operations.some((op) => makesChange((op as { key?: unknown }).key))));
  store._put = (key, value, options, callback) => put.call(store, key, value, options, after(callback, makesChange(key)));
  store._del = (key, options, callback) => del.call(store, key, options, after(callback, makesChange(key)));
}

/**
 * Whether a write to this key can be a change of a document: every change
 * PouchDB writes has its by-sequence entry. A `_local` document, a refused
 * save (only the counters), a replication's checkpoint are not told. A key
 * that is not text, which PouchDB does not write, is told to be safe.
 */
const makesChange = (key: unknown) => typeof key !== 'string' || key.startsWith(BY_SEQ);

/**
 * Calls `listener` after every write of a change (a document's new
 * revision) to the store at `location` (a database's name), synchronously
 * in the write's callback: a listener should only schedule work. Returns
 * the function that stops it.
 */
export function onStoreWrite(location: string, listener: () => void): () => void {
  let listeners = writeListeners.get(location);
  if (!listeners) writeListeners.set(location, (listeners = new Set()));
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && writeListeners.get(location) === listeners) writeListeners.delete(location);
  };
}

export interface LevelStore {
  /** Up to `limit` entries with keys between `gt` and `lt` (both excluded), in key order. */
  range(gt: string, lt: string, limit: number): Promise<{ key: string; value: string }[]>;
  /** The values of these keys as text, undefined where a key is absent. */
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  /** The values of these keys as bytes, undefined where a key is absent. */
  getManyBytes(keys: string[]): Promise<(Buffer | undefined)[]>;
}

/** Bytes per trip into LevelDB while iterating. */
const READ_AHEAD = 1 << 20;

/** The open store at `location` (a database's name), or null if none is open there. */
export function levelStoreAt(location: string): LevelStore | null {
  const store = opened.get(location);
  if (store?.status === 'closed') opened.delete(location);
  if (!store || store.status !== 'open') return null;
  const getMany = <T>(keys: string[], asBuffer: boolean) =>
    new Promise<(T | undefined)[]>((resolve, reject) =>
      store.getMany(keys, { asBuffer }, (error, values) => (error ? reject(error) : resolve(values as (T | undefined)[]))),
    );
  return {
    range: (gt, lt, limit) =>
      new Promise((resolve, reject) => {
        const entries: { key: string; value: string }[] = [];
        const iterator = store.iterator({ gt, lt, limit, keyAsBuffer: false, valueAsBuffer: false, highWaterMark: READ_AHEAD });
        const finish = (error?: Error | null) => iterator.end(() => (error ? reject(error) : resolve(entries)));
        const step = () =>
          iterator.next((error, key, value) => {
            if (error) return finish(error);
            if (key === undefined || value === undefined) return finish();
            entries.push({ key, value });
            step();
          });
        step();
      }),
    getMany: (keys) => getMany<string>(keys, false),
    getManyBytes: (keys) => getMany<Buffer>(keys, true),
  };
}
