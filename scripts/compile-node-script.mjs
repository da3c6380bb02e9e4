// Compiles one ES module given on stdin (TypeScript that may import this
// repository's sources by their path from its root) into the file named by
// the first argument, for main/testing/node-script.ts: npm packages left to
// Node, our modules keeping their source files' import.meta values.
// A process of its own because esbuild runs plugins only in its asynchronous
// build, and the tests ask for the compiled file synchronously.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceImportMeta } from './source-import-meta.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [outfile] = process.argv.slice(2);
if (!outfile) {
  console.error('usage: node scripts/compile-node-script.mjs OUTFILE < script.ts');
  process.exit(2);
}
await build({
  stdin: { contents: fs.readFileSync(0, 'utf8'), resolveDir: root, sourcefile: 'script.ts', loader: 'ts' },
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
  plugins: [sourceImportMeta],
});
