// The search index in its own thread: its queries must never stall the main
// process's IPC. It also loads and saves the index file (index-file.ts), so
// neither the parsing at start nor the serializing after changes runs on the
// main thread. An index built from every note comes from a thread of its own
// (search-builder.worker.ts), already in the compact form it keeps.
//
// The saved index's phrase texts and postings are read when first needed
// (later-part.ts). Should they turn out damaged then, the worker says so
// ('damaged'), holds the queries it is asked until the service has the index
// built again from the database ('adopt'), and answers them from that: a
// damaged file never gives a wrong answer.
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { INDEX_FINGERPRINT, NoteSearchIndex, PARTS_READ_LATER } from '../search/search-index';
import type { FromSearchWorker, IndexFileTarget, NamedBook, NamedTag, ToSearchWorker } from '../search/search-protocol';
import { readIndexFile, writeIndexFile } from '../search/index-file';
import { IndexDamagedError, type OpenIndexFile } from '../search/later-part';
import { parseSearchQuery } from '../../shared/search-query';

if (!parentPort) throw new Error('search.worker must run as a worker thread');
const port = parentPort;
const post = (message: FromSearchWorker) => port.postMessage(message);

let index = new NoteSearchIndex();
/** False until the index is ready (loaded and caught up, or adopted): changes that arrive before then are applied then. */
let loaded = false;
/** The saved index's file, held open while parts of it are still to be read. */
let openFile: OpenIndexFile | null = null;
/** Set from the moment late reading found the saved index damaged until the rebuilt one is adopted. */
let rebuilding = false;
type Query = Extract<ToSearchWorker, { type: 'query' }>;
/** Queries that came while rebuilding: answered once the rebuilt index is in. */
const held: Query[] = [];
const pending: ToSearchWorker[] = [];
let books: NamedBook[] = [];
let target: IndexFileTarget | null = null;
let ready = false;
/** Every change up to this update sequence is in the index (once ready). */
let seq = 0;
let dirty = false;
let saveTimer: NodeJS.Timeout | null = null;
let saving: Promise<boolean> = Promise.resolve(false);
// Serializing 200,000 notes takes seconds of this thread (queries wait), so
// changes are saved at most this often, and when Quire closes.
const SAVE_INTERVAL_MS = Number(process.env.QUIRE_SEARCH_SAVE_MS) || 60_000;
let tags: NamedTag[] = [];

const lower = (s: string) => s.trim().toLocaleLowerCase();

/**
 * The notebooks `book:` names, with every notebook inside them: each one of
 * that name; or, where no notebook has that name and it holds `/`, a path
 * (`book:pages.en/linux`: the linux notebook directly inside pages.en, not
 * every notebook called linux).
 */
function booksNamed(name: string): Set<string> {
  const wanted = lower(name);
  const result = new Set<string>();
  let named = books.filter((b) => lower(b.name) === wanted).map((b) => b.id);
  if (named.length === 0 && wanted.includes('/')) {
    const [first, ...rest] = wanted.split('/').map(lower).filter((part) => part !== '');
    named = first === undefined ? [] : books.filter((b) => lower(b.name) === first).map((b) => b.id);
    for (const part of rest) {
      const parents = new Set(named);
      named = books.filter((b) => b.parentBookId != null && parents.has(b.parentBookId) && lower(b.name) === part).map((b) => b.id);
    }
  }
  const stack = named;
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (result.has(id)) continue;
    result.add(id);
    for (const child of books) if (child.parentBookId === id) stack.push(child.id);
  }
  return result;
}

function tagsNamed(name: string): Set<string> {
  const wanted = lower(name);
  return new Set(tags.filter((t) => lower(t.name) === wanted).map((t) => t.id));
}

function apply(message: ToSearchWorker): void {
  // A turn's changes come as one message: a note this cannot take (anything but damage, which rebuilds the
  // whole index) does not keep the others out. The first such failure is reported once they are in.
  let failure: unknown = null;
  const each = <T>(items: readonly T[], step: (item: T) => void) => {
    for (const item of items) {
      try {
        step(item);
      } catch (error) {
        if (error instanceof IndexDamagedError) throw error;
        failure ??= error;
      }
    }
  };
  if (message.type === 'upsert') each(message.notes, (note) => index.replace(note));
  if (message.type === 'remove') each(message.ids, (id) => index.remove(id));
  if ((message.type === 'upsert' || message.type === 'remove') && message.seq !== undefined) seq = Math.max(seq, message.seq);
  changed();
  if (failure) throw failure;
}

function changed(): void {
  dirty = true;
  if (!ready || !target || saveTimer) return;
  saveTimer = setTimeout(() => void save(), SAVE_INTERVAL_MS);
  saveTimer.unref();
}

function save(): Promise<boolean> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  if (!ready || !dirty || !target) return saving;
  // The texts and the sequence are taken together, before any await: what arrives while writing goes in the next save.
  let parts: Uint8Array[];
  try {
    parts = index.toSaved();
  } catch (error) {
    if (!(error instanceof IndexDamagedError)) throw error;
    damaged(error);
    return Promise.resolve(false);
  }
  dirty = false;
  return write(parts, seq, index.size);
}

