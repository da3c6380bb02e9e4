// Sync in the app: the server in the settings, its password (keychain, or
// this run's memory where there is none), the live sync's lifecycle, and
// the state Preferences › Sync and the status bar show. Changes that arrive
// from the server are ordinary writes to the local database, so the note
// list, search, counts and the backup mirror follow them as they follow an
// edit (AppCore's changes feed, the backup runner's checkpoint).
import type { Database } from '../db/open-database';
import type { SecretCipher } from '../platform/platform';
import type { AppNotification } from '../../shared/types';
import type { SyncConnectResult, SyncState, SyncTarget } from '../../shared/contract/sync-requests';
import { checkServer } from './server-check';
import { checkDatabaseName, checkUserName, parseServerAddress } from './server-address';
import { describeSyncError, SyncInputError } from './sync-errors';
import { LiveSync, type EngineState } from './live-sync';
import { openRemoteDatabase, type RemoteDatabase } from './remote-database';
import { refuseIncomingFrom } from './incoming';
import {
  readPassword, readSyncSettings, removeSyncSettings, storePassword, writeSyncSettings, type SyncSettings,
} from './sync-settings';

export interface SyncControllerOptions {
  db: Database;
  userDataDir: string;
  secrets: SecretCipher | null;
  onStatus(state: SyncState): void;
  notify?(notification: AppNotification): void;
  /**
   * Before the first sync with a server that already holds notes (another
   * computer's): AppCore removes this install's untouched welcome notebook
   * and note, so joining a sync brings no second "My Notebook".
   */
  beforeJoining?(): Promise<void>;
  /** Tests shorten these; the defaults suit a person's network. */
  requestTimeoutMs?: number;
  firstBackOffMs?: number;
  maxBackOffMs?: number;
}

/** Progress reaches the window at most this often. */
const STATUS_INTERVAL_MS = 200;

export class SyncController {
  private settings: SyncSettings | null = null;
  /** Where there is no keychain: the password given in this run. */
  private passwordInMemory: string | null = null;
  private live: LiveSync | null = null;
  private remote: RemoteDatabase | null = null;
  private current: SyncState = { state: 'off' };
  private lastSent = 0;
  private pendingStatus: NodeJS.Timeout | null = null;
  /** Connect, Disconnect and start run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SyncControllerOptions) {}

  /** Starts syncing with the saved server, if there is one. */
  start(): Promise<void> {
    return this.serial(async () => {
      this.settings = await readSyncSettings(this.options.userDataDir).catch(() => null);
      if (!this.settings) return this.setState({ state: 'off' });
      const password = await readPassword(this.options.userDataDir, this.options.secrets);
      if (password === null && this.settings.user) return this.setState({ state: 'needs-password', ...this.target() });
      await this.begin(password ?? '');
    });
  }

  status(): SyncState {
    return this.current;
  }

  /** Whether the password given at Connect was stored (false: asked again at the next start). */
  get keychainAvailable(): boolean {
    return this.options.secrets?.available() ?? false;
  }

  connect(input: SyncTarget & { password: string }): Promise<SyncConnectResult> {
    return this.serial(async (): Promise<SyncConnectResult> => {
      let server: URL;
      let database: string;
      let password = input.password;
      try {
        server = parseServerAddress(input.url);
        database = checkDatabaseName(input.database);
        input = { ...input, user: checkUserName(input.user) };
        // Connect Again with the password field left empty: the password kept for the same server and user.
        if (input.user && !password && this.settings?.url === server.href && this.settings.user === input.user) {
          password = this.passwordInMemory ?? (await readPassword(this.options.userDataDir, this.options.secrets)) ?? '';
        }
        if (input.user && !password) throw new SyncInputError('Enter the password for this user name.', 'password');
        await checkServer(server, database, { user: input.user, password }, this.timeouts());
      } catch (error) {
        return { ok: false, message: describeSyncError(error), field: error instanceof SyncInputError ? error.field : null };
      }
      await this.halt();
      const same = this.settings && this.settings.url === server.href && this.settings.database === database && this.settings.user === input.user;
      this.settings = { url: server.href, user: input.user, database, lastSyncAt: same ? this.settings!.lastSyncAt : null };
      try {
        await writeSyncSettings(this.options.userDataDir, this.settings);
        const stored = await storePassword(this.options.userDataDir, this.options.secrets, password);
        this.passwordInMemory = stored ? null : password;
      } catch (error) {
        this.settings = null;
        return { ok: false, message: `The setting could not be saved in Quire’s data folder: ${(error as Error).message}`, field: null };
      }
      await this.begin(password);
      return { ok: true, status: this.current };
    });
  }

  disconnect(): Promise<SyncState> {
    return this.serial(async () => {
      await this.halt();
      this.settings = null;
      this.passwordInMemory = null;
      await removeSyncSettings(this.options.userDataDir);
      this.setState({ state: 'off' });
      return this.current;
    });
  }

