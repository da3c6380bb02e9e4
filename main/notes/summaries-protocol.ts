// Messages between the note index (main thread) and the worker that
// summarizes every note on a start without a summary cache.
import type { NoteSummary } from '../../shared/types';

export type ToSummariesWorker =
  // A page of by-sequence entries, as read from the store: answered with the ids whose metadata to read.
  | { type: 'entries'; page: number; entries: { key: string; value: string }[] }
  // The metadata of those ids, in their order (undefined where there is none): answered with the summaries.
  | { type: 'metadata'; page: number; metadata: (string | undefined)[] };

export type FromSummariesWorker =
  | { type: 'ids'; page: number; ids: string[] }
  | {
      type: 'summaries';
      page: number;
      summaries: NoteSummary[];
      /** Notes deleted as of this page. */
      removed: string[];
      /** Notes with conflicts (or a losing branch written last): PouchDB reads them. */
      viaPouch: string[];
    }
  // Something this thread did not foresee: the main thread reads every note itself instead.
  | { type: 'unexpected'; page: number };
