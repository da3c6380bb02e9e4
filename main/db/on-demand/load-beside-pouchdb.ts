// pouchdb-node's http adapter (only sync talks to a server) loads node-fetch
// and fetch-cookie (tough-cookie, psl, whatwg-url) when PouchDB itself loads:
// about 50 ms of every start of the browser host, the CLI and each worker.
// Inside the bundles, pouchdb-node's two imports of them are answered by
// the stand-ins beside this file (scripts/build.mjs), which load the real
// packages when sync first needs them.
import { createRequire } from 'node:module';

/**
 * The package as pouchdb-node itself would load it: the copy installed for it
 * (the packaged app ships pouchdb-node and its dependencies: app/package.json
 * lists it, which main/electron/app-package.test.ts checks).
 */
export function loadBesidePouchDB<T>(name: 'node-fetch' | 'fetch-cookie'): T {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('pouchdb-node'))(name) as T;
}
