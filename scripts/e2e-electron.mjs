// The Electron e2e project. Where an Electron binary is installed it builds
// app/dist and drives the real app. Where it is not (machines that cannot
// download Electron), Playwright still runs the project with every test
// marked skipped (QUIRE_ELECTRON_MISSING), so the summary says "N skipped"
// and the reason, rather than counting a run that did not happen as green;
// the exit status stays 0.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_MISSING_REASON, findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const electron = findElectronBinary();
if (electron) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const env = { ...process.env };
if (electron) env.QUIRE_ELECTRON_BINARY = electron;
else env.QUIRE_ELECTRON_MISSING = ELECTRON_MISSING_REASON;
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '-c', 'e2e/electron/playwright.electron.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env },
);
if (!electron && result.status === 0) console.log(`Electron e2e: all skipped, not passed: ${ELECTRON_MISSING_REASON}.`);
process.exit(result.status ?? 1);
