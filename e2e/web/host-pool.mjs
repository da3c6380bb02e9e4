// The host pool: one Node process per Playwright worker that runs the tests'
// browser hosts, each started with the built bundle's own startWebHost()
// (app/dist/web-host.mjs) on its own user-data folder and port, and closed
// with its close(), the call the host's SIGTERM handler makes. Started by
// e2e/web/fixtures.ts, driven over Node's IPC channel:
//
//   → { type: 'start', id, userDataDir, gatesDir }
//   ← { type: 'started', id, url, token } | { type: 'failed', id, error }
//   → { type: 'stop', id }
//   ← { type: 'stopped', id, code }       0: closed cleanly; 1: close failed
//   ← { type: 'log', id, text }           what that host logged
//
// Why: a host as its own process cost about 0.33 s of CPU to start (Node,
// the bundle, PouchDB), a third of what a short test costs in all; in this
// process a host starts in about 0.1 s. The real process, its argument
// parsing and its SIGTERM handling stay tested where a test starts a host
// itself (fixtures.ts startWebHost) and in main/web-host/server.test.ts.
//
// The OS opener is the real one (web-platform.ts spawns xdg-open, or open on
// macOS), found first on PATH: fixtures.ts puts a script there that writes
// down what it was asked to open.
import { GATE_FOLDERS } from './host-gates.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { startWebHost } = await import(path.join(root, 'app', 'dist', 'web-host.mjs'));
const rendererDir = path.join(root, 'app', 'dist', 'renderer');
const gateFolders = globalThis[GATE_FOLDERS];
const hosts = new Map();

const send = (message) => process.send?.(message);

process.on('message', async (message) => {
  const { type, id } = message;
  if (type === 'start') {
    gateFolders.set(path.resolve(message.userDataDir), message.gatesDir);
    try {
      const host = await startWebHost({
        userDataDir: message.userDataDir,
        port: 0,
        rendererDir,
        log: (text) => send({ type: 'log', id, text: String(text) }),
      });
      hosts.set(id, { host, userDataDir: path.resolve(message.userDataDir) });
      send({ type: 'started', id, url: host.url, token: host.token });
    } catch (error) {
      gateFolders.delete(path.resolve(message.userDataDir));
      send({ type: 'failed', id, error: String(error?.stack ?? error) });
    }
  } else if (type === 'stop') {
    const entry = hosts.get(id);
    if (!entry) return send({ type: 'stopped', id, code: null });
    let code = 0;
    try {
      await entry.host.close();
    } catch (error) {
      // What the host's own SIGTERM handler prints before it exits with 1.
      send({ type: 'log', id, text: `quire: could not close the database cleanly: ${error.message}` });
      code = 1;
    }
    hosts.delete(id);
    if (![...hosts.values()].some((h) => h.userDataDir === entry.userDataDir)) gateFolders.delete(entry.userDataDir);
    send({ type: 'stopped', id, code });
  }
});

// The worker that started this pool is gone (finished, or killed): so is the pool.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
