// The native things Quire needs from its host, behind one interface. The
// Electron host implements them with dialog, Notification and shell; the
// browser host with a path prompt in the page, in-window notifications and
// xdg-open. Services depend on this interface, never on a host.
import type { AppNotification, HostKind } from '../../shared/types';

export interface Platform {
  readonly host: HostKind;
  pickFolder(options: { title: string; defaultPath?: string }): Promise<string | null>;
  notify(notification: AppNotification): void;
  openPath(path: string): Promise<void>;
  openExternal(url: string): Promise<void>;
}
