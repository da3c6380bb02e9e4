// Builds the search index from every note, hands it over in its saved form,
// and ends. A build holds every note's text and a Map per term and field:
// hundreds of MB at 38,000 notes, left behind as garbage once the index is
// put in its compact form. In the search worker's own heap that garbage
// stayed until V8's memory reducer shrank the idle heap, 20-30 s after the
// build (the host measured 400 MB at 15 s, 223 MB at 30 s: docs/benchmarks.md,
// issue 16); in a thread of its own it goes the moment the thread ends.
import { parentPort } from 'node:worker_threads';
import { NoteSearchIndex, type SearchableNote } from '../search/search-index';
import { partsTransfer, type FromSearchBuilder, type ToSearchBuilder } from '../search/search-protocol';

if (!parentPort) throw new Error('search-builder.worker must run as a worker thread');
const port = parentPort;
const post = (message: FromSearchBuilder, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let notes: SearchableNote[] = [];

port.on('message', (message: ToSearchBuilder) => {
  try {
    if (message.type === 'load') {
      for (const note of message.notes) notes.push(note);
      return;
    }
    const started = performance.now();
    const index = new NoteSearchIndex();
    index.build(notes);
    notes = [];
    const parts = index.toSaved();
    post({ type: 'built', parts, notes: index.size, ms: performance.now() - started }, partsTransfer(parts));
  } catch (error) {
    post({ type: 'error', message: (error as Error).message });
  }
});
