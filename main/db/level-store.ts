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

const opened = new Map<string, LevelDown>();

/** What PouchDB calls to open a database's store. Its name keys PouchDB's cache of open stores. */
export const quireLevelDown = Object.assign(
  function QuireLevelDown(location: string): LevelDown {
    const store = leveldown(location);
    opened.set(location, store);
    return store;
  },
  { destroy: leveldown.destroy, repair: leveldown.repair },
);

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
