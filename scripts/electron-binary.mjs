// Finds the Electron executable without `require('electron')`: that call
// tries to download the binary when it is missing, which on a machine
// without internet access fails slowly and noisily. Returns null when the
// binary is not installed.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export const ELECTRON_MISSING_REASON =
  "Electron's binary is not installed here (it could not be downloaded)";

export function findElectronBinary() {
  let packageDir;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, relative || 'electron')
    : relative ? path.join(packageDir, 'dist', relative) : null;
  return candidate && fs.existsSync(candidate) ? candidate : null;
}
