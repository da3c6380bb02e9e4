// A real CouchDB-protocol server for the sync tests, the e2e suite and the
// bench: pouchdb-server (npm; express-pouchdb, the same HTTP API as
// CouchDB) in its own process on 127.0.0.1, its databases in a temporary
// folder (LevelDB), so it can be killed and started again with its data.
// It starts with one administrator, so wrong passwords are refused as by a
// real CouchDB. Where QUIRE_TEST_COUCHDB_URL points at an Apache CouchDB
// (https://admin:password@host:port/), `external` is set and the tests that
// must kill the server skip, saying so.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverBin = path.join(root, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server');

export const TEST_ADMIN = { user: 'admin', password: 'correct horse battery staple' };

export interface CouchServer {
  /** The server's address, ending in '/', without credentials. */
  url: string;
  admin: { user: string; password: string };
  /** Apache CouchDB from QUIRE_TEST_COUCHDB_URL: it cannot be killed or restarted. */
  external: boolean;
  /** SIGKILL: mid-request, no goodbye. */
  kill(): Promise<void>;
  /** Starts again on the same port with the same data. */
  restart(): Promise<void>;
  /** What the server printed since it last started (for failure reports). */
  output(): string;
  /** A fresh database name, unique on this server. */
  freshDatabase(prefix?: string): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const authHeader = (admin: { user: string; password: string }) =>
  `Basic ${Buffer.from(`${admin.user}:${admin.password}`).toString('base64')}`;

async function waitForServer(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server exited (${child.exitCode}):\n${output()}`);
    try {
      const answer = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`pouchdb-server did not answer within 30 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startCouchServer(): Promise<CouchServer> {
  let counter = 0;
  const fresh = (prefix = 'quire-test') => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const external = process.env.QUIRE_TEST_COUCHDB_URL;
  if (external) {
    const parsed = new URL(external);
    const admin = { user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
    parsed.username = '';
    parsed.password = '';
    const refuse = async () => {
      throw new Error('an external CouchDB cannot be killed or restarted by the tests');
    };
    return { url: parsed.href, admin, external: true, kill: refuse, restart: refuse, output: () => '', freshDatabase: fresh, stop: async () => undefined };
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-couch-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const admin = TEST_ADMIN;
  let child: ChildProcess | null = null;
  let output = '';

  const launch = async () => {
    output = '';
    // Its config.json and log.txt go into its own folder (it writes them into the working folder otherwise).
    const started = spawn(process.execPath, [serverBin, '--port', String(port), '--host', '127.0.0.1', '--dir', path.join(dir, 'db'), '--config', path.join(dir, 'config.json'), '--no-stdout-logs'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    await waitForServer(url, started, () => output);
    // The administrator, set while the server has none ("admin party"; after a restart it is in
    // config.json already, and the server asks for it): from now on a wrong password is refused.
    const headers = { 'Content-Type': 'application/json' };
    const set = (withAuth: boolean) =>
      fetch(new URL(`_config/admins/${admin.user}`, url), {
        method: 'PUT',
        body: JSON.stringify(admin.password),
        headers: withAuth ? { ...headers, Authorization: authHeader(admin) } : headers,
      });
    let answer = await set(false);
    if (answer.status === 401) answer = await set(true);
    if (!answer.ok) throw new Error(`could not set pouchdb-server's administrator: ${answer.status} ${await answer.text()}`);
  };

  const halt = async (signal: NodeJS.Signals) => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  };

  await launch();
  return {
    url,
    admin,
    external: false,
    kill: () => halt('SIGKILL'),
    restart: async () => {
      await halt('SIGKILL');
      await launch();
    },
    output: () => output,
    freshDatabase: fresh,
    async stop() {
      await halt('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a database on the server as its administrator (what a user's server would have ready). */
export async function createDatabase(server: CouchServer, name: string): Promise<void> {
  const answer = await fetch(new URL(encodeURIComponent(name), server.url), { method: 'PUT', headers: { Authorization: authHeader(server.admin) } });
  if (!answer.ok && answer.status !== 412) throw new Error(`could not create ${name}: ${answer.status} ${await answer.text()}`);
}
