// Reads one frame from a renderer and works out the reply: requests go
// through the same dispatch() as Electron's IPC (name and arguments checked
// against the contract); frames that are not JSON or lack an id are answered
// with an error; other message types are ignored, so a newer renderer can
// add some without breaking an older host.
import { dispatch, type EventSink, type Handlers } from '../ipc/dispatch';
import type { RequestId, ServerMessage } from '../../shared/contract/ws-messages';
import type { EventName, EventPayload } from '../../shared/contract/index';

const isRequestId = (value: unknown): value is RequestId =>
  (typeof value === 'string' && value.length > 0 && value.length <= 128) ||
  (typeof value === 'number' && Number.isSafeInteger(value));

export async function replyTo(frame: string, handlers: Handlers): Promise<ServerMessage | null> {
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return { type: 'error', message: 'The browser host could not read a message: it is not valid JSON.' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { type: 'error', message: 'The browser host could not read a message: it is not a JSON object.' };
  }
  const { type, id, name, args } = message as Record<string, unknown>;
  if (type !== 'request') return null;
  if (!isRequestId(id)) {
    return { type: 'error', message: 'The browser host received a request without a valid id.' };
  }
  return { type: 'response', id, envelope: await dispatch(handlers, name, args) };
}

export interface Socket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  terminate(): void;
}

const OPEN = 1;
/** A renderer this far behind on events is stuck; dropping it makes it reconnect and reload. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** Sends every event to every connected renderer. */
export class Broadcaster implements EventSink {
  readonly sockets = new Set<Socket>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (this.sockets.size === 0) return;
    const frame = JSON.stringify({ type: 'event', name, payload } satisfies ServerMessage);
    for (const socket of this.sockets) send(socket, frame);
  }
}

export function send(socket: Socket, frame: string): void {
  if (socket.readyState !== OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.terminate();
    return;
  }
  socket.send(frame);
}
