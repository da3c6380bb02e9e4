// Finds files shipped in resources/ (welcome note, user guide pages). From
// the source tree (main/app/) and from the bundles (app/dist/) the folder is
// two levels up; a packaged app carries a copy in app/dist/resources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const candidates = [path.join(here, 'resources'), path.resolve(here, '..', '..', 'resources')];

export function resourcePath(...segments: string[]): string {
  for (const dir of candidates) {
    const file = path.join(dir, ...segments);
    if (fs.existsSync(file)) return file;
  }
  throw new Error(`Quire's resource ${segments.join('/')} is missing from this installation.`);
}

export function readResource(...segments: string[]): string {
  return fs.readFileSync(resourcePath(...segments), 'utf8');
}
