// Starts one of Quire's worker threads (main/workers/<name>.worker.ts). From
// the bundles the worker is the sibling app/dist/<name>.worker.mjs. From the
// source tree (benchmarks under tsx; unit tests compiled with this module's
// source URL kept, scripts/source-import-meta.mjs) there is no worker bundle
// next to this file, and Node 20 cannot load TypeScript in a worker (tsx's
// hooks do not reach it), so the worker is bundled on the spot with esbuild,
// a dev dependency, into node_modules/.cache: once per
// worker per process. Bundling again for every start rewrote the file that a
// worker started just before might still be loading (the scan and the restore
// start the reader thread at the same moment): that worker could load an
// empty module and end at once, "stopped before its end (exit code 0)". It
// also cost 10-70 ms of the main thread for every start.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundle of each worker made in this process (source tree only). */
const bundled = new Map<string, string>();

export function startWorker(name: string, options: WorkerOptions = {}): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.worker.mjs`, import.meta.url), options);
  return new Worker(bundled.get(name) ?? bundleWorker(name), options);
}

function bundleWorker(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.resolve(here, '..', '..');
  const outfile = path.join(root, 'node_modules', '.cache', 'quire-workers', `${name}.${process.pid}.worker.mjs`);
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(here, `${name}.worker.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  // The bundles are this process's own (named by its pid): gone with it, so runs do not pile them up.
  if (bundled.size === 0) process.on('exit', () => bundled.forEach((file) => fs.rmSync(file, { force: true })));
  bundled.set(name, outfile);
  return outfile;
}
