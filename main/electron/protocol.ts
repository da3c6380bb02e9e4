// The app:// scheme the renderer is served from. Registered as privileged
// (standard, secure) so the page gets a real origin: 'self' in the CSP,
// fetch, and the renderer's own attachments all work as on https.
import { protocol } from 'electron';
import { APP_SCHEME } from '../../shared/contract/bridge';
import { createAppRequestHandler, type AppRequestOptions } from './protocol-handler';

/** Must run before the app is ready. */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Must run after the app is ready. */
export function handleAppScheme(options: AppRequestOptions): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(options));
}
