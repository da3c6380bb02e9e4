// The search index in its own thread: building it over 40,000 notes takes
// seconds of CPU and its queries must never stall the main process's IPC.
import { parentPort } from 'node:worker_threads';
import { NoteSearchIndex, type SearchableNote } from '../search/search-index';
import type { FromSearchWorker, NamedBook, NamedTag, ToSearchWorker } from '../search/search-protocol';
import { parseSearchQuery } from '../../shared/search-query';

if (!parentPort) throw new Error('search.worker must run as a worker thread');
const port = parentPort;
const post = (message: FromSearchWorker) => port.postMessage(message);

const index = new NoteSearchIndex();
let loading: SearchableNote[] | null = [];
// Changes that arrive while the index is being loaded are applied after the build.
const pending: ToSearchWorker[] = [];
let books: NamedBook[] = [];
let tags: NamedTag[] = [];

const lower = (s: string) => s.trim().toLocaleLowerCase();

function booksNamed(name: string): Set<string> {
  const wanted = lower(name);
  const result = new Set<string>();
  const stack = books.filter((b) => lower(b.name) === wanted).map((b) => b.id);
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
  if (message.type === 'upsert') for (const note of message.notes) index.replace(note);
  if (message.type === 'remove') for (const id of message.ids) index.remove(id);
}

port.on('message', (message: ToSearchWorker) => {
  try {
    switch (message.type) {
      case 'load':
        loading?.push(...message.notes);
        break;
      case 'build': {
        const report = index.build(loading ?? []);
        loading = null;
        for (const change of pending.splice(0)) apply(change);
        post({ type: 'ready', notes: report.notes, ms: report.ms });
        break;
      }
      case 'upsert':
      case 'remove':
        if (loading) pending.push(message);
        else apply(message);
        break;
      case 'names':
        books = message.books;
        tags = message.tags;
        break;
      case 'query': {
        const ids = index.search(parseSearchQuery(message.text), {
          booksNamed,
          tagsNamed,
          excludeBookIds: new Set(message.excludeBookIds),
          limit: message.limit,
        });
        post({ type: 'result', id: message.id, ids });
        break;
      }
    }
  } catch (error) {
    post({ type: 'error', id: message.type === 'query' ? message.id : undefined, message: (error as Error).message });
  }
});
