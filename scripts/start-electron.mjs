// `npm start`: builds, then runs the Electron app from app/ with any extra
// arguments passed through (e.g. `npm start -- --user-data-dir=/tmp/quire`).
// Without an Electron binary it says so in one line and points to the browser host.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_MISSING_REASON, findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = findElectronBinary();
if (!electron) {
  console.error(`${ELECTRON_MISSING_REASON}; run the browser host instead: npm run start:web`);
  process.exit(1);
}

const child = spawn(electron, [path.join(root, 'app'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
