// The browser host's wire format: JSON text frames over one WebSocket. The
// request names, argument schemas and event names are the contract's
// (./index.ts); this file only wraps them for the socket.
import type { Envelope } from './client';

/** Where the WebSocket lives and where attachments are served, both behind the per-run token. */
export const WS_PATH = '/ws';
export const ATTACHMENTS_PATH = '/attachments/';
export const TOKEN_PARAM = 'token';

/**
 * Largest frame either side accepts: a 10 MiB attachment as base64 plus its
 * envelope fits, and so does an 8 MB note body as JSON even when most of its
 * characters are escaped (a newline or quote takes two bytes, a control
 * character six).
 */
export const MAX_MESSAGE_BYTES = 52 * 1024 * 1024;

export type RequestId = number | string;

/** Renderer → host. */
export interface RequestMessage {
  type: 'request';
  id: RequestId;
  name: string;
  args: unknown;
}

/** Host → renderer. */
export type ServerMessage =
  | { type: 'response'; id: RequestId; envelope: Envelope }
  | { type: 'event'; name: string; payload: unknown }
  /** A frame the host could not read at all (not JSON, or a request without an id). */
  | { type: 'error'; id?: RequestId; message: string };
