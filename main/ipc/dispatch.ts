// Host-agnostic request dispatch: both the Electron IPC registration and the
// browser host's WebSocket server hand every incoming request to dispatch(),
// which checks the name against the contract, validates the arguments with
// the contract's schema and turns any failure into a plain-language envelope.
import {
  isRequestName, requests, type EventName, type EventPayload, type ParsedArgs,
  type RequestName, type RequestResult,
} from '../../shared/contract/index';
import type { Envelope } from '../../shared/contract/client';

export type Handlers = {
  [K in RequestName]: (args: ParsedArgs<K>) => Promise<RequestResult<K>> | RequestResult<K>;
};

/** Where main-side code sends events for the renderer(s). */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export async function dispatch(handlers: Handlers, name: unknown, args: unknown): Promise<Envelope> {
  if (!isRequestName(name)) {
    return { ok: false, error: { name: 'UnknownRequest', message: `Unknown request ${JSON.stringify(String(name)).slice(0, 80)}` } };
  }
  const parsed = requests[name].args.safeParse(args ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`)
      .join('; ');
    return { ok: false, error: { name: 'InvalidArguments', message: `Invalid arguments for ${name}: ${detail}` } };
  }
  try {
    const handler = handlers[name] as (args: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    return { ok: false, error: { name: err.name, message: err.message } };
  }
}
