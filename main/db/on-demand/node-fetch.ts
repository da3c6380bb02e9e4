// node-fetch for pouchdb-node, loaded at its first use (load-beside-pouchdb.ts says why).
// pouchdb-node uses its default export (the fetch) and its Headers.
import { loadBesidePouchDB } from './load-beside-pouchdb';

interface NodeFetch {
  (url: unknown, init?: unknown): Promise<unknown>;
  Headers: new (init?: unknown) => object;
}

let loaded: NodeFetch | null = null;
const nodeFetch = () => (loaded ??= loadBesidePouchDB<NodeFetch>('node-fetch'));

export default function fetchOnDemand(url: unknown, init?: unknown): Promise<unknown> {
  return nodeFetch()(url, init);
}

/** node-fetch's Headers: `new Headers(init)` makes one of them. */
export const Headers = function Headers(init?: unknown) {
  return new (nodeFetch().Headers)(init);
} as unknown as new (init?: unknown) => object;
