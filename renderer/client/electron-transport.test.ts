// The renderer's one client works over the Electron bridge exactly as over
// the WebSocket: requests, error envelopes, events, attachment URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient, RemoteError } from '../../shared/contract/client';
import type { QuireBridge } from '../../shared/contract/bridge';
import { findElectronTransport } from './electron-transport';

test('no bridge (the browser host) means no Electron transport', () => {
  assert.equal(findElectronTransport(undefined), null);
});

test('the client speaks through the bridge and unwraps its envelopes', async () => {
  const listeners = new Map<string, (payload: unknown) => void>();
  const bridge: QuireBridge = {
    host: 'electron',
    invoke: async (name) =>
      name === 'app.stats'
        ? { ok: false, error: { name: 'WriteError', message: 'disk full' } }
        : { ok: true, value: { name } },
    subscribe: (name, listener) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
    attachmentUrl: (id) => `app://quire/attachments/${encodeURIComponent(id)}`,
  };
  const client = createClient(findElectronTransport(bridge)!);
  assert.equal(client.host, 'electron');
  assert.deepEqual(await client.invoke('app.info', {}), { name: 'app.info' });
  await assert.rejects(client.invoke('app.stats', {}), (error: unknown) =>
    error instanceof RemoteError && error.name === 'WriteError' && error.message === 'disk full');
  const seen: unknown[] = [];
  const off = client.on('db.changed', (payload) => seen.push(payload));
  listeners.get('db.changed')!({ seq: 1, ids: ['note:a'] });
  off();
  assert.deepEqual(seen, [{ seq: 1, ids: ['note:a'] }]);
  assert.equal(listeners.size, 0);
  assert.equal(client.attachmentUrl('file:x'), 'app://quire/attachments/file%3Ax');
});
