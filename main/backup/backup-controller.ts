// The app's continuous backup: the applied location (backup-settings.ts), one
// BackupRunner in live mode writing through its sink (the worker thread), and
// the status the renderer shows in Preferences › Backup, the banner and the
// status bar. Owned by AppCore; knows no host (no electron import).
//
// Start, apply and close run one at a time, in order: changing the location
// stops the old runner (the batch in flight is finished and checkpointed),
// then mirrors everything into the new folder; the old folder is left as it
// was. Nothing here ever writes to the database except the installation's
// client id (a _local document).
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../db/open-database';
import type { AppNotification } from '../../shared/types';
import type { BackupApplyResult, BackupState } from '../../shared/contract/backup-requests';
import { BackupRunner, type BackupRunnerOptions, type BackupSink, type BackupStatus } from './backup-runner';
import { workerSink } from './worker-sink';
import { BACKUP_SUBFOLDER, checkBackupLocation, holdsOtherThings, LocationError } from './location';
import { backupClientId } from './client-id';
import {
  DEFAULT_SNAPSHOT_SETTINGS, readBackupSettings, removeSettingsLeftovers, writeBackupSettings, type BackupSettings,
} from './backup-settings';
import type { SnapshotSettings } from '../../shared/contract/snapshot-requests';
import type { SnapshotWriter } from '../snapshots/take';

/** A watcher on the backup folder, started and stopped with the runner (folder-watcher.ts). */
export interface FolderWatcherHandle {
  close(): Promise<void> | void;
}
export type StartFolderWatcher = (options: { folder: string; db: Database; runner: BackupRunner }) =>
  FolderWatcherHandle | Promise<FolderWatcherHandle>;

export interface BackupControllerOptions {
  db: Database;
  /** Where the setting is kept; also the folder a backup may not be inside of. */
  userDataDir: string;
  appVersion: string;
  notify(notification: AppNotification): void;
  /** Every change of state, for the renderer. */
  onStatus(status: BackupState): void;
  /** Who writes the files: the worker thread (default); tests may write in this thread. */
  makeSink?: (folder: string, clientId: string) => BackupSink;
  /** The folder watcher (the app passes folder-watcher.ts); none in tests that do not ask for one. */
  startWatcher?: StartFolderWatcher;
  /** Timings for tests (retry back-off, burst settling, batch size). */
  runnerOptions?: Partial<Pick<BackupRunnerOptions, 'retryInitialMs' | 'retryMaxMs' | 'settleMs' | 'batchSize' | 'checkpointEveryMs'>>;
}

interface Active {
  folder: string;
  runner: BackupRunner;
  sink: BackupSink;
  watcher: FolderWatcherHandle | null;
}

/** A later pass (not the first copy) shows progress only when it is this big: a saved note is not news. */
const BIG_PASS = 200;
/** Progress events at most this often. */
const PROGRESS_EVERY_MS = 150;

export class BackupController {
  private settings: BackupSettings = { location: null, firstCopyDone: false };
  private active: Active | null = null;
  private state: BackupState = { state: 'off' };
  private lastWriteAt: string | null = null;
  private lastProgressAt = 0;
  private clientId: string | null = null;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly ready: Promise<void>;
  private readonly statusListeners = new Set<(status: BackupState) => void>();

  constructor(private readonly options: BackupControllerOptions) {
    this.ready = this.serial(() => this.load());
  }

  /** The current state, once the saved setting has been read. */
  async status(): Promise<BackupState> {
    await this.ready;
    return this.state;
  }

  /** Resolves once start-up (reading the setting, starting the runner) is done. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** The running runner, if any (for the folder watcher and tests). */
  get runner(): BackupRunner | null {
    return this.active?.runner ?? null;
  }

