// Test helpers for sync: a "computer" (a user-data folder, its database and
// a SyncController, as AppCore builds them) and ways to wait on what the
// tests check, on a real server (main/testing/couch-server.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { openDatabase, type Database } from '../db/open-database';
import { DocumentStore } from '../db/document-store';
import type { SecretCipher } from '../platform/platform';
import type { SyncState } from '../../shared/contract/sync-requests';
import type { AppNotification } from '../../shared/types';
import { eventLog, until } from '../testing/until';
import { SyncController } from './sync-controller';

/**
 * A keychain for tests: AES-GCM with a key of this process, standing in for
 * Electron's safeStorage (the OS keychain), which only exists in Electron.
 */
export function testKeychain(): SecretCipher {
  const key = crypto.randomBytes(32);
  return {
    available: () => true,
    encrypt(text) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      const bytes = Buffer.from(data);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

export interface Computer {
  dir: string;
  db: Database;
  store: DocumentStore;
  sync: SyncController;
  states: ReturnType<typeof eventLog<SyncState>>;
  notifications: ReturnType<typeof eventLog<AppNotification>>;
  /** A new SyncController on the same folder and database, as after a restart of the app. */
  restartSync(options?: { secrets?: SecretCipher | null }): Promise<void>;
  close(): Promise<void>;
}

export const FAST_RETRY = { firstBackOffMs: 100, maxBackOffMs: 800, requestTimeoutMs: 5000 };

export async function computer(options: { secrets?: SecretCipher | null } = {}): Promise<Computer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-sync-'));
  const db = openDatabase(path.join(dir, 'db', 'notes'));
  const store = new DocumentStore(db);
  const states = eventLog<SyncState>();
  const notifications = eventLog<AppNotification>();
  const make = (secrets: SecretCipher | null) =>
    new SyncController({ db, userDataDir: dir, secrets, onStatus: (s) => states.push(s), notify: (n) => notifications.push(n), ...FAST_RETRY });
  const self: Computer = {
    dir, db, store, states, notifications,
    sync: make(options.secrets ?? null),
    async restartSync(again = {}) {
      await self.sync.close();
      self.sync = make(again.secrets ?? options.secrets ?? null);
      await self.sync.start();
    },
    async close() {
      await self.sync.close();
      await db.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return self;
}

/** Every document but `_local` ones, with its winning revision, conflicts and attachment bytes, sorted by id. */
export async function contents(db: Database): Promise<Record<string, unknown>[]> {
  const all = await db.allDocs({ include_docs: true, conflicts: true, attachments: true });
  return all.rows.map((row) => row.doc as Record<string, unknown>).sort((a, b) => String(a._id).localeCompare(String(b._id)));
}

/** Resolves once both databases hold the same documents, revisions and bytes, and both controllers are up to date. */
export async function converged(a: Computer, b: Computer, what = 'both computers to hold the same documents'): Promise<void> {
  let lastCompared = 0;
  await until(what, async () => {
    if (a.sync.status().state !== 'up-to-date' || b.sync.status().state !== 'up-to-date') return false;
    // Reading every document of both is not free: not more than every 100 ms, or the check slows the sync it waits for.
    if (Date.now() - lastCompared < 100) return false;
    lastCompared = Date.now();
    return isDeepStrictEqual(await contents(a.db), await contents(b.db));
  }, 180_000);
}

/** Every file under `dir`, read whole, for "the password is nowhere" checks. */
export function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  const found: { file: string; bytes: Buffer }[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    found.push({ file, bytes: fs.readFileSync(file) });
  }
  return found;
}
