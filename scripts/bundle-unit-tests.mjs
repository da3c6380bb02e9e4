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
//   the source file they are written in (test fixtures are found relative
//   to it, and main/workers/start-worker.ts still sees a .ts file and
//   compiles a worker from source);
// - child processes the tests start (the CLI, crash children) still load
//   TypeScript through tsx, as they say on their command line;
// - stack traces point into the .ts sources (inline source maps, read by
//   Node's --enable-source-maps).
import { build, transform } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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

/** Gives each of our modules its own source file's import.meta.url, .dirname and .filename. */
const sourceImportMeta = {
  name: 'source-import-meta',
  setup(builder) {
    builder.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.split(path.sep).includes('node_modules')) return undefined;
      const loader = args.path.endsWith('x') ? 'tsx' : 'ts';
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta')) return { contents: text, loader };
      // define replaces the expressions in the syntax tree, never inside a string.
      const compiled = await transform(text, {
        loader,
        sourcefile: args.path,
        sourcemap: 'inline',
        target: 'node20',
        format: 'esm',
        jsx: 'automatic',
        define: {
          'import.meta.url': JSON.stringify(pathToFileURL(args.path).href),
          'import.meta.dirname': JSON.stringify(path.dirname(args.path)),
          'import.meta.filename': JSON.stringify(args.path),
        },
      });
      return { contents: compiled.code, loader: 'js' };
    });
  },
};
