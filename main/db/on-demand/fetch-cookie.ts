// fetch-cookie for pouchdb-node, loaded at the first request (load-beside-pouchdb.ts says why).
import { loadBesidePouchDB } from './load-beside-pouchdb';

type Fetch = (url: unknown, init?: unknown) => Promise<unknown>;
type FetchCookie = (fetch: Fetch, jar?: unknown, ignoreError?: boolean) => Fetch;

/** fetch-cookie's own signature: `fetch` wrapped to keep cookies in `jar` (or a jar of its own). */
export default function fetchCookieOnDemand(fetch: Fetch, jar?: unknown, ignoreError?: boolean): Fetch {
  let withCookies: Fetch | null = null;
  return (url, init) => {
    withCookies ??= loadBesidePouchDB<FetchCookie>('fetch-cookie')(fetch, jar, ignoreError);
    return withCookies(url, init);
  };
}
