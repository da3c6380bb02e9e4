// Types for the part of leveldown (LevelDB's Node binding, the store under
// PouchDB's leveldb adapter) that Quire calls directly: main/db/level-store.ts
// reads; only tests write, to leave a store as damage would.
declare module 'leveldown' {
  type Callback<T> = (error: Error | undefined | null, value: T) => void;

  interface IteratorOptions {
    gt?: string;
    lt?: string;
    limit?: number;
    keyAsBuffer?: boolean;
    valueAsBuffer?: boolean;
    /** Bytes read per trip into LevelDB (16 KiB unless given). */
    highWaterMark?: number;
  }

  interface LevelDownIterator {
    next(callback: (error: Error | undefined | null, key?: string, value?: string) => void): void;
    end(callback: (error?: Error | null) => void): void;
  }

  interface LevelDown {
    readonly status: string;
    iterator(options: IteratorOptions): LevelDownIterator;
    getMany(keys: string[], options: { asBuffer: boolean; fillCache?: boolean }, callback: Callback<(Buffer | string | undefined)[]>): void;
    open(callback: (error?: Error | null) => void): void;
    close(callback: (error?: Error | null) => void): void;
    put(key: string, value: string, callback: (error?: Error | null) => void): void;
    del(key: string, callback: (error?: Error | null) => void): void;
  }

  interface LevelDownConstructor {
    (location: string): LevelDown;
    destroy(location: string, callback: (error?: Error | null) => void): void;
    repair(location: string, callback: (error?: Error | null) => void): void;
  }

  const leveldown: LevelDownConstructor;
  export default leveldown;
  export type { LevelDown, LevelDownIterator, IteratorOptions };
}
