// `npm test`: everything CI checks (typecheck, lint, unit and integration
// tests, e2e in Chromium, the Electron e2e project), in as little wall time
// as a 2-core machine allows.
//
// Typecheck, lint and the build run side by side (each mostly one core's
// work), their output printed whole when each ends, so lines never
// interleave. The suites then run one after the other, each printing as it
// goes: the unit tests keep both cores busy (three files at a time), and so do
// the e2e tests (three workers). Run side by side, the suites took as long in
// all (432 s against 443 s for a fresh clone's .ci/run) and each ran at half
// speed, closer to its timeouts. Any step failing fails the run, after the
// steps running beside it have ended.
//
// Every step gets the same TMPDIR: memory (/dev/shm) where the machine has
// room there, so the tests' temporary folders, databases and Chromium
// profiles are not written to disk (scripts/test-tmpdir.mjs).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testEnv } from './test-tmpdir.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const env = testEnv();
if (env.TMPDIR && env.TMPDIR !== process.env.TMPDIR) console.log(`temporary folders in ${env.TMPDIR}`);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/**
 * Runs one step; resolves with its exit code (never rejects). `live`: its
 * output goes straight through (a step running alone); otherwise it is kept
 * and printed whole when the step ends.
 */
function step(name, command, args, { live = false } = {}) {
  const started = Date.now();
  console.log(`▶ ${name}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'] });
    const chunks = [];
    child.stdout?.on('data', (c) => chunks.push(c));
    child.stderr?.on('data', (c) => chunks.push(c));
    const done = (code) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`\n──── ${name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s ────`);
      process.stdout.write(Buffer.concat(chunks));
      resolve({ name, code, seconds });
    };
    child.on('error', (error) => {
      chunks.push(Buffer.from(`${error.stack ?? error}\n`));
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

const started = Date.now();
const results = [];
const together = async (...steps) => {
  const ended = await Promise.all(steps);
  results.push(...ended);
  return ended.every((r) => r.code === 0);
};

let ok = await together(
  step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']),
  step('lint', bin('eslint'), ['.']),
  step('build', node, ['scripts/build.mjs']),
);
if (ok) ok = await together(step('unit and integration tests', node, ['scripts/run-unit-tests.mjs'], { live: true }));
if (ok) ok = await together(step('e2e (browser host in Chromium)', node, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test'], { live: true }));
if (ok) ok = await together(step('e2e (Electron)', node, ['scripts/e2e-electron.mjs'], { live: true }));

console.log(`\n${results.map((r) => `${r.code === 0 ? '✔' : '✖'} ${r.name} (${r.seconds} s)`).join('\n')}`);
console.log(`npm test: ${ok ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(ok ? 0 : 1);
