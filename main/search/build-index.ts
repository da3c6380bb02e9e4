// Builds the search index from every note in the database, in a thread that
// ends once it has handed the index over (search-builder.worker.ts says why).
import type { Worker } from 'node:worker_threads';
import type { Database } from '../db/open-database';
import { docChangesSince } from '../db/doc-changes';
import type { NoteDoc } from '../../shared/schema';
import { startWorker } from '../workers/start-worker';
import { searchableNote } from './searchable-note';
import type { FromSearchBuilder, ToSearchBuilder } from './search-protocol';

export interface BuiltIndex {
  /** The index as toSaved() gives it, moved out of the builder's thread. */
  parts: Uint8Array[];
  notes: number;
}

/**
 * Every note of `db` read (in pages, so the main thread's memory stays
 * bounded) and indexed in a builder thread. Once `signal` aborts (Quire is
 * closing), the builder is ended at once and null returned.
 */
export async function buildSearchIndex(db: Database, signal: AbortSignal): Promise<BuiltIndex | null> {
  if (signal.aborted) return null;
  const builder = startWorker('search-builder');
  builder.unref();
  const send = (message: ToSearchBuilder) => builder.postMessage(message);
  const answer = answerOf(builder);
  answer.catch(() => undefined); // awaited below, unless the read fails or is cancelled first
  const end = () => void builder.terminate();
  signal.addEventListener('abort', end);
  try {
    for await (const page of docChangesSince(db, 0)) {
      if (signal.aborted) return null;
      const notes = page.results.flatMap((change) =>
        change.id.startsWith('note:') && !change.deleted && change.doc ? [searchableNote(change.doc as unknown as NoteDoc)] : [],
      );
      if (notes.length > 0) send({ type: 'load', notes });
    }
    send({ type: 'build' });
    const built = await answer.catch((error: unknown) => {
      if (signal.aborted) return null;
      throw error;
    });
    return built && !signal.aborted ? { parts: built.parts, notes: built.notes } : null;
  } finally {
    signal.removeEventListener('abort', end);
    await builder.terminate();
  }
}

/** The builder's 'built' answer; rejected if it reports an error or ends first. */
function answerOf(builder: Worker): Promise<Extract<FromSearchBuilder, { type: 'built' }>> {
  return new Promise((resolve, reject) => {
    builder.on('message', (message: FromSearchBuilder) => {
      if (message.type === 'built') resolve(message);
      else reject(new Error(`Search could not build its index: ${message.message}`));
    });
    builder.once('error', reject);
    builder.once('exit', (code) => reject(new Error(`Search could not build its index: its thread ended (code ${code}).`)));
  });
}
