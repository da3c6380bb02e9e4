// The host pool: one Node process per Playwright worker that runs the tests'
// browser hosts, each started with the built bundle's own startWebHost()
// (app/dist/web-host.mjs) on its own user-data folder and port, and closed
// with its close(), the call the host's SIGTERM handler makes. Started by
// e2e/web/pooled-host.ts, driven over Node's IPC channel:
//
//   → { type: 'start', id, userDataDir, gatesDir, openedLog }
//   ← { type: 'started', id, url, token } | { type: 'failed', id, error }
//   → { type: 'stop', id }
//   ← { type: 'stopped', id, code }       0: closed cleanly; 1: close failed
//   ← { type: 'log', id, text }           what that host logged
//
// Why: a host as its own process cost about 0.33 s of CPU to start (Node,
// the bundle, PouchDB), a third of what a short test costs in all; in this
// process a host starts in about 0.1 s. The real process, its argument
// parsing, its SIGTERM handling and its own opener stay tested where a test
// starts a host itself (fixtures.ts startWebHost) and in
// main/web-host/server.test.ts.
//
// The OS opener: each host here runs the opener command (xdg-open, or open
// on macOS) by name, as web-platform.ts does, found first on PATH, where
// pooled-host.ts put a script that writes its argument into the log named
// by QUIRE_E2E_OPENED_LOG, given to each host's opener its own.
import { GATE_FOLDERS } from './host-gates.mjs';
import { spawn } from 'node:child_process';
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
      const log = (text) => send({ type: 'log', id, text: String(text) });
      const host = await startWebHost({
        userDataDir: message.userDataDir,
        port: 0,
        rendererDir,
        log,
        launch: (target) => {
          const opener = spawn(process.platform === 'darwin' ? 'open' : 'xdg-open', [target], {
            detached: true,
            stdio: 'ignore',
            env: { ...process.env, QUIRE_E2E_OPENED_LOG: message.openedLog },
          });
          opener.on('error', (error) => log(`quire: could not open ${target}: ${error.message}`));
          opener.unref();
        },
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
