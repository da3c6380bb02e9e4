// The server's database as PouchDB sees it (its http adapter), with the
// credentials in a header rather than the address (so no log, error or
// checkpoint id ever shows them), and a limit on how long a request may wait
// for the server's answer: a server that accepts connections and never
// answers must show as offline, not as "syncing" forever.
import PouchDB from 'pouchdb-node';
import type { Database } from '../db/open-database';
import { databaseUrl } from './server-address';

export interface SyncCredentials {
  user: string;
  password: string;
}

/** How long a request waits for the server's first byte (a live changes request is answered within ~40 s). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

type Fetch = (url: string, options?: Record<string, unknown> & { signal?: AbortSignal }) => Promise<unknown>;

/**
 * PouchDB's own fetch, given up on when the headers take longer than
 * `timeoutMs` (PouchDB's own aborts still work). `onFailure` hears every
 * request that got no answer (and `null` for each that did): PouchDB's sync
 * reports going offline without the reason, so the reason is kept here.
 */
export function fetchWithTimeout(timeoutMs: number, onFailure?: (error: unknown) => void): Fetch {
  const base: Fetch = (url, options) => PouchDB.fetch(url, options);
  return async (url, options = {}) => {
    const controller = new AbortController();
    const outer = options.signal;
    const onAbort = () => controller.abort();
    if (outer?.aborted) controller.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await base(url, { ...options, signal: controller.signal });
      onFailure?.(null);
      return response;
    } catch (error) {
      if (outer?.aborted) throw error;
      // node-fetch says only "The user aborted a request": say it was the wait.
      const failure = controller.signal.aborted
        ? Object.assign(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`), { name: 'TimeoutError' })
        : error;
      onFailure?.(failure);
      throw failure;
    } finally {
      // Only the wait for the headers is limited. PouchDB's abort still reaches the request
      // while its body streams (a live changes feed), so its listener stays.
      clearTimeout(timer);
    }
  };
}

export interface RemoteDatabase {
  db: Database;
  /** Why the last request got no answer, or null when the last one was answered. */
  lastFailure(): unknown;
}

export function openRemoteDatabase(
  server: URL,
  database: string,
  credentials: SyncCredentials,
  options: { requestTimeoutMs?: number } = {},
): RemoteDatabase {
  let failure: unknown = null;
  const remote = new PouchDB<Record<string, unknown>>(databaseUrl(server, database), {
    adapter: 'http',
    // The server was checked (and the database created) before: PouchDB must not create it again by itself.
    skip_setup: true,
    ...(credentials.user ? { auth: { username: credentials.user, password: credentials.password } } : {}),
    fetch: fetchWithTimeout(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, (error) => (failure = error)),
  });
  answerInfoWhenOffline(remote);
  return { db: remote, lastFailure: () => failure };
}

/**
 * PouchDB 9's replication asks the source for its info after each batch,
 * only to update its task list, and does not catch a failure there
 * (`src.info().then(…)` in finishBatch): the server going away at that
 * moment would be an unhandled rejection, which ends a Node process. Once
 * the server has answered, a failed info() answers with the last info it
 * gave; the replication's own next request then fails, handled, and the
 * retry takes over. The first info() (before any batch) still fails as usual.
 */
function answerInfoWhenOffline(remote: Database): void {
  const info = remote.info.bind(remote);
  let last: Awaited<ReturnType<Database['info']>> | null = null;
  remote.info = async () => {
    try {
      last = await info();
      return last;
    } catch (error) {
      if (last) return last;
      throw error;
    }
  };
}