  /**
   * Checks `input` and, if it can be used, saves it and mirrors into it. A
   * refused path returns the reason and changes nothing.
   */
  /**
   * `whenNotEmpty`: a folder that holds other things and is not a backup
   * folder is not used without a question ('ask', the result names the
   * folder and the subfolder offered instead) unless the person said to
   * ('use').
   */
  setLocation(input: string, whenNotEmpty: 'ask' | 'use' = 'ask'): Promise<BackupApplyResult> {
    return this.serial(async (): Promise<BackupApplyResult> => {
      if (this.closed) return { ok: false, message: 'Quire is closing.' };
      let folder: string;
      try {
        folder = checkBackupLocation(expandHome(input), { protectedDirs: [this.options.userDataDir], requireAbsolute: true });
      } catch (error) {
        if (error instanceof LocationError) return { ok: false, message: sentence(error.message, input) };
        throw error;
      }
      if (this.active?.folder === folder) return { ok: true, status: this.state };
      if (whenNotEmpty === 'ask' && holdsOtherThings(folder)) {
        return {
          ok: false,
          message: `${folder} already holds other files and is not a backup folder.`,
          notEmpty: { folder, subfolder: path.join(folder, BACKUP_SUBFOLDER) },
        };
      }
      // The snapshot setting stays as it was: it belongs to the person, not to the folder.
      const next: BackupSettings = { ...this.settings, location: folder, firstCopyDone: false };
      try {
        await writeBackupSettings(this.options.userDataDir, next);
      } catch (error) {
        return { ok: false, message: `Quire could not save this setting in ${this.options.userDataDir}: ${(error as Error).message}` };
      }
      this.settings = next;
      await this.stopActive();
      await this.startRunner(folder);
      return { ok: true, status: this.state };
    });
  }

