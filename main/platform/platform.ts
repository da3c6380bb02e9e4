// The native things Quire needs from its host, behind one interface. The
// Electron host implements them with dialog, Notification and shell; the
// browser host with a path prompt in the page, in-window notifications and
// xdg-open. Services depend on this interface, never on a host.
import type { AppNotification, HostKind } from '../../shared/types';

/** The OS keychain, to store a secret (sync's password) so only this user on this computer can read it back. */
export interface SecretCipher {
  /** False where there is no keychain (e.g. Linux without a secret service): nothing may then be stored. */
  available(): boolean;
  encrypt(text: string): Uint8Array;
  decrypt(data: Uint8Array): string;
}

export interface Platform {
  readonly host: HostKind;
  /** Absent (the browser host) or unavailable: secrets are kept in memory for this run only. */
  readonly secrets?: SecretCipher;
  /** `create`: the picker offers to create a folder that does not exist yet. */
  pickFolder(options: { title: string; defaultPath?: string; create?: boolean }): Promise<string | null>;
  /**
   * Shows a notification. `openFolder` is what its folder button does (AppCore
   * passes it, checked by main/app/handed-out-folders.ts); a host that shows the
   * notification outside the renderer uses it, never its own `openPath`.
   */
  notify(notification: AppNotification, openFolder?: () => Promise<void>): void;
  /** The OS opener, unchecked: only AppCore calls it, with a folder it handed out. */
  openPath(path: string): Promise<void>;
  openExternal(url: string): Promise<void>;
}
