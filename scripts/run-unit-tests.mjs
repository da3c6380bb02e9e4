// Runs the unit and integration tests (*.test.ts beside the code they test)
// with Node's own test runner, each file compiled first with esbuild
// (scripts/bundle-unit-tests.mjs says why, and what stays as under tsx).
// Usage: node scripts/run-unit-tests.mjs [path-filter ...]
//
// Three test files run at once (Node 20's default is one fewer than the
// cores: one on a 2-core CI machine). With two, the cores were busy 89% of
// the time (each file waits now and then: a child process, a timer, the
// disk); with three, 97%, and the suite took 150 s; four took as long as
// three. Files share nothing that could
// collide: each makes its own temporary folders and listens on port 0, and
// the tldr corpus is unpacked once into a shared read-only cache
// (main/search/tldr-corpus.ts). The slowest files start first, so the other
// lanes work through the rest meanwhile.
//
// A hung test fails instead of hanging CI: Node 20 applies --test-timeout to
// each test file as a whole, so it is the longest a file may take. The
// longest, the export corpus test, takes about a minute on a quiet 2-core
// machine (two with its temporary folders on a disk) but over 10 on one
// shared with other test runs; the limit is the 15 minutes that test itself
// allows.
//
// Temporary folders go to memory (/dev/shm) where the machine has room there
// (scripts/test-tmpdir.mjs): the same writes and checks, without waiting on
// the disk for each of the corpus tests' tens of thousands of files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleUnitTests } from './bundle-unit-tests.mjs';
import { testEnv } from './test-tmpdir.mjs';

const CONCURRENCY = 3;
const FILE_TIMEOUT_MS = 15 * 60_000;
/** Started first (longest first): a minute or more each, where the rest take seconds. */
const SLOWEST = [
  'main/export/export-corpus.test.ts',
  'main/restore/round-trip.test.ts',
  'main/snapshots/corpus.test.ts',
  'main/snapshots/crash.test.ts',
  'main/backup-format/round-trip.test.ts',
  'main/restore/many-files.test.ts',
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.tsx')) yield full;
  }
}

const files = ['main', 'shared', 'renderer', 'scripts']
  .filter((d) => fs.existsSync(path.join(root, d)))
  .flatMap((d) => [...walk(path.join(root, d))])
  .map((f) => path.relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
  .sort((a, b) => rank(a) - rank(b));

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function rank(file) {
  const slow = SLOWEST.indexOf(file.split(path.sep).join('/'));
  return slow === -1 ? SLOWEST.length : slow;
}

if (files.length === 0) {
  console.error('run-unit-tests: no test files matched');
  process.exit(1);
}
// Under node_modules, so the compiled files find the npm packages they import;
// one folder per run, so two runs in one checkout never share files, named
// with the run's pid: a run stopped by a signal skips its cleanup, and the
// next run removes such a folder once its process is gone.
const cache = path.join(root, 'node_modules', '.cache', 'quire-unit-tests');
fs.mkdirSync(cache, { recursive: true });
for (const name of fs.readdirSync(cache)) {
  const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
  if (pid && !isRunning(pid)) fs.rmSync(path.join(cache, name), { recursive: true, force: true });
}
const outDir = fs.mkdtempSync(path.join(cache, `run-${process.pid}-`));
let result;
try {
  const compiled = await bundleUnitTests(root, files, outDir);
  result = spawnSync(
    process.execPath,
    ['--enable-source-maps', '--test', '--test-reporter=spec', `--test-concurrency=${CONCURRENCY}`, `--test-timeout=${FILE_TIMEOUT_MS}`, ...compiled],
    // The scripts tests compile for their child processes (main/testing/node-script.ts) go in this run's folder too.
    { cwd: root, stdio: 'inherit', env: { ...testEnv(), QUIRE_TEST_SCRIPTS_DIR: path.join(outDir, 'scripts') } },
  );
} finally {
  fs.rmSync(outDir, { recursive: true, force: true });
}
process.exit(result.status ?? 1);
