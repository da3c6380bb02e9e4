// Text that could not be saved (a note over the size limit) is kept in this
// page's IndexedDB, so closing or reloading the page does not lose it: the
// browser's own "Leave site?" question cannot say why, and may be answered
// without reading it. When the page opens again, Quire offers the kept text
// back. A note's kept text is dropped once a save of that note succeeds.
const DB_NAME = 'quire-kept-text';
/** Where a new note's draft is kept (no note id: the host had not made it yet). */
export const KEPT_DRAFT_ID = 'draft:new-note';
const STORE = 'notes';

export interface KeptText {
  id: string;
  title: string;
  body: string;
  keptAt: number;
}

let opening: Promise<IDBDatabase | null> | null = null;

function database(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') {
      resolve(null);
      return;
    }
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  const db = await database();
  if (!db) return null;
  return new Promise((resolve) => {
    const request = work(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(null);
  });
}

// Writes of one note follow each other: the last text asked for is the one kept.
const latest = new Map<string, KeptText | null>();
let writing: Promise<void> = Promise.resolve();

function queue(id: string, value: KeptText | null): void {
  const first = !latest.has(id);
  latest.set(id, value);
  if (!first) return;
  writing = writing.then(async () => {
    const next = latest.get(id);
    latest.delete(id);
    if (next) await run('readwrite', (store) => store.put(next));
    else await run('readwrite', (store) => store.delete(id));
  });
}

export const keptText = {
  keep(id: string, title: string, body: string): void {
    queue(id, { id, title, body, keptAt: Date.now() });
  },
  drop(id: string): void {
    queue(id, null);
  },
  async all(): Promise<KeptText[]> {
    await writing;
    return (await run('readonly', (store) => store.getAll() as IDBRequest<KeptText[]>)) ?? [];
  },
  /** Resolves once every write asked for so far is done. */
  settled(): Promise<void> {
    return writing;
  },
};
