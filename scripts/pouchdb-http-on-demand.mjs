// An esbuild plugin: pouchdb-node's http adapter (sync alone uses it) loads
// node-fetch and fetch-cookie at its top; inside the bundles its two imports
// of them get stand-ins that load them at the first request
// (main/db/on-demand/). Only pouchdb-node's own imports: the stand-ins load
// the real packages.
import path from 'node:path';

const POUCHDB_DIR = `${path.sep}node_modules${path.sep}pouchdb-node${path.sep}`;

/** `root`: the repository, where main/db/on-demand/ is. */
export function pouchdbHttpOnDemand(root) {
  return {
    name: 'pouchdb-http-on-demand',
    setup(build) {
      build.onResolve({ filter: /^(node-fetch|fetch-cookie)$/ }, (args) =>
        args.importer.includes(POUCHDB_DIR) ? { path: path.join(root, 'main/db/on-demand', `${args.path}.ts`) } : undefined);
    },
  };
}
