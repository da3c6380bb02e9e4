// The host's live view of the database: every change as it is written,
// whoever wrote it (the editor, a bulk move, a restore, sync), for the note
// list, the search, the backlinks and the backup.
//
// PouchDB's live feed reads each changed document's metadata with a read of
// its own, a round trip through Node's thread pool each: a move of 192,000
// notes to the Trash kept the host's thread busy for over 20 s after the
// move had ended, before the list and the search had heard of it all
// (docs/benchmarks.md, issue 16). Here each write to the store wakes one
// reader of the changes since the last it read (doc-changes.ts: a megabyte
// of entries per trip, their metadata in one getMany); writes made while it
// reads are read in its next round. Where the store cannot be read directly
// (a database opened without Quire's binding), PouchDB's feed is used.
import type { Database } from './open-database';
import { docChangesSince, type DocChange } from './doc-changes';
import { levelStoreAt, onStoreWrite } from './level-store';

export interface LiveFeed {
  /** Stops it: nothing is handed over after this returns. */
  cancel(): void;
}

/** A read that failed is tried again after this long, doubling with each failure in a row up to RETRY_MAX_MS. */
const RETRY_MS = 100;
const RETRY_MAX_MS = 10_000;

/**
 * Hands over, in sequence order, every change written after now, each as
 * PouchDB's live feed gives it with `include_docs` and `conflicts`, a page
 * at a time. `onError`: a read that failed (it is tried again, from where
 * it was, without waiting for another write), or `onChanges` threw (the
 * feed goes on with the next page: a consumer should not throw). It stops
 * by itself when the database is closed or destroyed.
 */
export function followDocChanges(db: Database, onChanges: (changes: DocChange[]) => void, onError: (error: unknown) => void = () => undefined): LiveFeed {
  let cancelled = false;
  let since = 0;
  let running = false;
  let again = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;

  const read = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        for await (const page of docChangesSince(db, since)) {
          if (cancelled) return;
          since = Number(page.lastSeq);
          if (page.results.length === 0) continue;
          // A consumer that fails is told, and the feed goes on: read again, a change it fails on every
          // time would stop every later one.
          try {
            onChanges(page.results);
          } catch (error) {
            onError(error);
          }
        }
      } while (again && !cancelled);
      failures = 0;
    } catch (error) {
      if (cancelled) return;
      onError(error);
      // What failed is read again, and so is anything written meanwhile, without waiting for another write.
      failures++;
      retry = setTimeout(() => {
        retry = null;
        void read();
      }, Math.min(RETRY_MS * 2 ** (failures - 1), RETRY_MAX_MS));
      retry.unref();
    } finally {
      running = false;
    }
  };
  return watchStore(db, {
    onOpen: (info) => {
      since = Number(info.update_seq);
    },
    onWrite: () => void read(),
    viaPouch: () => pouchFeed(db, { include_docs: true, conflicts: true }, (change) => onChanges([change as unknown as DocChange]), onError),
    onStop: () => {
      cancelled = true;
      if (retry) clearTimeout(retry);
    },
    onError,
  });
}

/**
 * Calls `onWrite` after changes are written to the database (a burst may
 * be told once), for those that only need to know that something changed
 * (the backup's next pass). It stops by itself when the database is closed
 * or destroyed.
 */
export function watchWrites(db: Database, onWrite: () => void): LiveFeed {
  return watchStore(db, { onWrite, viaPouch: () => pouchFeed(db, {}, () => onWrite(), () => undefined) });
}

interface StoreWatcher {
  /** Once the database is open and its store is ours, before the first write is told. */
  onOpen?(info: { update_seq: number | string }): void;
  /** After writes of changes, once for those of one turn. */
  onWrite(): void;
  /** Where the store is not ours: follows PouchDB's feed instead; returns what stops it. */
  viaPouch(): () => void;
  /** Cancelled, or the database closed or destroyed. */
  onStop?(): void;
  onError?(error: unknown): void;
}

/**
 * The way both feeds are told of writes: chosen once the database is open
 * (its store ours, or PouchDB's feed), a burst of writes told once, and
 * stopped with the database: the store's listeners go by its path, and a
 * listener left on a database that was closed or destroyed would hear the
 * next one opened there.
 */
function watchStore(db: Database, watcher: StoreWatcher): LiveFeed {
  let cancelled = false;
  let scheduled = false;
  let stop: () => void = () => undefined;
  const cancel = () => {
    if (cancelled) return;
    cancelled = true;
    stop();
    watcher.onStop?.();
  };
  db.info().then(
    (info) => {
      if (cancelled) return;
      if (!levelStoreAt(db.name)) {
        stop = watcher.viaPouch();
        return;
      }
      watcher.onOpen?.(info);
      // Called inside LevelDB's write callback: the work starts on a later turn, once for a burst of writes.
      const stopListening = onStoreWrite(db.name, () => {
        if (cancelled || scheduled) return;
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          if (!cancelled) watcher.onWrite();
        });
      });
      const events = db as unknown as { once(event: string, listener: () => void): void; removeListener(event: string, listener: () => void): void };
      events.once('closed', cancel);
      events.once('destroyed', cancel);
      stop = () => {
        stopListening();
        events.removeListener('closed', cancel);
        events.removeListener('destroyed', cancel);
      };
    },
    (error: unknown) => {
      if (!cancelled) watcher.onError?.(error);
    },
  );
  return { cancel };
}

/** PouchDB's own live feed, for a database whose store is not ours; returns what stops it. */
function pouchFeed(db: Database, options: { include_docs?: boolean; conflicts?: boolean }, onChange: (change: unknown) => void, onError: (error: unknown) => void): () => void {
  const feed = db.changes({ since: 'now', live: true, ...options });
  feed.on('change', onChange);
  feed.on('error', onError);
  return () => feed.cancel();
}
