// What the Electron preload exposes to the renderer as `window.quireBridge`,
// and the app:// origin the Electron renderer is served from. The bridge is
// a Transport, so the renderer wraps it in the same client as the browser
// host's WebSocket.
import type { Transport } from './client';

export const APP_SCHEME = 'app';
export const APP_HOST = 'quire';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;
export const ATTACHMENTS_PATH = '/attachments/';

/** Where the Electron renderer loads a `file:` document's bytes from (same origin as the page). */
export function appAttachmentUrl(fileId: string): string {
  return `${APP_ORIGIN}${ATTACHMENTS_PATH}${encodeURIComponent(fileId)}`;
}

export interface QuireBridge extends Transport {
  readonly host: 'electron';
}

declare global {
  interface Window {
    /** Present only in the Electron app, put there by the preload. */
    quireBridge?: QuireBridge;
  }
}
