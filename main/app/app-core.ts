// The main-process services, independent of any host. Electron's main.ts
// and the browser host both build one AppCore and plug its handlers into
// their transport; the CLI uses the same modules without the handlers.
import { setTimeout as delay } from 'node:timers/promises';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { NoteIndex } from '../notes/note-index';
import { BacklinkIndex } from '../notes/backlink-index';
import { seedWelcomeIfNew } from '../notes/welcome';
import type { BookDoc, NoteDoc, TagDoc } from '../../shared/schema';
import type { AppInfo, HostKind, NoteSummary } from '../../shared/types';
import type { EventSink, Handlers } from '../ipc/dispatch';
import type { Platform } from '../platform/platform';
import { databasePath } from './paths';
import { importMarkdownFolder } from '../import/import-markdown';
import { APP_VERSION } from './version';
import { createNoteHandlers } from './note-handlers';
import { SearchService } from '../search/search-service';
import { createBackupController, createBackupHandlers } from './backup-handlers';
import type { BackupController } from '../backup/backup-controller';
import { createRestoreService } from './restore-handlers';
import { createExportHandlers } from './export-handlers';
import { createSnapshotHandlers, createSnapshotService } from './snapshot-handlers';
import type { SnapshotService } from '../snapshots/service';
import { HandedOutFolders, withHandedOutFolders } from './handed-out-folders';
import { createSyncController, createSyncHandlers } from './sync-handlers';
import type { SyncController } from '../sync/sync-controller';
import { followDocChanges } from '../db/live-doc-changes';

export interface AppCoreOptions {
  userDataDir: string;
  platform: Platform;
  events: EventSink;
  /** Seed a new database with the welcome notebook and note (default true). */
  seedWelcome?: boolean;
}

export interface AppCore {
  readonly db: Database;
  readonly store: DocumentStore;
  readonly notes: NoteIndex;
  readonly search: SearchService;
  readonly backup: BackupController;
  readonly snapshots: SnapshotService;
  readonly sync: SyncController;
  readonly handlers: Handlers;
  readonly info: AppInfo;
  close(): Promise<void>;
}

