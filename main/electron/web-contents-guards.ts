// Applies the navigation and permission rules of security.ts to Electron
// objects. Types only from electron: the opener is passed in, so a Node test
// can drive these guards with a stand-in for WebContents.
import type { Session, WebContents } from 'electron';
import { decideNavigation, decideWindowOpen, isAllowedPermission } from './security';

export type OpenExternal = (url: string) => void;

export function guardWebContents(contents: WebContents, openExternal: OpenExternal): void {
  const onNavigate = (event: { preventDefault(): void }, url: string) => {
    const decision = decideNavigation(url);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'open-external') openExternal(url);
  };
  contents.on('will-navigate', onNavigate);
  // A redirect to elsewhere is a navigation away too, but never a click: no opening in the browser.
  contents.on('will-redirect', (event, url) => {
    if (decideNavigation(url) !== 'allow') event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (decideWindowOpen(url) === 'open-external') openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isAllowedPermission(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isAllowedPermission(permission, requestingOrigin),
  );
}
