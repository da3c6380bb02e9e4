// The Platform of the Electron host: native folder picker, OS notifications,
// the OS file manager and browser.
import { BrowserWindow, Notification, safeStorage, shell } from 'electron';
import type { AppNotification } from '../../shared/types';
import type { EventSink } from '../ipc/dispatch';
import type { Platform, SecretCipher } from '../platform/platform';
import { pickFolderDialog } from './dialogs';
import { isAllowedExternalUrl } from './security';

async function openPath(target: string): Promise<void> {
  // shell.openPath resolves with an error message, or '' when it worked.
  const problem = await shell.openPath(target);
  if (problem) throw new Error(`Could not open ${target}: ${problem}`);
}

function showOsNotification(notification: AppNotification, openFolder?: () => Promise<void>): void {
  if (!Notification.isSupported()) return;
  const os = new Notification({ title: notification.title, body: notification.body ?? '' });
  // The click opens the folder through AppCore's check, as the in-window button does.
  if (openFolder) os.on('click', () => void openFolder().catch(() => undefined));
  os.show();
}

/**
 * safeStorage: the macOS Keychain, Windows DPAPI, the Secret Service or
 * KWallet on Linux. Linux without one falls back to a fixed key
 * ('basic_text'), which protects nothing: that counts as no keychain.
 */
const keychain: SecretCipher = {
  available: () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (text) => safeStorage.encryptString(text),
  decrypt: (data) => safeStorage.decryptString(Buffer.from(data)),
};

export function createElectronPlatform(events: EventSink): Platform {
  return {
    host: 'electron',
    secrets: keychain,
    pickFolder: (options) => pickFolderDialog(options),
    notify(notification, openFolder) {
      // The in-window toast always; the OS notification only when the user is
      // in another app, where the toast would go unseen.
      events.emit('app.notification', notification);
      if (!BrowserWindow.getFocusedWindow()) showOsNotification(notification, openFolder);
    },
    openPath,
    async openExternal(url) {
      if (!isAllowedExternalUrl(url)) throw new Error(`Quire opens only web and mail links in other apps, not ${url}`);
      await shell.openExternal(url);
    },
  };
}
