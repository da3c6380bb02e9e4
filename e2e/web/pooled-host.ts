// This Playwright worker's host pool (host-pool.mjs): started with the
// worker's first host, started again if it ever dies, ended with the worker.
// Each host it runs has the same WebHost surface as one run as a process of
// its own; stop() resolves with 0 once the host has closed cleanly (its
// database and search index saved, its connections closed), 1 if closing
// failed, or the pool's exit code if the pool died under it.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addOpener, gatesIn, hostFolder, readLines, within, type WebHost } from './host-harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const poolScript = path.join(root, 'e2e', 'web', 'host-pool.mjs');
const hostScript = path.join(root, 'app', 'dist', 'web-host.mjs');

type FromPool =
  | { type: 'ready' }
  | { type: 'started'; id: number; url: string; token: string }
  | { type: 'failed'; id: number; error: string }
  | { type: 'stopped'; id: number; code: number | null }
  | { type: 'log'; id: number; text: string };

interface Running {
  output: string;
  settle?: (message: FromPool) => void;
}

class HostPool {
  private readonly child: ChildProcess;
  /** The pool's own folder: the opener its hosts find on PATH. */
  private readonly folder = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-e2e-pool-'));
  private readonly running = new Map<number, Running>();
  private nextId = 1;
  readonly ready: Promise<void>;
  /** Resolves with the pool's exit code once it has exited. */
  readonly exited: Promise<number | null>;
  alive = true;

  constructor() {
    this.child = fork(poolScript, [], {
      cwd: root,
      // Not the worker's own flags (Playwright's loaders): the pool runs plain Node on the built bundle.
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, PATH: `${addOpener(this.folder)}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    // What the pool prints outside any host's log (an uncaught error, a warning) goes to every host running.
    const printed = (chunk: Buffer) => {
      for (const host of this.running.values()) host.output += chunk.toString();
    };
    this.child.stdout!.on('data', printed);
    this.child.stderr!.on('data', printed);
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    // A send to a pool that has just died (its exit not heard yet) is an 'error' event: the exit settles what waits.
    this.child.on('error', () => undefined);
    this.ready = new Promise((resolve, reject) => {
      this.child.once('message', (message: FromPool) => (message.type === 'ready' ? resolve() : reject(new Error(`host pool: ${JSON.stringify(message)}`))));
      void this.exited.then((code) => reject(new Error(`the host pool exited (${code}) before it was ready`)));
    });
    this.child.on('message', (message: FromPool) => {
      if (message.type === 'ready') return;
      const host = this.running.get(message.id);
      if (!host) return;
      if (message.type === 'log') host.output += `${message.text}\n`;
      else host.settle?.(message);
    });
    const removeHarness = () => fs.rmSync(this.folder, { recursive: true, force: true });
    // The worker ending ends the pool (it exits when its IPC channel closes), but this process is gone
    // by then and hears nothing of it: its own exit removes the pool's folder.
    process.on('exit', removeHarness);
    void this.exited.then((code) => {
      this.alive = false;
      for (const host of this.running.values()) {
        host.output += `\nthe host pool exited (${code})\n`;
        host.settle?.({ type: 'stopped', id: 0, code });
      }
      process.off('exit', removeHarness);
      removeHarness();
    });
  }

  private request(id: number, message: object): Promise<FromPool> {
    const host = this.running.get(id)!;
    return new Promise((resolve) => {
      host.settle = (answer) => {
        host.settle = undefined;
        resolve(answer);
      };
      if (this.alive && this.child.connected) this.child.send(message);
      else resolve({ type: 'stopped', id, code: this.child.exitCode });
    });
  }

  async start(userDataDir: string): Promise<WebHost> {
    await this.ready;
    const id = this.nextId++;
    const { dir: hostDir, gatesDir, openedLog } = hostFolder();
    const host: Running = { output: '' };
    this.running.set(id, host);
    const answer = await within(20_000, this.request(id, { type: 'start', id, userDataDir, gatesDir, openedLog }));
    if (answer === 'timeout' || answer.type !== 'started') {
      this.running.delete(id);
      fs.rmSync(hostDir, { recursive: true, force: true });
      if (answer === 'timeout') {
        // Whatever it is stuck on, the next test gets a new pool.
        this.child.kill('SIGKILL');
        throw new Error(`the browser host did not start within 20 s:\n${host.output}`);
      }
      throw new Error(`the browser host did not start: ${answer.type === 'failed' ? answer.error : `the pool exited (${JSON.stringify(answer)})`}\n${host.output}`);
    }
    let stopped: Promise<number | null> | null = null;
    return {
      url: answer.url,
      origin: new URL(answer.url).origin,
      token: answer.token,
      userDataDir,
      output: () => host.output,
      opened: () => readLines(openedLog),
      gates: gatesIn(gatesDir),
      stop: () => {
        stopped ??= (async () => {
          const result = await within(15_000, this.request(id, { type: 'stop', id }));
          this.running.delete(id);
          fs.rmSync(hostDir, { recursive: true, force: true });
          if (result === 'timeout') {
            // The pool may be stuck on that host for good: the next test gets a new one.
            this.child.kill('SIGKILL');
            throw new Error(`the browser host did not close within 15 s:\n${host.output}`);
          }
          return result.type === 'stopped' ? result.code : null;
        })();
        return stopped;
      },
    };
  }
}

let pool: HostPool | null = null;

/** A browser host from this worker's pool on `userDataDir` (see the top of this file). */
export async function startPooledHost(userDataDir: string): Promise<WebHost> {
  if (!fs.existsSync(hostScript)) throw new Error(`${hostScript} is missing: run \`npm run build\` first.`);
  if (!pool?.alive) pool = new HostPool();
  return pool.start(userDataDir);
}
