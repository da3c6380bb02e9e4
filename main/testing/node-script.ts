// Child processes that run our TypeScript sources, for tests of what happens
// across processes (the CLI as a process, a database held open by another
// program). The script (an ES module that may import files of this
// repository by their path from its root) is compiled once per test process
// by scripts/compile-node-script.mjs (esbuild; npm packages left to Node,
// import.meta as in the sources) and run as plain JavaScript: a call of the
// CLI cost about 0.8 s of CPU when its sources were loaded through tsx,
// 0.35 s compiled.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * Under node_modules, so the compiled file finds the packages it imports; one
 * folder per test process. scripts/run-unit-tests.mjs names one inside its
 * run's folder, which it removes, with those of runs a signal stopped.
 */
const OUT_DIR = path.join(
  process.env.QUIRE_TEST_SCRIPTS_DIR ?? path.join(ROOT, 'node_modules', '.cache', 'quire-test-scripts'),
  String(process.pid),
);
const compiled = new Map<string, string>();

/** The `quire` command line run from the sources, as bin/quire.mjs runs the built one. */
export const CLI_SCRIPT = "import { main } from './main/cli/quire.ts'; process.exitCode = await main(process.argv.slice(2));";

/**
 * The arguments for `process.execPath` that run `script` with `args` (its
 * process.argv.slice(2)). Spawn it with `cwd: ROOT` if it reads relative paths.
 */
export function nodeScriptArgs(script: string, ...args: string[]): string[] {
  // Its stack traces point into the sources (the compiled file has their map inline).
  return ['--enable-source-maps', compile(script), ...args];
}

/** The `quire` CLI with `args`: the arguments for `process.execPath`. */
export function cliArgs(...args: string[]): string[] {
  return nodeScriptArgs(CLI_SCRIPT, ...args);
}

function compile(script: string): string {
  const known = compiled.get(script);
  if (known) return known;
  const outfile = path.join(OUT_DIR, `${createHash('sha256').update(script).digest('hex').slice(0, 16)}.mjs`);
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'compile-node-script.mjs'), outfile], { input: script, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not compile a test script (${result.status}): ${result.stderr}`);
  if (compiled.size === 0) {
    process.on('exit', () => fs.rmSync(OUT_DIR, { recursive: true, force: true }));
  }
  compiled.set(script, outfile);
  return outfile;
}

