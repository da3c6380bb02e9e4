// Loads what the window shows from the main process into the stores, and
// reloads the parts a database change touched. Changes arrive one event per
// document (an import sends thousands), so reloads are coalesced: at most
// one in flight per kind, the next one shortly after it.
import { client } from './client/index';
import { LISTING_GONE, RemoteError } from '../shared/contract/client';
import { useAppInfo } from './state/app-info';
import { useBackup } from './state/backup';
import { useSync } from './state/sync';
import { useBooks } from './state/books';
import { useNotes } from './state/notes';
import { useTags } from './state/tags';
import { notifyError } from './state/notifications';
import type { DbChange } from '../shared/types';

export type DataKind = 'notes' | 'books' | 'tags';

const loaders: Record<DataKind, () => Promise<void>> = {
  notes: async () => {
    // In pages, so that a search typed at start-up is answered between two of them.
    for (let attempt = 1; ; attempt += 1) {
      const loading = useNotes.getState().beginLoad();
      try {
        let page = await client.invoke('notes.summaries', {});
        loading.add(page.notes);
        while (page.next) {
          page = await client.invoke('notes.summaries', { cursor: page.next });
          loading.add(page.notes);
        }
        loading.finish();
        return;
      } catch (error) {
        loading.abandon();
        // The host let the list go (a computer asleep mid-load, many windows loading at once): start it again.
        if (attempt < MAX_LIST_ATTEMPTS && error instanceof RemoteError && error.name === LISTING_GONE) continue;
        throw error;
      }
    }
  },
  books: async () => useBooks.getState().setBooks(await client.invoke('books.list', {})),
  tags: async () => useTags.getState().setTags(await client.invoke('tags.list', {})),
};

const COALESCE_MS = 200;
const MAX_LIST_ATTEMPTS = 3;
const inFlight = new Map<DataKind, Promise<void>>();
const scheduled = new Set<DataKind>();

export async function reload(kind: DataKind): Promise<void> {
  const running = inFlight.get(kind);
  if (running) return running;
  const run = loaders[kind]()
    .catch((error: unknown) => notifyError(`Could not load ${kind}`, error))
    .finally(() => inFlight.delete(kind));
  inFlight.set(kind, run);
  return run;
}

function schedule(kind: DataKind) {
  if (scheduled.has(kind)) return;
  scheduled.add(kind);
  setTimeout(async () => {
    await inFlight.get(kind);
    scheduled.delete(kind);
    void reload(kind);
  }, COALESCE_MS);
}

// Notes arrive as summaries on 'notes.changed'; only notebooks and tags are reloaded.
const KIND_OF_PREFIX: Record<string, DataKind> = { book: 'books', tag: 'tags' };

/** Reloads whichever lists the changed documents belong to. */
export function onDbChanged(change: DbChange) {
  for (const id of change.ids) {
    const kind = KIND_OF_PREFIX[id.slice(0, id.indexOf(':'))];
    if (kind) schedule(kind);
  }
}

/** Rows that fill the first screen; the rest follow with every summary. */
export const FIRST_PAGE_ROWS = 60;

export async function loadEverything(): Promise<void> {
  // The large summaries answer is asked for only once the first screenful is
  // in: the host answers in order of work done, and serializing 40,000
  // summaries would otherwise hold the small answer back.
  const { filter, sort, loaded } = useNotes.getState();
  const info = client.invoke('app.info', {}).then((i) => useAppInfo.getState().setInfo(i));
  const lists = Promise.all([reload('books'), reload('tags')]);
  const backup = client.invoke('backup.status', {}).then((s) => useBackup.getState().setStatus(s))
    .catch((error: unknown) => notifyError('Could not read the backup state', error));
  const sync = client.invoke('sync.status', {}).then((s) => useSync.getState().setStatus(s))
    .catch((error: unknown) => notifyError('Could not read the sync state', error));
  if (!loaded) {
    await client.invoke('notes.firstPage', { filter, sort, limit: FIRST_PAGE_ROWS })
      .then((page) => useNotes.getState().setFirstPage(page.notes))
      .catch(() => undefined);
  }
  await Promise.all([info, lists, backup, sync, reload('notes')]);
}
