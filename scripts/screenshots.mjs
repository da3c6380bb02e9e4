// Refreshes the docs' screenshots in docs/screenshots/: runs the e2e tests
// tagged @doc-screenshots (DOC_SCREENSHOTS in e2e/web/fixtures.ts) with
// QUIRE_SCREENSHOTS set, so docScreenshot() writes there instead of into
// the tests' output folder. Not part of `npm test`, which never touches
// tracked files. Extra arguments go to Playwright (e.g. a spec file).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--grep', '@doc-screenshots', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, QUIRE_SCREENSHOTS: 'docs/screenshots' } },
);
process.exit(result.status ?? 1);
