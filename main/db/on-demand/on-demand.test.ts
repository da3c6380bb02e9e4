// PouchDB as the bundles carry it (scripts/pouchdb-http-on-demand.mjs): its
// http adapter's packages are not loaded until it first talks to a server,
// and then it talks to one as before (headers, cookies, a replication).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { pouchdbHttpOnDemand } from '../../../scripts/pouchdb-http-on-demand.mjs';
import { createDatabase, startCouchServer, TEST_ADMIN } from '../../testing/couch-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// Loaded and run as a bundle: a local database written, then replicated to the server.
const ENTRY = `
import { createRequire } from 'node:module';
import PouchDB from 'pouchdb-node';
import { openDatabase } from ${JSON.stringify(path.join(root, 'main/db/open-database.ts'))};
const [dir, server, user, password] = process.argv.slice(2);
const httpPackages = () => Object.keys(createRequire(import.meta.url).cache)
  .filter((file) => /[\\\\/]node_modules[\\\\/](node-fetch|fetch-cookie|tough-cookie)[\\\\/]/.test(file)).length;
const db = openDatabase(dir);
await db.bulkDocs(Array.from({ length: 25 }, (_, i) => ({ _id: 'note:' + i, title: 'Note ' + i })));
const beforeSync = httpPackages();
const remote = new PouchDB(server + 'pouch', { auth: { username: user, password }, skip_setup: true });
const replicated = await db.replicate.to(remote);
const remoteInfo = await remote.info();
console.log(JSON.stringify({ beforeSync, afterSync: httpPackages(), written: replicated.docs_written, remoteDocs: remoteInfo.doc_count }));
await db.close();
`;

test('the bundled PouchDB loads its http packages only when it first talks to a server, and then replicates as before', async (t) => {
  // Inside the repository: the bundle finds leveldown and pouchdb-node's packages in its node_modules.
  fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, '.tmp', 'on-demand-'));
  const server = await startCouchServer();
  t.after(async () => {
    await server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await createDatabase(server, 'pouch');
  fs.writeFileSync(path.join(dir, 'entry.ts'), ENTRY);
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(dir, 'entry.ts')],
    outfile: path.join(dir, 'entry.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: JSON.parse(fs.readFileSync(path.join(root, 'scripts/unbundled-packages.json'), 'utf8')),
    banner: { js: "import { createRequire as __quireCreateRequire } from 'node:module'; const require = __quireCreateRequire(import.meta.url);" },
    plugins: [pouchdbHttpOnDemand(root)],
    logLevel: 'silent',
  });
  const run = spawnSync(process.execPath, [path.join(dir, 'entry.mjs'), path.join(dir, 'db'), server.url, TEST_ADMIN.user, TEST_ADMIN.password], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const outcome = JSON.parse(run.stdout);
  assert.equal(outcome.beforeSync, 0, 'node-fetch or fetch-cookie loaded before any request');
  assert.ok(outcome.afterSync > 0);
  assert.deepEqual({ written: outcome.written, remoteDocs: outcome.remoteDocs }, { written: 25, remoteDocs: 25 });
});
