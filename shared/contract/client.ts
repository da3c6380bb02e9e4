// The renderer's one client. It speaks to a Transport (Electron's preload
// bridge or the browser host's WebSocket) and never knows which one.
import type {
  EventName, EventPayload, RequestArgs, RequestName, RequestResult,
} from './index';
import type { HostKind } from '../types';

/** What crosses the wire for a request's outcome: errors travel as data, not as rejections. */
export type Envelope =
  | { ok: true; value: unknown }
  | { ok: false; error: { name: string; message: string } };

export interface Transport {
  readonly host: HostKind;
  invoke(name: RequestName, args: unknown): Promise<Envelope>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
  /** A URL the renderer can put in <img src> for an attachment's bytes. */
  attachmentUrl(fileId: string): string;
}

/**
 * The error name of a notes.summaries cursor whose list the host no longer
 * keeps. Here, not beside the request: the renderer imports this file, and
 * the requests' file would bring zod (450 KB) into its bundle.
 */
export const LISTING_GONE = 'ListingGone';

/** An error raised in the main process, carried to the renderer with its plain-language message. */
export class RemoteError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface QuireClient {
  readonly host: HostKind;
  invoke<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResult<K>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
  attachmentUrl(fileId: string): string;
}

export function createClient(transport: Transport): QuireClient {
  return {
    host: transport.host,
    async invoke(name, args) {
      const envelope = await transport.invoke(name, args);
      if (!envelope.ok) throw new RemoteError(envelope.error.name, envelope.error.message);
      return envelope.value as never;
    },
    on(name, listener) {
      return transport.subscribe(name, listener as (payload: unknown) => void);
    },
    attachmentUrl: (fileId) => transport.attachmentUrl(fileId),
  };
}
