// For the CLI's tests: a command run in this process with its output
// captured, and a temporary folder removed when the test's `using` ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliIO } from './command';
import { main } from './quire';

export async function runCli(argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIO = { out: (l) => stdout.push(l), err: (l) => stderr.push(l), status: null };
  const code = await main(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout.at(-1)!) as Record<string, unknown> };
}

export function tempDir(prefix = 'quire-cli-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, [Symbol.dispose]: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
