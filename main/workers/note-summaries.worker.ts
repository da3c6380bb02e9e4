// Summarizes every note on a start without a summary cache, beside the main
// thread: at 192,000 notes, parsing each document and its metadata and
// making its summary was 2.7 s of the main thread, before the first note
// list could be shown (issue 16). The main thread reads the LevelDB store
// (which only it can open) and hands over each page's text; this thread
// parses it, says whose metadata to read, and answers with the summaries.
import { parentPort } from 'node:worker_threads';
import { changesOf, parseEntries, type StoredEntries } from '../db/stored-entries';
import { summarizeChanges } from '../notes/note-summary';
import type { FromSummariesWorker, ToSummariesWorker } from '../notes/summaries-protocol';

if (!parentPort) throw new Error('note-summaries.worker must run as a worker thread');
const port = parentPort;
const post = (message: FromSummariesWorker) => port.postMessage(message);

/** Pages whose entries are parsed, waiting for their metadata. */
const pages = new Map<number, StoredEntries>();

port.on('message', (message: ToSummariesWorker) => {
  const { page } = message;
  try {
    if (message.type === 'entries') {
      const parsed = parseEntries(message.entries);
      pages.set(page, parsed);
      return post({ type: 'ids', page, ids: parsed.ids });
    }
    const parsed = pages.get(page);
    pages.delete(page);
    if (!parsed) return post({ type: 'unexpected', page });
    const changes = changesOf(parsed, message.metadata);
    const { summaries, removed, readLater } = summarizeChanges(changes.results, new Set(changes.viaPouch));
    post({ type: 'summaries', page, summaries, removed, viaPouch: readLater });
  } catch {
    // Anything this thread did not foresee: the main thread reads every note itself (doc-changes.ts).
    post({ type: 'unexpected', page });
  }
});
