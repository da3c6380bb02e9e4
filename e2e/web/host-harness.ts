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

/** A host's own folder: its gates (gatesIn) and the log its opener writes (QUIRE_E2E_OPENED_LOG). */
export function hostFolder(): { dir: string; gatesDir: string; openedLog: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-host-'));
  const gatesDir = path.join(dir, 'gates');
  fs.mkdirSync(gatesDir);
  return { dir, gatesDir, openedLog: path.join(dir, 'opened.log') };
}

/**
 * Puts, in `dir`/bin, the opener a host runs (xdg-open, or open on macOS), to
 * be found first on its PATH. It writes its argument to the log its
 * environment names (QUIRE_E2E_OPENED_LOG): the host's own, also where hosts
 * share a process. Returns the bin folder.
 */
export function addOpener(dir: string): string {
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir);
  for (const opener of ['xdg-open', 'open']) {
    fs.writeFileSync(path.join(binDir, opener), `#!/bin/sh\nprintf '%s\\n' "$1" >> "$QUIRE_E2E_OPENED_LOG"\n`, { mode: 0o755 });
  }
  return binDir;
}

/** `promise`, or 'timeout' after `ms`. */
export function within<T>(ms: number, promise: Promise<T>): Promise<T | 'timeout'> {
  return Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);
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

