// The main-process services, independent of any host. Electron's main.ts
// and the browser host both build one AppCore and plug its handlers into
// their transport; the CLI uses the same modules without the handlers.
import { openDatabase, type Database } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import { NoteIndex } from '../notes/note-index';
import { TRASH_BOOK_ID, type BookDoc, type NoteDoc, type TagDoc } from '../../shared/schema';
import type { AppInfo, HostKind } from '../../shared/types';
import type { EventSink, Handlers } from '../ipc/dispatch';
import type { Platform } from '../platform/platform';
import { databasePath } from './paths';
import { importMarkdownFolder } from '../import/import-markdown';
import { APP_VERSION } from './version';

export interface AppCoreOptions {
  userDataDir: string;
  platform: Platform;
  events: EventSink;
}

export interface AppCore {
  readonly db: Database;
  readonly store: DocumentStore;
  readonly notes: NoteIndex;
  readonly handlers: Handlers;
  readonly info: AppInfo;
  close(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const { userDataDir, platform, events } = options;
  const dbPath = databasePath(userDataDir);
  const db = openDatabase(dbPath);
  const store = new DocumentStore(db);
  const notes = new NoteIndex(db);
  const info: AppInfo = {
    name: 'Quire',
    version: APP_VERSION,
    host: platform.host as HostKind,
    platform: process.platform,
    userDataDir,
    databasePath: dbPath,
  };

  // One changes feed keeps the note index current and tells the renderer
  // what changed, whoever wrote it (UI, import, restore).
  const feed = db.changes({ since: 'now', live: true, include_docs: true });
  feed.on('change', (change) => {
    notes.apply(change);
    events.emit('db.changed', { seq: change.seq, ids: [change.id] });
  });

  const handlers: Handlers = {
    'app.info': () => info,
    'app.stats': () => store.stats(),
    'notes.list': async () => {
      await notes.load();
      return notes.list((n) => n.bookId !== TRASH_BOOK_ID);
    },
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
        onProgress: (done, total) =>
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
  };

  return {
    db, store, notes, handlers, info,
    async close() {
      feed.cancel();
      await db.close();
    },
  };
}
