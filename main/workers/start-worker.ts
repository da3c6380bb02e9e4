// Starts one of Quire's worker threads (main/workers/<name>.worker.ts). From
// the bundles the worker is the sibling app/dist/<name>.worker.mjs. From the
// source tree (tests, benchmarks under tsx) Node 20 cannot load TypeScript
// in a worker (tsx's hooks do not reach it), so the worker is bundled on the
// spot with esbuild, a dev dependency, into node_modules/.cache.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function startWorker(name: string, options: WorkerOptions = {}): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.worker.mjs`, import.meta.url), options);
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
  return new Worker(outfile, options);
}