/** Changes arrive one by one; the renderer hears about them in batches this often. */
const CHANGE_BATCH_MS = 30;
/** After the summaries are read, if no window has asked for its first rows by then. */
const SEARCH_START_FALLBACK_MS = 2000;
/** How much longer a build waits for a window still being sent every summary (it starts once they are sent). */
const BUILD_FALLBACK_MS = 60_000;
/** When the summaries are read if no window has asked for its first rows by then. */
const NOTES_LOAD_FALLBACK_MS = 1000;
/** The longest a window's full note list waits for the search to come up. */
const EVERY_SUMMARY_WAITS_FOR_SEARCH_MS = 1500;
const WAIT_FOR_SEARCH_FROM_NOTES = 20_000;

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const { userDataDir, events } = options;
  // Every folder the renderer is shown is remembered; platform.openPath opens only those.
  const folders = new HandedOutFolders();
  const platform = withHandedOutFolders(options.platform, folders);
  const dbPath = databasePath(userDataDir);
  const db = openDatabase(dbPath);
  const store = new DocumentStore(db);
  if (options.seedWelcome !== false) await seedWelcomeIfNew(store);
  const notes = new NoteIndex(db, path.join(userDataDir, 'cache', 'note-summaries.json'));
  const info: AppInfo = {
    name: 'Quire',
    version: APP_VERSION,
    host: platform.host as HostKind,
    platform: process.platform,
    userDataDir,
    databasePath: dbPath,
  };
  // Preferences › General's Open Folder, and Help › Salvage's Show in Folder.
  folders.add(info.userDataDir);
  folders.add(info.databasePath);

  // One changes feed keeps the note index current and tells the renderer
  // what changed, whoever wrote it (UI, import, restore).
  let pending = new Map<string, NoteSummary | null>();
  let pendingIds = new Set<string>();
  let lastSeq: number | string = 0;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const upserted: NoteSummary[] = [];
    const removed: string[] = [];
    for (const [id, summary] of pending) {
      if (summary) upserted.push(summary);
      else removed.push(id);
    }
    const ids = [...pendingIds];
    pending = new Map();
    pendingIds = new Set();
    if (upserted.length || removed.length) events.emit('notes.changed', { upserted, removed });
    events.emit('db.changed', { seq: lastSeq, ids });
  };
  const search = new SearchService(db, { indexFile: path.join(userDataDir, 'cache', 'search-index.json') });
  const backlinks = new BacklinkIndex(db);
  const backup = createBackupController({ db, userDataDir, platform, events, folders });
  const snapshots = createSnapshotService({ db, backup, events });
  // Changes from the server are writes to this database: the feed below and the backup follow them like edits.
  const sync = createSyncController({ db, store, notes, userDataDir, platform, events });
  void sync.start();
  // Restore… takes a snapshot first, so a restore that went wrong is undone by restoring to the moment before it.
  const restore = createRestoreService({ db, events, notes, beforeRestore: () => snapshots.beforeRestore() });
  // The start's order, each step on two cores beside the window's own start
  // (docs/benchmarks.md, issue 16): the first rows, from the summary cache's
  // header (or from a read of every note when they cannot be); once a window
  // has them, the saved search index (its first answer needs nothing else:
  // the search worker puts a query's first page in order); then every
  // summary, once the index is in or 1.5 s after the first rows (at once for
  // a small list; the window's request for them waits the same way). With no
  // saved index, building one reads every note for seconds on both cores, so
  // it starts once a window has its whole list, and the list does not wait
  // for it. With no window asking, the summaries are read 1 s after start
  // and the search 2 s after they are in. The first query starts the search
  // at once, whatever the order.
  const startSearchSoon = (delay: number) => setTimeout(() => search.start(), delay).unref();
  // Looked at once: the order above is this start's (the file appears only once the search has started).
  const indexSaved = search.hasSavedIndex();
  // Whether a window has asked for every summary: a build then waits for it to have them all.
  let listAsked = false;
  const startSearchAfterLoad = () => setTimeout(() => {
    // A window being sent every summary, and an index to build: the build waits for the last page
    // (onEverySummarySent), or for a minute when the window stopped asking halfway (closed, asleep).
    if (listAsked && !indexSaved) startSearchSoon(BUILD_FALLBACK_MS);
    else search.start();
  }, SEARCH_START_FALLBACK_MS).unref();
  // NoteIndex.load() and search.start() run once however often they are asked.
  const loadNotes = () => {
    // Errors here resurface, in words, in the first request that needs the notes.
    notes.load().catch(() => undefined).finally(startSearchAfterLoad);
  };
  const notesLoadTimer = setTimeout(loadNotes, NOTES_LOAD_FALLBACK_MS);
  notesLoadTimer.unref();
  // With no summary cache, the first rows need every note read (4 s at 200,000 notes on two cores):
  // the read starts now, while the window still loads its script, rather than when it asks.
  if (!notes.hasCache()) loadNotes();
  // Read straight from the store after each write (live-doc-changes.ts): PouchDB's own feed, a read per
  // change, kept the host busy for 20 s after a move of 192,000 notes.
  const feed = followDocChanges(db, (changes) => {
    // The search takes the page whole (a message per run of upserts or removals).
    search.applyMany(changes);
    for (const change of changes) {
      // One change that cannot be applied (nothing foreseen) must not keep the others from the list.
      try {
        notes.apply(change);
        backlinks.apply(change);
      } catch (error) {
        console.warn(`a change to ${JSON.stringify(change.id)} could not be applied: ${(error as Error).message}`);
      }
      lastSeq = change.seq;
      pendingIds.add(change.id);
      if (change.id.startsWith('note:')) pending.set(change.id, notes.get(change.id) ?? null);
    }
    timer ??= setTimeout(flush, CHANGE_BATCH_MS);
  }, (error) => console.warn(`the database's changes could not be read: ${(error as Error).message}`));

  // The window shows its first rows, then the search loads its index while
  // the rest of the list would stream in: on two cores the pages (serialized
  // here, parsed there) slowed the load by half. At 192k, a query typed at
  // the first rows was answered 0.5 s sooner (1.2 -> 0.7 s after them) when
  // the list waits for the search, for at most 1.5 s (a first start builds
  // its index for much longer). A small list is a page or two: no wait.
  const everySummaryAfterSearch = async () => {
    // An index built from every note comes after the list (onEverySummarySent), not before it.
    if (!indexSaved) return;
    // How many notes there are: read, or else roughly (books and tags count too) from the database.
    const count = notes.isLoaded ? notes.size : (await db.info()).doc_count;
    if (count < WAIT_FOR_SEARCH_FROM_NOTES) return;
    await Promise.race([search.ready.catch(() => undefined), delay(EVERY_SUMMARY_WAITS_FOR_SEARCH_MS, undefined, { ref: false })]);
  };

  const handlers: Handlers = {
    'app.info': () => info,
    'app.stats': () => store.stats(),
    'notes.get': ({ id }) => store.get<NoteDoc>(id),
    'books.list': async () =>
      (await store.allOfType('book')).map((b: BookDoc) => ({
        id: b._id, name: b.name, parentBookId: b.parentBookId ?? null, createdAt: b.createdAt, updatedAt: b.updatedAt,
      })),
    'tags.list': async () =>
      (await store.allOfType('tag')).map((t: TagDoc) => ({
        id: t._id, name: t.name, color: t.color ?? 'default', createdAt: t.createdAt, updatedAt: t.updatedAt,
      })),
    'import.markdownFolder': async ({ from }) => {
      const result = await importMarkdownFolder(store, from, {
        onProgress: (done: number, total: number) =>
          events.emit('app.progress', { task: 'import', label: 'Importing Markdown', done, total, finished: false }),
      });
      events.emit('app.progress', { task: 'import', label: 'Importing Markdown', done: 1, total: 1, finished: true });
      platform.notify({
        id: `import-${Date.now()}`,
        kind: result.skipped.length ? 'info' : 'success',
        title: 'Finished importing Markdown',
        body: `${result.notes} notes imported${result.skipped.length ? `, ${result.skipped.length} files skipped` : ''}.`,
      });
      return result;
    },
    'platform.pickFolder': (args) => platform.pickFolder(args),
    // Only the browser host asks the renderer for paths; it replaces this handler.
    'platform.answerPathPrompt': () => undefined,
    'platform.openPath': ({ path }) => platform.openPath(path),
    'platform.openExternal': ({ url }) => platform.openExternal(url),
    ...createBackupHandlers(backup, folders),
    ...restore.handlers,
    ...createSnapshotHandlers(db, snapshots),
    ...createSyncHandlers(sync, store),
    ...createExportHandlers({ store, platform, events }),
    ...createNoteHandlers({
      store, notes, search, backlinks,
      onFirstRowsSent: () => {
        clearTimeout(notesLoadTimer);
        if (indexSaved) startSearchSoon(0);
        // Read beside the index, the summaries held the first answer to 'tar' at 192k notes back 0.2-0.4 s.
        void everySummaryAfterSearch().catch(() => undefined).then(loadNotes);
      },
      beforeEverySummary: () => {
        listAsked = true;
        return everySummaryAfterSearch();
      },
      onEverySummarySent: () => startSearchSoon(0),
    }),
  };

  return {
    db, store, notes, search, backup, snapshots, sync, handlers, info,
    async close() {
      await sync.close();
      await restore.close();
      // A snapshot in progress stops between batches (or a restore to one finishes) before the backup stops and the database closes.
      await snapshots.close();
      feed.cancel();
      if (timer) clearTimeout(timer);
      clearTimeout(notesLoadTimer);
      await Promise.all([notes.flush(), search.close(), backup.close()]);
      await db.close();
    },
  };
}
