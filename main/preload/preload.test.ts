// Runs the bundled preload the way Electron's sandbox does: a CommonJS
// script whose only `require` is 'electron'. Electron itself cannot run
// here, so a stand-in for its contextBridge and ipcRenderer records what the
// preload exposes and which channels it uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { EVENT_NAMES, REQUEST_NAMES, eventChannel, requestChannel } from '../../shared/contract/index';
import type { QuireBridge } from '../../shared/contract/bridge';
import { contractArguments } from './contract-args';

const root = path.resolve(import.meta.dirname, '../..');

/** Bundled with the options scripts/build.mjs uses for app/dist/preload.cjs. */
async function bundlePreload(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-preload-'));
  const outfile = path.join(outDir, 'preload.cjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['main/preload/preload.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'silent',
  });
  const code = fs.readFileSync(outfile, 'utf8');
  fs.rmSync(outDir, { recursive: true, force: true });
  return code;
}

let bundled: Promise<string> | undefined;
const preloadCode = () => (bundled ??= bundlePreload());

interface Recorded {
  exposed: Map<string, unknown>;
  invoked: Array<{ channel: string; args: unknown }>;
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  required: string[];
}

function runPreload(code: string, argv: string[]): Recorded {
  const recorded: Recorded = { exposed: new Map(), invoked: [], listeners: new Map(), required: [] };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, args: unknown) => {
        recorded.invoked.push({ channel, args });
        return Promise.resolve({ ok: true, value: channel });
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        if (!recorded.listeners.has(channel)) recorded.listeners.set(channel, new Set());
        recorded.listeners.get(channel)!.add(listener);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
        recorded.listeners.get(channel)?.delete(listener);
      },
    },
  };
  const sandboxRequire = (id: string) => {
    recorded.required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  const module = { exports: {} };
  const run = vm.runInNewContext(`(function (require, module, exports, process) {\n${code}\n})`, {});
  run(sandboxRequire, module, module.exports, { argv: ['electron', ...argv] });
  return recorded;
}

test('the preload bundle is small, needs only electron, and writes no channel by hand', async () => {
  const code = await preloadCode();
  assert.ok(code.length < 16_000, `preload bundle is ${code.length} bytes; it should not carry zod or other libraries`);
  assert.doesNotMatch(code, /zod/i);
  const requires = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(requires)], ['electron']);
  for (const name of REQUEST_NAMES) assert.ok(!code.includes(requestChannel(name)), `literal channel for ${name}`);
  for (const name of EVENT_NAMES) assert.ok(!code.includes(eventChannel(name)), `literal channel for ${name}`);
});

test('the preload exposes only quireBridge, and every request goes to its contract channel', async () => {
  const recorded = runPreload(await preloadCode(), contractArguments(REQUEST_NAMES, EVENT_NAMES));
  assert.deepEqual([...recorded.exposed.keys()], ['quireBridge']);
  assert.deepEqual(recorded.required, ['electron']);
  const bridge = recorded.exposed.get('quireBridge') as QuireBridge;
  assert.equal(bridge.host, 'electron');
  assert.deepEqual(Object.keys(bridge).sort(), ['attachmentUrl', 'host', 'invoke', 'subscribe']);

  for (const name of REQUEST_NAMES) {
    assert.deepEqual(await bridge.invoke(name, { probe: name }), { ok: true, value: requestChannel(name) });
  }
  assert.deepEqual(recorded.invoked.map((call) => call.channel), REQUEST_NAMES.map(requestChannel));
  assert.deepEqual(recorded.invoked[0]!.args, { probe: REQUEST_NAMES[0] });
});

test('names outside the contract are refused without touching IPC', async () => {
  const recorded = runPreload(await preloadCode(), contractArguments(REQUEST_NAMES, EVENT_NAMES));
  const bridge = recorded.exposed.get('quireBridge') as QuireBridge;
  await assert.rejects(bridge.invoke('fs.readFile' as never, {}), /Unknown request "fs\.readFile"/);
  await assert.rejects(bridge.invoke('__proto__' as never, {}), /Unknown request/);
  assert.throws(() => bridge.subscribe('anything' as never, () => undefined), /Unknown event "anything"/);
  assert.equal(recorded.invoked.length, 0);
  assert.equal(recorded.listeners.size, 0);
});

test('without the contract arguments the bridge refuses everything (fails closed)', async () => {
  const recorded = runPreload(await preloadCode(), []);
  const bridge = recorded.exposed.get('quireBridge') as QuireBridge;
  await assert.rejects(bridge.invoke('app.info', {}), /Unknown request/);
  assert.equal(recorded.invoked.length, 0);
});

test('events arrive on their contract channel, without the IPC event object, until unsubscribed', async () => {
  const recorded = runPreload(await preloadCode(), contractArguments(REQUEST_NAMES, EVENT_NAMES));
  const bridge = recorded.exposed.get('quireBridge') as QuireBridge;
  for (const name of EVENT_NAMES) {
    const received: unknown[][] = [];
    const unsubscribe = bridge.subscribe(name, (...args: unknown[]) => received.push(args));
    const listeners = recorded.listeners.get(eventChannel(name));
    assert.equal(listeners?.size, 1, `one listener on ${eventChannel(name)}`);
    for (const listener of listeners!) listener({ sender: 'ipc-event-internals' }, { n: 1 });
    assert.deepEqual(received, [[{ n: 1 }]]);
    unsubscribe();
    assert.equal(recorded.listeners.get(eventChannel(name))?.size, 0);
  }
});

test('attachment URLs point at the app:// origin with the id encoded', async () => {
  const recorded = runPreload(await preloadCode(), contractArguments(REQUEST_NAMES, EVENT_NAMES));
  const bridge = recorded.exposed.get('quireBridge') as QuireBridge;
  assert.equal(bridge.attachmentUrl('file:a/b c?'), 'app://quire/attachments/file%3Aa%2Fb%20c%3F');
});