  /** Every change of state, besides onStatus (the snapshot service starts its snapshots from 'up-to-date'). */
  addStatusListener(listener: (status: BackupState) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Where snapshots of the running backup's folder are written: its sink (the worker thread), or null when none runs. */
  snapshotWriter(folder: string): SnapshotWriter | null {
    const active = this.active;
    return active && active.folder === folder ? (active.sink.snapshotWriter?.() ?? null) : null;
  }

  /** The snapshot setting saved with the backup's (defaults until one is saved). */
  async snapshotSettings(): Promise<SnapshotSettings> {
    await this.ready;
    return this.settings.snapshots ?? DEFAULT_SNAPSHOT_SETTINGS;
  }

  /** Saves the snapshot setting in the backup settings file (atomically, in turn with the location's writes). */
  setSnapshotSettings(snapshots: SnapshotSettings): Promise<void> {
    return this.serial(async () => {
      const next: BackupSettings = { ...this.settings, snapshots };
      await writeBackupSettings(this.options.userDataDir, next);
      this.settings = next;
    });
  }

  /** Stops the runner and the watcher; the batch in flight is finished first. */
  close(): Promise<void> {
    return this.serial(async () => {
      this.closed = true;
      await this.stopActive();
    });
  }

  private async load(): Promise<void> {
    await removeSettingsLeftovers(this.options.userDataDir);
    try {
      this.settings = await readBackupSettings(this.options.userDataDir);
    } catch (error) {
      // The setting cannot be read (permissions): say so rather than pretend nothing was chosen.
      this.set({ state: 'error', location: '', reason: `Quire could not read its backup setting: ${(error as Error).message}`, retryAt: null, lastWriteAt: null });
      return;
    }
    if (this.settings.location) await this.startRunner(this.settings.location);
  }

  private async startRunner(folder: string): Promise<void> {
    this.lastWriteAt = null;
    this.set({ state: 'starting', location: folder });
    try {
      this.clientId ??= await backupClientId(this.options.db);
    } catch (error) {
      this.set({ state: 'error', location: folder, reason: `Quire could not read its database: ${(error as Error).message}`, retryAt: null, lastWriteAt: null });
      return;
    }
    const sink = (this.options.makeSink ?? workerSink)(folder, this.clientId);
    const active: Active = { folder, sink, watcher: null, runner: null as unknown as BackupRunner };
    active.runner = new BackupRunner({
      db: this.options.db,
      folder,
      sink,
      appVersion: this.options.appVersion,
      ...this.options.runnerOptions,
      onStatus: (status) => {
        // A stopped runner's last words (its 'stopped') are not news.
        if (this.active === active) this.onRunnerStatus(status);
      },
    });
    this.active = active;
    active.runner.start();
    active.watcher = await this.startFolderWatcher(active);
  }

  /** The one place the folder watcher starts (see StartFolderWatcher). */
  private async startFolderWatcher(active: Active): Promise<FolderWatcherHandle | null> {
    const start = this.options.startWatcher;
    if (!start) return null;
    try {
      return await start({ folder: active.folder, db: this.options.db, runner: active.runner });
    } catch {
      // Without a watcher the backup still follows every change in the app; only edits made in the folder go unnoticed.
      return null;
    }
  }

  private async stopActive(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = null;
    await Promise.resolve(active.watcher?.close()).catch(() => undefined);
    await active.runner.stop();
    await active.sink.close().catch(() => undefined);
  }

  private onRunnerStatus(status: BackupStatus): void {
    const location = status.folder;
    const firstCopy = !this.settings.firstCopyDone;
    switch (status.state) {
      case 'backing-up': {
        if (!firstCopy && status.total < BIG_PASS) return;
        const now = performance.now();
        const edge = this.state.state !== 'backing-up' || status.done >= status.total;
        if (!edge && now - this.lastProgressAt < PROGRESS_EVERY_MS) return;
        this.lastProgressAt = now;
        this.set({ state: 'backing-up', location, done: status.done, total: status.total, firstCopy });
        return;
      }
      case 'up-to-date':
        this.lastWriteAt = status.lastWriteAt ?? this.lastWriteAt;
        this.set({ state: 'up-to-date', location, lastWriteAt: this.lastWriteAt, docs: status.docs });
        if (firstCopy) void this.firstCopyFinished(location, status.docs);
        return;
      case 'error':
        this.set({
          state: 'error', location, reason: sentence(status.reason, ''),
          retryAt: status.retryInMs === null ? null : Date.now() + status.retryInMs,
          lastWriteAt: this.lastWriteAt,
        });
        return;
      case 'stopped':
        return;
    }
  }

  private async firstCopyFinished(location: string, docs: number): Promise<void> {
    this.settings = { ...this.settings, location, firstCopyDone: true };
    this.options.notify({
      id: `backup-first-copy-${Date.now()}`,
      kind: 'success',
      title: 'Your notes are backed up',
      body: `${new Intl.NumberFormat('en').format(docs)} documents are in ${location}. Every change is copied there from now on.`,
      openPath: { label: 'Show Folder', path: location },
    });
    // Only remembered if this is still the location (the user may have changed it meanwhile).
    await this.serial(async () => {
      if (this.settings.location === location && !this.closed) {
        await writeBackupSettings(this.options.userDataDir, this.settings).catch(() => undefined);
      }
    });
  }

  private set(state: BackupState): void {
    this.state = state;
    this.options.onStatus(state);
    for (const listener of this.statusListeners) {
      try {
        listener(state);
      } catch {
        // A listener's failure is not the backup's.
      }
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** `~` and `~/…` are the home folder, as in a shell. */
function expandHome(input: string): string {
  const text = input.trim();
  if (text === '~') return os.homedir();
  if (text.startsWith('~/') || (process.platform === 'win32' && text.startsWith('~\\'))) return path.join(os.homedir(), text.slice(2));
  return text;
}

/** A reason as a sentence: a capital (unless it starts with the user's own path) and a full stop. */
function sentence(message: string, input: string): string {
  const text = message.trim();
  const startsWithPath = input.trim() !== '' && text.startsWith(input.trim());
  const first = startsWithPath || /^[/\\~.]/.test(text) ? text : text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
