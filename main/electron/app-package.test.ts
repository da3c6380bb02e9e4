// electron-builder packs app/ with the dependencies app/package.json lists
// (the two-package.json layout). This checks that list against what the
// Electron main bundle and its workers really import, built as
// scripts/build.mjs builds them (main leaves npm packages to Node; the
// workers bundle all but scripts/unbundled-packages.json), at the versions
// the repository develops against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import unbundledPackages from '../../scripts/unbundled-packages.json';
import { pouchdbHttpOnDemand } from '../../scripts/pouchdb-http-on-demand.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

test('app/package.json lists exactly the packages the packaged app imports', async () => {
  const workersDir = path.join(root, 'main/workers');
  const workers = fs.existsSync(workersDir)
    ? fs.readdirSync(workersDir).filter((f) => f.endsWith('.worker.ts')).map((f) => `main/workers/${f}`)
    : [];
  const common: BuildOptions = {
    absWorkingDir: root,
    outdir: path.join(root, '.tmp/app-package-check'),
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  };
  const builds = await Promise.all([
    build({ ...common, entryPoints: ['main/electron/main.ts'], packages: 'external', external: ['electron'] }),
    build({ ...common, entryPoints: workers, external: unbundledPackages, plugins: [pouchdbHttpOnDemand(root)] }),
  ]);
  const imported = new Set<string>();
  for (const result of builds) {
    for (const output of Object.values(result.metafile!.outputs)) {
      for (const entry of output.imports) {
        if (!entry.external || entry.path.startsWith('node:') || entry.path === 'electron') continue;
        imported.add(packageName(entry.path));
      }
    }
  }
  const appPackage = readJson('app/package.json');
  const rootPackage = readJson('package.json');
  assert.deepEqual(Object.keys(appPackage.dependencies).sort(), [...imported].sort());
  for (const name of imported) {
    assert.equal(appPackage.dependencies[name], rootPackage.dependencies[name], `${name}: same range as the root package.json`);
  }
  assert.equal(appPackage.version, rootPackage.version);
  assert.equal(appPackage.main, 'dist/main.mjs');
});

test('pouchdb-node is pinned to the exact version installed: the backup and salvage read its LevelDB layout directly', () => {
  const lock = readJson('package-lock.json');
  const installed: string = lock.packages['node_modules/pouchdb-node'].version;
  assert.match(installed, /^\d+\.\d+\.\d+$/);
  assert.equal(readJson('package.json').dependencies['pouchdb-node'], installed);
  assert.equal(lock.packages[''].dependencies['pouchdb-node'], installed);
  assert.equal(readJson('app/package.json').dependencies['pouchdb-node'], installed);
});
