import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('every entry sizes the thread pool before anything else is imported', () => {
  for (const entry of ['main/electron/main.ts', 'main/web-host/server.ts', 'main/cli/quire.ts', 'bench/run.ts']) {
    const source = fs.readFileSync(path.join(root, entry), 'utf8');
    const firstImport = source.split('\n').find((line) => line.startsWith('import '));
    assert.match(firstImport ?? '', /^import '\.\.\/(main\/)?platform\/thread-pool';$/, `${entry} imports platform/thread-pool first`);
  }
});
