// The Electron e2e project: runs only where an Electron binary is installed.
// Elsewhere it prints one line saying it did not run and why, and succeeds,
// so `npm test` stays green on machines that cannot download Electron.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_MISSING_REASON, findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const electron = findElectronBinary();
if (!electron) {
  console.log(`Electron e2e tests did not run: ${ELECTRON_MISSING_REASON}.`);
  process.exit(0);
}

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '-c', 'e2e/electron/playwright.electron.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, QUIRE_ELECTRON_BINARY: electron } },
);
process.exit(result.status ?? 1);
