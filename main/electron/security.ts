// Quire's Electron security policy as plain functions and values, so a Node
// test can check every rule without an Electron binary. The Electron wiring
// (web-contents-guards.ts, protocol.ts, ipc.ts, window-options.ts) only
// applies what is decided here.
import { APP_HOST, APP_SCHEME, ATTACHMENTS_PATH } from '../../shared/contract/bridge';

export { contentSecurityPolicy, dataContentSecurityPolicy } from '../security/csp';

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Permissions a Quire page may get; everything else (camera, geolocation, …) is refused. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

function parse(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A page of the app itself: app://quire/…, but not an attachment (those are data, never pages). */
function isAppPage(url: URL | null): boolean {
  return url !== null
    && url.protocol === `${APP_SCHEME}:`
    && url.host === APP_HOST
    && url.username === ''
    && url.password === ''
    && !url.pathname.startsWith(ATTACHMENTS_PATH);
}

/** Where a window may navigate itself: only to the app's own pages. */
export function isAllowedNavigation(url: string): boolean {
  return isAppPage(parse(url));
}

/** Whether an IPC message comes from a frame showing the app's own page. */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return isAppPage(parse(frameUrl));
}

/** Links Quire hands to the OS (browser, mail client); file:, javascript:, custom schemes never. */
export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && EXTERNAL_PROTOCOLS.has(parsed.protocol);
}

export type NavigationDecision = 'allow' | 'open-external' | 'deny';

/** For will-navigate: stay in the app, or hand a web/mail link to the OS, or do nothing. */
export function decideNavigation(url: string): NavigationDecision {
  if (isAllowedNavigation(url)) return 'allow';
  return isAllowedExternalUrl(url) ? 'open-external' : 'deny';
}

/** For window.open and target=_blank: never a new app window; web/mail links go to the OS. */
export function decideWindowOpen(url: string): Exclude<NavigationDecision, 'allow'> {
  return isAllowedExternalUrl(url) ? 'open-external' : 'deny';
}

export function isAllowedPermission(permission: string, requestingUrl: string | null | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isTrustedSender(requestingUrl);
}
