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
  let scheduled = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;
  let stop: () => void = () => undefined;

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
        wake();
      }, Math.min(RETRY_MS * 2 ** (failures - 1), RETRY_MAX_MS));
      retry.unref();
    } finally {
      running = false;
    }
  };
  // Called inside LevelDB's write callback: the read starts on a later turn, once for a burst of writes.
  const wake = () => {
    if (cancelled || scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (!cancelled) void read();
    });
  };
  const cancel = () => {
    cancelled = true;
    if (retry) clearTimeout(retry);
    stop();
  };
  // Which way is known once the database is open: its store is ours (read in bulk), or PouchDB's feed.
  db.info().then(
    (info) => {
      if (cancelled) return;
      if (!levelStoreAt(db.name)) {
        stop = pouchFeed(db, onChanges, onError).cancel;
        return;
      }
      since = Number(info.update_seq);
      stop = whileOpen(db, onStoreWrite(db.name, wake), cancel);
    },
    (error: unknown) => {
      if (!cancelled) onError(error);
    },
  );
  return { cancel };
}

/**
 * Calls `onWrite` after changes are written to the database (a burst may be told once),
 * for those that only need to know that something changed (the backup's
 * next pass); PouchDB's live feed where the store cannot be watched. It
 * stops by itself when the database is closed or destroyed.
 */
export function watchWrites(db: Database, onWrite: () => void): LiveFeed {
  let cancelled = false;
  let scheduled = false;
  let stop: () => void = () => undefined;
  const cancel = () => {
    cancelled = true;
    stop();
  };
  db.info().then(
    () => {
      if (cancelled) return;
      if (!levelStoreAt(db.name)) {
        const feed = db.changes({ since: 'now', live: true });
        feed.on('change', () => onWrite());
        feed.on('error', () => undefined);
        stop = () => feed.cancel();
        return;
      }
      const listening = onStoreWrite(db.name, () => {
        if (cancelled || scheduled) return;
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          if (!cancelled) onWrite();
        });
      });
      stop = whileOpen(db, listening, cancel);
    },
    () => undefined,
  );
  return { cancel };
}

/**
 * The store's listeners go by its path: a listener left on a database that
 * was closed or destroyed would hear the next database opened there. This
 * one stops with its database, as PouchDB's own feed does.
 */
function whileOpen(db: Database, stopListening: () => void, cancel: () => void): () => void {
  const events = db as unknown as { once(event: string, listener: () => void): void; removeListener(event: string, listener: () => void): void };
  events.once('closed', cancel);
  events.once('destroyed', cancel);
  return () => {
    stopListening();
    events.removeListener('closed', cancel);
    events.removeListener('destroyed', cancel);
  };
}

function pouchFeed(db: Database, onChanges: (changes: DocChange[]) => void, onError: (error: unknown) => void): LiveFeed {
  const feed = db.changes({ since: 'now', live: true, include_docs: true, conflicts: true });
  feed.on('change', (change) => onChanges([change as unknown as DocChange]));
  feed.on('error', onError);
  return { cancel: () => feed.cancel() };
}
