// Sync's setting, the server this installation syncs with, in
// <userData>/sync-settings.json, and its password, encrypted with the OS
// keychain (Electron's safeStorage) in <userData>/sync-password.bin. The
// settings file never holds the password; where there is no keychain the
// password is not written anywhere and is asked for again at start. Both
// are written atomically (temporary file, fsync, rename, fsync of the folder).
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AtomicWriter } from '../backup/atomic-write';
import type { SecretCipher } from '../platform/platform';

export const SYNC_SETTINGS_FILE = 'sync-settings.json';
export const SYNC_PASSWORD_FILE = 'sync-password.bin';
const WRITER_TAG = 'sync';

export interface SyncSettings {
  /** The server's address as the user gave it. */
  url: string;
  user: string;
  database: string;
  /** When sync last caught up, ISO; null before the first full sync ended (its progress bar shows again). */
  lastSyncAt: string | null;
}

const writer = (userDataDir: string) => new AtomicWriter(userDataDir, WRITER_TAG);

/** The saved server, or null: none, or a file that cannot be read as one (nothing is guessed). */
export async function readSyncSettings(userDataDir: string): Promise<SyncSettings | null> {
  let raw: string;
  try {
    raw = await fsp.readFile(path.join(userDataDir, SYNC_SETTINGS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (typeof v.url !== 'string' || typeof v.database !== 'string' || !v.url || !v.database) return null;
    return {
      url: v.url,
      user: typeof v.user === 'string' ? v.user : '',
      database: v.database,
      lastSyncAt: typeof v.lastSyncAt === 'string' ? v.lastSyncAt : null,
    };
  } catch {
    return null;
  }
}

export async function writeSyncSettings(userDataDir: string, settings: SyncSettings): Promise<void> {
  await fsp.mkdir(userDataDir, { recursive: true });
  await writer(userDataDir).write(SYNC_SETTINGS_FILE, `${JSON.stringify({ version: 1, ...settings }, null, 2)}\n`);
}

/** Forgets the server and the password (Disconnect). */
export async function removeSyncSettings(userDataDir: string): Promise<void> {
  await fsp.rm(path.join(userDataDir, SYNC_PASSWORD_FILE), { force: true });
  await fsp.rm(path.join(userDataDir, SYNC_SETTINGS_FILE), { force: true });
}

/** Stores the password with the keychain; false (and nothing written) where there is none. */
export async function storePassword(userDataDir: string, cipher: SecretCipher | null, password: string): Promise<boolean> {
  if (!cipher?.available()) {
    await fsp.rm(path.join(userDataDir, SYNC_PASSWORD_FILE), { force: true });
    return false;
  }
  await writer(userDataDir).write(SYNC_PASSWORD_FILE, cipher.encrypt(password));
  return true;
}

/** The stored password, or null: none stored, no keychain, or one the keychain cannot open any more. */
export async function readPassword(userDataDir: string, cipher: SecretCipher | null): Promise<string | null> {
  if (!cipher?.available()) return null;
  try {
    return cipher.decrypt(await fsp.readFile(path.join(userDataDir, SYNC_PASSWORD_FILE)));
  } catch {
    return null;
  }
}
