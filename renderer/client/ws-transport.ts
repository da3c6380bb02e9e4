// The browser host's Transport: the contract's requests and events over one
// WebSocket, authorised by the per-run token from the page's address. The
// socket comes back by itself after a drop (the host restarted, the laptop
// slept), with growing pauses between tries, and says so while it is away.
import type { EventName, RequestName } from '../../shared/contract/index';
import type { Envelope, Transport } from '../../shared/contract/client';
import {
  ATTACHMENTS_PATH, TOKEN_PARAM, WS_PATH, type RequestMessage, type ServerMessage,
} from '../../shared/contract/ws-messages';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** Connected again after a drop: events may have been missed, so views reload. */
  onReconnect(listener: () => void): () => void;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

export class ConnectionLostError extends Error {
  constructor() {
    super('The connection to Quire was lost before it answered. Please try again.');
    this.name = 'ConnectionLostError';
  }
}

interface Pending {
  resolve(envelope: Envelope): void;
  reject(error: Error): void;
}

const SOCKET_OPEN = 1;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;

export interface WebSocketTransportOptions {
  /** Page origin, e.g. http://127.0.0.1:4321 */
  origin: string;
  token: string;
  /** Injected so the transport can be exercised without a browser. */
  createSocket?: (url: string) => WebSocket;
}

export class WebSocketTransport implements Transport, ConnectionStatus {
  readonly host = 'web' as const;
  private socket: WebSocket | null = null;
  private nextId = 1;
  private retryMs = FIRST_RETRY_MS;
  private everOpened = false;
  private current: ConnectionState = 'connecting';
  /** Sent, waiting for their response. */
  private readonly inFlight = new Map<number, Pending>();
  /** Not sent yet because the socket is not open: safe to send after (re)connecting. */
  private readonly queue: Array<{ message: RequestMessage; pending: Pending }> = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(private readonly options: WebSocketTransportOptions) {
    this.connect();
  }

  get state(): ConnectionState {
    return this.current;
  }

  invoke(name: RequestName, args: unknown): Promise<Envelope> {
    return new Promise<Envelope>((resolve, reject) => {
      const message: RequestMessage = { type: 'request', id: this.nextId++, name, args };
      const pending = { resolve, reject };
      if (this.socket?.readyState === SOCKET_OPEN) this.send(message, pending);
      else this.queue.push({ message, pending });
    });
  }

  subscribe(name: EventName, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  attachmentUrl(fileId: string): string {
    return `${ATTACHMENTS_PATH}${encodeURIComponent(fileId)}?${TOKEN_PARAM}=${encodeURIComponent(this.options.token)}`;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private setState(state: ConnectionState) {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private connect() {
    const wsOrigin = this.options.origin.replace(/^http/, 'ws');
    const url = `${wsOrigin}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(this.options.token)}`;
    const socket = (this.options.createSocket ?? ((u) => new WebSocket(u)))(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = FIRST_RETRY_MS;
      const reconnected = this.everOpened;
      this.everOpened = true;
      // Sent before the state's listeners hear of it: one may start a long task (main.tsx's first render).
      for (const { message, pending } of this.queue.splice(0)) this.send(message, pending);
      this.setState('open');
      if (reconnected) for (const listener of this.reconnectListeners) listener();
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      // Whether the host acted on these is unknown, so they fail rather than being sent twice.
      for (const pending of this.inFlight.values()) pending.reject(new ConnectionLostError());
      this.inFlight.clear();
      this.setState(this.everOpened ? 'reconnecting' : 'connecting');
      const delay = this.retryMs * (0.75 + Math.random() * 0.5);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      setTimeout(() => this.connect(), delay);
    });
  }

  private send(message: RequestMessage, pending: Pending) {
    this.inFlight.set(message.id as number, pending);
    this.socket!.send(JSON.stringify(message));
  }

  private receive(data: unknown) {
    if (typeof data !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      console.error('Quire: unreadable message from the host');
      return;
    }
    if (message.type === 'response') {
      const pending = this.inFlight.get(message.id as number);
      this.inFlight.delete(message.id as number);
      pending?.resolve(message.envelope);
    } else if (message.type === 'event') {
      for (const listener of this.listeners.get(message.name) ?? []) {
        try {
          listener(message.payload);
        } catch (error) {
          console.error(`Quire: a listener for ${message.name} failed`, error);
        }
      }
    } else if (message.type === 'error') {
      console.error(`Quire host: ${message.message}`);
      if (message.id !== undefined) {
        this.inFlight.get(message.id as number)?.reject(new Error(message.message));
        this.inFlight.delete(message.id as number);
      }
    }
  }
}
