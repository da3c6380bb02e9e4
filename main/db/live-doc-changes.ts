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

/**
 * Hands over, in sequence order, every change written after now, each as
 * PouchDB's live feed gives it with `include_docs` and `conflicts`, a page
 * at a time. `onError`: a read that failed (the database closed under it);
 * the next write tries again from where it was.
 */
export function followDocChanges(db: Database, onChanges: (changes: DocChange[]) => void, onError: (error: unknown) => void = () => undefined): LiveFeed {
  if (!levelStoreAt(db.name)) return pouchFeed(db, onChanges, onError);
  let cancelled = false;
  let since = 0;
  const started = db.info().then((info) => {
    since = Number(info.update_seq);
  });
  let running = false;
  let again = false;
  let scheduled = false;

  const read = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await started;
      do {
        again = false;
        for await (const page of docChangesSince(db, since)) {
          if (cancelled) return;
          since = Number(page.lastSeq);
          if (page.results.length > 0) onChanges(page.results);
        }
      } while (again && !cancelled);
    } catch (error) {
      if (!cancelled) onError(error);
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
  const stopListening = onStoreWrite(db.name, wake);
  started.catch(onError);
  return {
    cancel: () => {
      cancelled = true;
      stopListening();
    },
  };
}

/**
 * Calls `onWrite` after writes to the database (a burst may be told once),
 * for those that only need to know that something changed (the backup's
 * next pass); PouchDB's live feed where the store cannot be watched.
 */
export function watchWrites(db: Database, onWrite: () => void): LiveFeed {
  if (!levelStoreAt(db.name)) {
    const feed = db.changes({ since: 'now', live: true });
    feed.on('change', () => onWrite());
    feed.on('error', () => undefined);
    return { cancel: () => feed.cancel() };
  }
  let cancelled = false;
  let scheduled = false;
  const stopListening = onStoreWrite(db.name, () => {
    if (cancelled || scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (!cancelled) onWrite();
    });
  });
  return {
    cancel: () => {
      cancelled = true;
      stopListening();
    },
  };
}

function pouchFeed(db: Database, onChanges: (changes: DocChange[]) => void, onError: (error: unknown) => void): LiveFeed {
  const feed = db.changes({ since: 'now', live: true, include_docs: true, conflicts: true });
  feed.on('change', (change) => onChanges([change as unknown as DocChange]));
  feed.on('error', onError);
  return { cancel: () => feed.cancel() };
}
