// Every note's summary on a start without a summary cache, read from the
// LevelDB store under PouchDB by the main thread (only it can open the
// store) and parsed and summarized by a worker thread
// (note-summaries.worker.ts): at 192,000 notes the first note list waited
// 2.7 s for the main thread to do it all (docs/benchmarks.md, issue 16).
// A few pages are in flight at once, so the store's reads, the worker's
// parsing and the main thread's share overlap.
import type { Database } from '../db/open-database';
import { getOrNull } from '../db/get-or-null';
import { levelStoreAt } from '../db/level-store';
import { AFTER_LAST_SEQ, DOC_STORE, seqKey } from '../db/pouchdb-layout';
import { seqOfKey } from '../db/stored-entries';
import type { NoteDoc } from '../../shared/schema';
import type { NoteSummary } from '../../shared/types';
import { startWorker } from '../workers/start-worker';
import { summarizeNote } from './note-summary';
import type { FromSummariesWorker, ToSummariesWorker } from './summaries-protocol';

/** By-sequence entries per page. */
const PAGE = 1000;
/** Pages read ahead of the one being applied. */
const PAGES_AHEAD = 4;
/** Worker threads: the parsing is most of the work; two keep both of a laptop's cores busy beside the main thread's reads. */
const WORKERS = Number(process.env.QUIRE_SUMMARY_WORKERS) || 2;

/** A page of the store's notes, summarized. */
export interface SummarizedPage {
  summaries: NoteSummary[];
  /** Notes deleted as of this page. */
  removed: string[];
}

type Answer<T extends FromSummariesWorker['type']> = Extract<FromSummariesWorker, { type: T }> | undefined;

/**
 * Hands every note's summary to `onPage`, page by page in the order of the
 * database's sequence, and returns the sequence they are as of; undefined
 * when the store cannot be read here or anything unforeseen happens: the
 * caller then reads every note on the main thread, from the start
 * (doc-changes.ts; what was handed over already is read again). Damaged
 * entries are left out, as there (stored-entries.ts).
 */
export async function summarizeEveryNote(db: Database, onPage: (page: SummarizedPage) => void): Promise<number | undefined> {
  const store = levelStoreAt(db.name);
  if (!store) return undefined;
  const workers = Array.from({ length: WORKERS }, () => startWorker('note-summaries'));
  // Each page has one question out at a time: its ids, then its summaries.
  const waiting = new Map<number, (answer: FromSummariesWorker | undefined) => void>();
  // A worker that failed or exited answers nothing more: every question, asked or still to be asked, gets no answer.
  let stopped = false;
  const gone = () => {
    stopped = true;
    for (const answer of waiting.values()) answer(undefined);
    waiting.clear();
  };
  for (const worker of workers) {
    worker.unref();
    worker.on('message', (message: FromSummariesWorker) => {
      waiting.get(message.page)?.(message);
      waiting.delete(message.page);
    });
    worker.on('error', gone);
    worker.on('exit', gone);
  }
  const ask = <T extends 'ids' | 'summaries'>(type: T, message: ToSummariesWorker) =>
    new Promise<Answer<T>>((resolve) => {
      if (stopped) return resolve(undefined);
      waiting.set(message.page, (answer) => resolve(answer?.type === type ? (answer as Answer<T>) : undefined));
      // A page's two questions go to the same worker, which keeps its parsed entries between them.
      workers[message.page % workers.length]!.postMessage(message);
    });

  const readPage = async (page: number, entries: { key: string; value: string }[]) => {
    const ids = await ask('ids', { type: 'entries', page, entries });
    if (!ids) return undefined;
    const metadata = await store.getMany(ids.ids.map((id) => `${DOC_STORE}${id}`));
    return ask('summaries', { type: 'metadata', page, metadata });
  };
  const deliver = async (answer: Answer<'summaries'>): Promise<boolean> => {
    if (!answer) return false;
    const { summaries, removed } = answer;
    for (const id of answer.viaPouch) {
      // Conflicts: PouchDB's get picks the winner and lists the other live leaves, which the summary counts.
      const doc = await getOrNull<NoteDoc>(db, id, { conflicts: true });
      if (doc) summaries.push(summarizeNote(doc));
      else removed.push(id);
    }
    onPage({ summaries, removed });
    return true;
  };

  try {
    const inFlight: Promise<Answer<'summaries'>>[] = [];
    let lastSeq = 0;
    for (let page = 0; ; page++) {
      const entries = await store.range(seqKey(lastSeq), AFTER_LAST_SEQ, PAGE);
      if (entries.length === 0) break;
      lastSeq = seqOfKey(entries.at(-1)!.key);
      if (!Number.isSafeInteger(lastSeq)) return undefined;
      const answer = readPage(page, entries);
      answer.catch(() => undefined);
      inFlight.push(answer);
      while (inFlight.length > PAGES_AHEAD) if (!(await deliver(await inFlight.shift()!))) return undefined;
    }
    for (const answer of inFlight) if (!(await deliver(await answer))) return undefined;
    return lastSeq;
  } catch {
    // A store closed meanwhile, a note gone between two reads: the main thread reads every note itself (doc-changes.ts),
    // which says what is wrong.
    return undefined;
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}