/** Late reading found the saved index damaged: drop it, have the service build it again, and hold queries until then. */
function damaged(error: IndexDamagedError): void {
  if (rebuilding) return;
  rebuilding = true;
  ready = false;
  loaded = false;
  dirty = false;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  openFile?.close();
  openFile = null;
  // Removed, so that a start before the rebuild is saved (Quire closed meanwhile) builds it rather than load it again.
  if (target) fs.rmSync(target.file, { force: true });
  index = new NoteSearchIndex();
  post({ type: 'damaged', reason: error.message });
}

/** Writes the index file from `parts` (toSaved's), which hold every change up to `atSeq`. */
function write(parts: Uint8Array[], atSeq: number, notes: number): Promise<boolean> {
  const to = target;
  if (!to) return saving;
  const header = { fingerprint: INDEX_FINGERPRINT, dbId: to.dbId, seq: atSeq, notes };
  saving = saving.then(() =>
    writeIndexFile(to.file, header, parts).then(
      () => true,
      () => {
        // A cache that cannot be written only costs the next start its rebuild; try again later.
        changed();
        return false;
      },
    ),
  );
  return saving;
}

function restore(message: Extract<ToSearchWorker, { type: 'restore' }>): void {
  const started = performance.now();
  target = message.target;
  const found = readIndexFile(target.file, { fingerprint: INDEX_FINGERPRINT, dbId: target.dbId, updateSeq: message.updateSeq }, PARTS_READ_LATER);
  let reason = 'reason' in found ? found.reason : undefined;
  if (!('reason' in found)) {
    try {
      openFile = found.file;
      index.loadSaved(found.parts);
      seq = found.header.seq;
      // Changes that came before the saved index was loaded are newer than it: they are applied with the catch-up's,
      // at its end (markReady), where damage found by the first edit is handled like any other late read's.
    } catch (error) {
      reason = `damaged: ${(error as Error).message}`;
      index.build([]);
      found.file.close();
      openFile = null;
    }
  }
  post({ type: 'restored', seq: reason === undefined ? seq : null, reason, notes: index.size, ms: performance.now() - started });
}

function markReady(atSeq: number, started: number): void {
  seq = Math.max(seq, atSeq);
  ready = true;
  loaded = true;
  for (const change of pending.splice(0)) apply(change);
  if (dirty) changed();
  post({ type: 'ready', notes: index.size, ms: performance.now() - started });
}

function handle(message: ToSearchWorker): void {
  try {
    if (rebuilding) {
      if (message.type === 'query') return void held.push(message);
      // A catch-up's end has its answer in the rebuilt index's 'ready'.
      if (message.type === 'caughtUp') return;
    }
    switch (message.type) {
      case 'restore':
        restore(message);
        break;
      case 'adopt': {
        // Built in a thread of its own (search-builder.worker.ts), in the compact form a later start loads.
        const started = performance.now();
        const parts = message.parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
        const adopted = new NoteSearchIndex();
        adopted.loadSaved(parts);
        index = adopted;
        openFile?.close();
        openFile = null;
        const wasRebuilding = rebuilding;
        rebuilding = false;
        // The count the parts hold: markReady applies the changes that came meanwhile, which the next save writes.
        const notes = index.size;
        markReady(message.seq, started);
        void write(parts, message.seq, notes);
        if (wasRebuilding) for (const waiting of held.splice(0)) handle(waiting);
        break;
      }
      case 'caughtUp':
        markReady(message.seq, performance.now());
        break;
      case 'flush':
        void save().then(
          (saved) => post({ type: 'flushed', saved }),
          (error: Error) => post({ type: 'flushed', saved: false, error: error.message }),
        );
        break;
      case 'upsert':
      case 'remove':
        if (!loaded) pending.push(message);
        else apply(message);
        break;
      case 'names':
        books = message.books;
        tags = message.tags;
        break;
      case 'query': {
        const query = parseSearchQuery(message.text);
        const context = { booksNamed, tagsNamed, excludeBookIds: new Set(message.excludeBookIds), limit: message.limit };
        if (message.page) post({ type: 'result', id: message.id, ...index.searchPage(query, context, message.page) });
        else post({ type: 'result', id: message.id, ids: index.search(query, context) });
        break;
      }
    }
  } catch (error) {
    if (error instanceof IndexDamagedError) {
      damaged(error);
      // The change is read again by the rebuild; the query is answered after it.
      if (message.type === 'query') held.push(message);
      else if (message.type === 'flush') post({ type: 'flushed', saved: false, error: error.message });
      return;
    }
    const text = (error as Error).message;
    // An index that could not be taken in: the queries held for it are told, as is the service (an error without id).
    if (message.type === 'adopt') for (const waiting of held.splice(0)) post({ type: 'error', id: waiting.id, message: text });
    post({ type: 'error', id: message.type === 'query' ? message.id : undefined, message: text });
  }
}

port.on('message', handle);
