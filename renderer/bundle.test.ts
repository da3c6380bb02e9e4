// What the window loads before it can show anything: the renderer's bundle
// is parsed and run at every start (a third of a second at 1.3 MB on this
// machine). A value imported from the contract's request files once pulled
// zod and every schema into it (+450 KB); the renderer needs only types and
// a few constants from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('the renderer bundle holds no schema library and no main-process code', async () => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { renderer: 'renderer/main.tsx' },
    outdir: path.join(root, 'app', 'bundle-test-unwritten'),
    bundle: true,
    write: false,
    metafile: true,
    platform: 'browser',
    format: 'esm',
    jsx: 'automatic',
    loader: { '.svg': 'file', '.png': 'file', '.woff2': 'file', '.md': 'text' },
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.includes('renderer/main.tsx'));
  assert.deepEqual(inputs.filter((file) => /node_modules\/zod\/|^main\/|^shared\/schema\.ts$|^shared\/contract\/.*-requests\.ts$/.test(file)), []);
});
