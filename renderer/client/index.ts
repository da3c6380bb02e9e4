// The renderer's one client. The transport is chosen here, at the edge, and
// nowhere else: the Electron preload's bridge when it is there, else the
// browser host's WebSocket. Everything else imports `client` and never knows
// which host it runs in.
import { createClient, type QuireClient } from '../../shared/contract/client';
import { TOKEN_PARAM } from '../../shared/contract/ws-messages';
import { findElectronTransport } from './electron-transport';
import { WebSocketTransport, type ConnectionStatus } from './ws-transport';

/** Thrown at start when the page was opened without the browser host's token. */
export class MissingTokenError extends Error {
  constructor() {
    super('Open Quire with the full address printed by `npm run start:web`: it includes the access token.');
    this.name = 'MissingTokenError';
  }
}

function webTransport(): WebSocketTransport {
  const token = new URLSearchParams(window.location.search).get(TOKEN_PARAM);
  if (!token) throw new MissingTokenError();
  return new WebSocketTransport({ origin: window.location.origin, token });
}

const electron = findElectronTransport();
const web = electron ? null : (() => {
  try {
    return webTransport();
  } catch (error) {
    return error as Error;
  }
})();

/** Why the client could not be made (the page has no token), or null. */
export const startupError: Error | null = web instanceof Error ? web : null;

const transport = electron ?? (web instanceof WebSocketTransport ? web : null);

/** A client whose every call fails with the start-up error: the page shows that error instead of the app. */
const unavailable = createClient({
  host: 'web',
  invoke: () => Promise.reject(startupError),
  subscribe: () => () => undefined,
  attachmentUrl: () => '',
});

export const client: QuireClient = transport ? createClient(transport) : unavailable;

const alwaysOpen: ConnectionStatus = {
  state: 'open',
  onReconnect: () => () => undefined,
  onStateChange: () => () => undefined,
};

/** The WebSocket's connection state; Electron's IPC is always connected. */
export const connection: ConnectionStatus = web instanceof WebSocketTransport ? web : alwaysOpen;
