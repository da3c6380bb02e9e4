// What every browser host a test starts gets around it, whether it runs as
// its own process (fixtures.ts startWebHost) or in the worker's host pool
// (pooled-host.ts): a gates folder (host-gates.mjs) and an opener on PATH
// that writes down what the host asked the OS to open.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';

export type GateName = 'restore-write' | 'scan';

/** Holds the host's work at a known point (see host-gates.mjs), so a test sees what the window shows meanwhile. */
export interface HostGates {
  /** Closes the gate: `value` is the number of calls let through first (restore-write) or the folder (scan). */
  close(name: GateName, value?: string | number): void;
  /** Resolves once the host is waiting at the gate. */
  held(name: GateName): Promise<void>;
  open(name: GateName): void;
}

export interface WebHost {
  /** The address to open, token included. */
  url: string;
  origin: string;
  token: string;
  userDataDir: string;
  /** Everything the host printed, for assertions and failure reports. */
  output(): string;
  /** What the host asked the OS to open (folders, links), in order. */
  opened(): string[];
  gates: HostGates;
  stop(): Promise<number | null>;
}

/** A folder for what a host's harness needs: its gates, and an opener on PATH that writes down its argument. */
export function makeHarness(): { harness: string; gatesDir: string; binDir: string; openedLog: string } {
  const harness = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-host-'));
  const gatesDir = path.join(harness, 'gates');
  const binDir = path.join(harness, 'bin');
  const openedLog = path.join(harness, 'opened.log');
  fs.mkdirSync(gatesDir);
  fs.mkdirSync(binDir);
  // The opener the host runs (xdg-open, or open on macOS), found first on its PATH. It writes to the
  // log its environment names (QUIRE_E2E_OPENED_LOG): the host's own, also where hosts share a process.
  for (const opener of ['xdg-open', 'open']) {
    fs.writeFileSync(path.join(binDir, opener), `#!/bin/sh\nprintf '%s\\n' "$1" >> "$QUIRE_E2E_OPENED_LOG"\n`, { mode: 0o755 });
  }
  return { harness, gatesDir, binDir, openedLog };
}

export const readLines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

export function gatesIn(gatesDir: string): HostGates {
  return {
    close: (name, value = '') => fs.writeFileSync(path.join(gatesDir, name), String(value)),
    held: (name) => expect.poll(() => fs.existsSync(path.join(gatesDir, `${name}.held`)), { message: `the host waits at the gate ${name}` }).toBe(true),
    open: (name) => {
      fs.rmSync(path.join(gatesDir, name), { force: true });
      fs.rmSync(path.join(gatesDir, `${name}.held`), { force: true });
    },
  };
}

