// The Electron app's Transport: the preload's `window.quireBridge` already
// speaks the Transport interface, so this only finds it.
import type { Transport } from '../../shared/contract/client';
import type { QuireBridge } from '../../shared/contract/bridge';

/** The bridge when running inside the Electron app, else null (the browser host). */
export function findElectronTransport(
  bridge: QuireBridge | undefined = typeof window === 'undefined' ? undefined : window.quireBridge,
): Transport | null {
  if (!bridge || bridge.host !== 'electron') return null;
  // Calls go through the bridge object each time: contextBridge hands the page proxied functions, not plain ones.
  return {
    host: 'electron',
    invoke: (name, args) => bridge.invoke(name, args),
    subscribe: (name, listener) => bridge.subscribe(name, listener),
    attachmentUrl: (fileId) => bridge.attachmentUrl(fileId),
  };
}