  async close(): Promise<void> {
    await this.serial(() => this.halt());
    if (this.pendingStatus) clearTimeout(this.pendingStatus);
    if (this.refusedTimer) clearTimeout(this.refusedTimer);
  }

  private async begin(password: string): Promise<void> {
    const settings = this.settings!;
    const server = parseServerAddress(settings.url);
    this.setState({ state: 'connecting', ...this.target() });
    const remote = openRemoteDatabase(server, settings.database, { user: settings.user, password }, this.timeouts());
    refuseIncomingFrom(remote.db, (id, reason) => this.onRefused(server.host, id, reason));
    this.remote = remote;
    if (settings.lastSyncAt === null && this.options.beforeJoining) {
      const held = await remote.db.allDocs({ startkey: 'note:', endkey: 'note:\uffff', limit: 1 }).catch(() => null);
      if (held && held.rows.length > 0) await this.options.beforeJoining().catch(() => undefined);
    }
    const live = new LiveSync({
      db: this.options.db,
      remote,
      host: server.host,
      firstSync: settings.lastSyncAt === null,
      firstBackOffMs: this.options.firstBackOffMs,
      maxBackOffMs: this.options.maxBackOffMs,
      onState: (state) => this.onEngineState(live, state),
    });
    this.live = live;
    try {
      await live.start();
    } catch (error) {
      this.setState({ state: 'error', reason: describeSyncError(error, server.host), lastSyncAt: settings.lastSyncAt, ...this.target() });
    }
  }

  private onEngineState(live: LiveSync, state: EngineState): void {
    if (live !== this.live || !this.settings) return;
    const lastSyncAt = this.settings.lastSyncAt;
    switch (state.state) {
      case 'syncing':
        return this.setState({ state: 'syncing', done: state.done, total: state.total, firstSync: state.firstSync, lastSyncAt, ...this.target() });
      case 'offline':
        return this.setState({ state: 'offline', reason: state.reason, retryAt: state.retryAt, lastSyncAt, ...this.target() });
      case 'error':
        return this.setState({ state: 'error', reason: state.reason, lastSyncAt, ...this.target() });
      case 'up-to-date': {
        const first = lastSyncAt === null;
        this.settings = { ...this.settings, lastSyncAt: state.at.toISOString() };
        // Saved so the next start knows the first full sync is done; a failure only means its bar shows again.
        void writeSyncSettings(this.options.userDataDir, this.settings).catch(() => undefined);
        if (first) {
          this.options.notify?.({
            id: `sync-first-${Date.now()}`,
            kind: 'success',
            title: 'Sync is up to date',
            body: `The first sync with ${parseServerAddress(this.settings.url).host} finished: ${live.pulled} received, ${live.pushed} sent.`,
          });
        }
        return this.setState({ state: 'up-to-date', lastSyncAt: this.settings.lastSyncAt!, pushed: live.pushed, pulled: live.pulled, ...this.target() });
      }
    }
  }

  /** Documents from the server not taken, said in one notification per burst (and each in the log). */
  private refused: { id: string; reason: string }[] = [];
  private refusedTimer: NodeJS.Timeout | null = null;

  private onRefused(host: string, id: string, reason: string): void {
    console.warn(`sync: not taken from ${host}: ${id}: ${reason}`);
    this.refused.push({ id, reason });
    this.refusedTimer ??= setTimeout(() => {
      this.refusedTimer = null;
      const list = this.refused.splice(0);
      const shown = list.slice(0, 3).map((r) => `${r.id} (${r.reason})`).join('; ');
      this.options.notify?.({
        id: `sync-refused-${Date.now()}`,
        kind: 'error',
        title: `${list.length} ${list.length === 1 ? 'document' : 'documents'} from ${host} not taken`,
        body: `They fail Quire's checks and stay on the server, untouched: ${shown}${list.length > 3 ? `, and ${list.length - 3} more` : ''}.`,
      });
    }, 1000);
  }

  private async halt(): Promise<void> {
    const live = this.live;
    const remote = this.remote;
    this.live = null;
    this.remote = null;
    await live?.stop();
    await remote?.db.close().catch(() => undefined);
  }

  private target(): SyncTarget {
    const s = this.settings!;
    return { url: s.url, user: s.user, database: s.database };
  }

  private timeouts() {
    return this.options.requestTimeoutMs ? { timeoutMs: this.options.requestTimeoutMs, requestTimeoutMs: this.options.requestTimeoutMs } : {};
  }

  /** Progress is sent a few times a second at most; every other change at once. */
  private setState(state: SyncState): void {
    this.current = state;
    if (this.pendingStatus) return;
    const wait = state.state === 'syncing' ? this.lastSent + STATUS_INTERVAL_MS - Date.now() : 0;
    if (wait <= 0) {
      this.lastSent = Date.now();
      this.options.onStatus(state);
      return;
    }
    this.pendingStatus = setTimeout(() => {
      this.pendingStatus = null;
      this.lastSent = Date.now();
      this.options.onStatus(this.current);
    }, wait);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
