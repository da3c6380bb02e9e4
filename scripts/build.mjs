// Builds every bundle into app/dist with esbuild: the main-process entry
// points (Electron main, browser host, CLI, workers) as ESM with their npm
// dependencies left external (Node resolves them from node_modules), the
// sandboxed preload as one CommonJS file, and the renderer for the browser.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pouchdbHttpOnDemand } from './pouchdb-http-on-demand.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'app', 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const define = { __QUIRE_VERSION__: JSON.stringify(pkg.version) };
const watch = process.argv.includes('--watch');

// The Electron main process leaves its npm dependencies to Node
// (electron-builder ships them from app/package.json, checked by
// main/electron/app-package.test.ts). The workers, the browser host and the
// CLI carry theirs inside the bundle: one file to load instead of hundreds
// to resolve, and CommonJS packages not parsed again for their exports at
// each start. A browser host as its own process (the e2e suite's tests that
// start one themselves; CLI calls too) took 0.47 s of CPU for its start and
// first page with everything external, 0.41 s bundled, and 0.33 s once its
// search worker was bundled too and no longer loaded zod, which it never
// used (main/search/note-meta.ts). Native and optional native packages stay
// outside (scripts/unbundled-packages.json). pouchdb-node is bundled too:
// loaded by Node it was 118 files, and loading app-core took 260-350 ms
// against 130 ms bundled with the stand-ins below (the e2e tests' gates
// reach its databases through open-database.ts's hook).
const electronEntries = { main: 'main/electron/main.ts' };
const standaloneEntries = {
  cli: 'main/cli/quire.ts',
};
// The browser host is split where it imports the app's services lazily
// (main/web-host/server.ts): it listens and prints its address first, sends
// the window its page and script, and loads PouchDB and the services while
// the window runs them (main/web-host/page-first.ts). Its chunks
// sit beside the other bundles (the services find their workers and
// resources/ from their own file's folder), named web-host-chunk-*; once a
// build has succeeded, the chunks it did not write are removed (so no stale
// one ships: electron-builder packs all of dist/), and a failed build leaves
// the last working set alone.
const webHostEntries = { 'web-host': 'main/web-host/server.ts' };
const WEB_HOST_CHUNK_PREFIX = 'web-host-chunk-';
const UNBUNDLED_PACKAGES = JSON.parse(fs.readFileSync(path.join(root, 'scripts/unbundled-packages.json'), 'utf8'));
const workerEntries = fs.existsSync(path.join(root, 'main/workers'))
  ? Object.fromEntries(
      fs.readdirSync(path.join(root, 'main/workers'))
        .filter((f) => f.endsWith('.worker.ts'))
        .map((f) => [f.replace(/\.ts$/, ''), `main/workers/${f}`]),
    )
  : {};

const existing = (entries) =>
  Object.fromEntries(Object.entries(entries).filter(([, file]) => fs.existsSync(path.join(root, file))));

fs.mkdirSync(path.join(out, 'renderer'), { recursive: true });

const started = Date.now();
const nodeBundle = {
  absWorkingDir: root,
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  define,
  logLevel: 'warning',
  banner: {
    // ESM bundles of CommonJS-era code still reach for require/__dirname.
    js: "import { createRequire as __quireCreateRequire } from 'node:module'; const require = __quireCreateRequire(import.meta.url);",
  },
  plugins: [pouchdbHttpOnDemand(root)],
};

const [, , webHostBuild] = await Promise.all([
  build({ ...nodeBundle, entryPoints: existing(electronEntries), packages: 'external', external: ['electron'] }),
  build({ ...nodeBundle, entryPoints: existing({ ...standaloneEntries, ...workerEntries }), external: UNBUNDLED_PACKAGES }),
  build({
    ...nodeBundle,
    entryPoints: existing(webHostEntries),
    external: UNBUNDLED_PACKAGES,
    splitting: true,
    chunkNames: `${WEB_HOST_CHUNK_PREFIX}[name]-[hash]`,
    metafile: true,
  }),
  build({
    absWorkingDir: root,
    entryPoints: existing({ preload: 'main/preload/preload.ts' }),
    outdir: out,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    define,
    logLevel: 'warning',
  }),
  build({
    absWorkingDir: root,
    entryPoints: { renderer: 'renderer/main.tsx' },
    outdir: path.join(out, 'renderer'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    jsx: 'automatic',
    minify: !watch,
    sourcemap: 'linked',
    define: { ...define, 'process.env.NODE_ENV': '"production"' },
    loader: { '.svg': 'file', '.png': 'file', '.woff2': 'file', '.md': 'text' },
    logLevel: 'warning',
  }),
]);
// A worker that no longer exists, or a web-host chunk this build did not write, must not ship from an
// old build (electron-builder packs all of dist/).
const webHostFiles = new Set(Object.keys(webHostBuild.metafile?.outputs ?? {}).map((file) => path.basename(file)));
for (const file of fs.readdirSync(out)) {
  const name = file.replace(/\.mjs(\.map)?$/, '');
  const staleWorker = name.endsWith('.worker') && !(name in workerEntries);
  const staleChunk = file.startsWith(WEB_HOST_CHUNK_PREFIX) && !webHostFiles.has(file);
  if (staleWorker || staleChunk) fs.rmSync(path.join(out, file));
}
fs.copyFileSync(path.join(root, 'renderer/index.html'), path.join(out, 'renderer/index.html'));
// The packaged app has no repo around it: it carries its own copy of resources/.
fs.cpSync(path.join(root, 'resources'), path.join(out, 'resources'), { recursive: true });
console.log(`built app/dist in ${Date.now() - started} ms`);
