// The sender check in front of dispatch(): a request is served only when it
// comes from a frame showing the app's own page. Electron-free, so a Node
// test exercises exactly what ipc.ts registers.
import type { Envelope } from '../../shared/contract/client';
import type { RequestName } from '../../shared/contract/index';
import { dispatch, type Handlers } from '../ipc/dispatch';
import { isTrustedSender } from './security';

export async function guardedDispatch(
  handlers: Handlers,
  name: RequestName,
  senderFrameUrl: string | null | undefined,
  args: unknown,
): Promise<Envelope> {
  if (!isTrustedSender(senderFrameUrl)) {
    return {
      ok: false,
      error: { name: 'UntrustedSender', message: `Refused ${name}: the request did not come from Quire's own page` },
    };
  }
  return dispatch(handlers, name, args);
}
