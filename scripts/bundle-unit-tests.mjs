// Compiles the unit test files for Node's test runner: each *.test.ts with
// the modules it imports from this repository becomes one ESM file, and npm
// packages stay imports that Node resolves from node_modules.
//
// Why not tsx, which the tests used to load through: its loader hooks run on
// a separate thread and see every module a test file loads (PouchDB alone is
// hundreds), so each file paid about 0.3 s of CPU before its first test; the
// whole suite 300 CPU-s against 266 compiled, which on two cores is about
// 15 s of CI. esbuild compiles all 121 files in about a second.
//
// What stays as it was under tsx:
// - import.meta.url, .dirname and .filename in each module keep the value of
//   the source file they are written in (scripts/source-import-meta.mjs);
// - child processes the tests start from the sources (the CLI, a database
//   held open) are compiled the same way (main/testing/node-script.ts);
// - stack traces point into the .ts sources (inline source maps, read by
//   Node's --enable-source-maps).
import { build } from 'esbuild';
import path from 'node:path';
import { sourceImportMeta } from './source-import-meta.mjs';

/**
 * Compiles `files` (paths relative to `root`) into `outDir`, keeping their
 * relative paths; resolves with the compiled files, in the same order.
 */
export async function bundleUnitTests(root, files, outDir) {
  await build({
    absWorkingDir: root,
    entryPoints: files,
    outbase: root,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [sourceImportMeta],
  });
  return files.map((file) => path.join(outDir, file.replace(/\.tsx?$/, '.mjs')));
}
