// Snapshots in the app (issue 14): automatic snapshots after the mirror is
// up to date, Take Snapshot Now, the snapshot before a restore, automatic
// prune, and Preferences › Backup › Snapshots' overview. One operation at a
// time (a snapshot, a prune, a restore to a snapshot), in order.
//
// Automatic rule: once the backup says 'up-to-date' (the mirror has every
// change), a snapshot is taken if the database changed since this
// installation's last snapshot and `intervalMinutes` have passed since it;
// if they have not, a timer comes back when they have. So snapshots follow
// the mirror, never run while nothing changes, and never more often than the
// interval. A failure is kept as `problem` in words and retried a minute
// later; the mirror is never touched by any of it.
import path from 'node:path';
import type { Database } from '../db/open-database';
import type { BackupController } from '../backup/backup-controller';
import type { BackupState } from '../../shared/contract/backup-requests';
import type {
  SnapshotRestoreOutcome, SnapshotRestorePlan, SnapshotSettings, SnapshotSummary, SnapshotsOverview,
} from '../../shared/contract/snapshot-requests';
import { backupClientId } from '../backup/client-id';
import { UserError } from '../notes/notes-service';
import { ObjectStore, STORE_DIR } from './store';
import { findSnapshot, listSnapshots, type SnapshotInfo } from './snapshots';
import { localWriter, snapshotMark, takeSnapshotWith } from './take';
import { planSnapshotRestore, restoreToSnapshot } from './restore-plan';
import { folderBytes, problemInWords, summaryOf } from './overview';
import { KEEP_SCHEDULES, SNAPSHOT_REASONS, describeSchedule, keepsLonger, type RetentionSchedule } from '../../shared/snapshot-retention';
import { withOpenStore, type StoreFaults } from './with-store';
import { isReachableFolder } from './durable';

/** The app's wording of the store's faults: a sentence for the window. */
const APP_STORE_FAULTS: StoreFaults = {
  // A folder that is not there at all is not one without snapshots: its snapshots may be on a drive unplugged.
  missing: (folder) => isReachableFolder(folder)
    ? new UserError(`There are no snapshots in ${folder} yet.`)
    : new UserError(`${problemInWords(Object.assign(new Error('gone'), { code: 'ENOENT' }), folder)} Its snapshots cannot be read until it is back.`),
  refused: (error, folder) => new UserError(problemInWords(error, folder)),
};

export { problemInWords, summaryOf };

export interface SnapshotServiceOptions {
  db: Database;
  backup: BackupController;
  /** The overview after every change (snapshot taken, prune, settings, failure): `snapshots.changed`. */
  onChanged?: (overview: SnapshotsOverview) => void;
  /** How long a "minute" of intervalMinutes is (tests shorten it). */
  minuteMs?: number;
  /** Automatic prune at most this often (default an hour). */
  pruneEveryMs?: number;
}

type Busy = SnapshotsOverview['busy'];

export class SnapshotService {
  private folder: string | null = null;
  private upToDate = false;
  private busy: Busy = null;
  private problem: string | null = null;
  /** This installation's newest snapshot in `folder` (undefined: not read yet). */
  private lastOwn: { at: number; seq: number } | null | undefined = undefined;
  private retryAfter = 0;
  private lastPruneAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private checkQueued = false;
  private closed = false;
  /** Aborted on close: a long first snapshot stops between batches instead of holding Quire open. */
  private readonly closing = new AbortController();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly minuteMs: number;
  private readonly pruneEveryMs: number;
  private readonly unlisten: () => void;
  private readonly started: Promise<void>;
  /** Automatic snapshots taken (tests wait on it instead of sleeping). */
  automatic = 0;

  constructor(private readonly options: SnapshotServiceOptions) {
    this.minuteMs = options.minuteMs ?? 60_000;
    this.pruneEveryMs = options.pruneEveryMs ?? 60 * 60_000;
    this.unlisten = options.backup.addStatusListener((s) => this.onBackupStatus(s));
    this.started = options.backup.status().then((s) => this.onBackupStatus(s), () => undefined);
  }

  /** The backup folder snapshots go into (null while there is none). */
  get location(): string | null {
    return this.folder;
  }

  private onBackupStatus(status: BackupState): void {
    const folder = status.state === 'off' || !status.location ? null : status.location;
    if (folder !== this.folder) {
      this.folder = folder;
      this.lastOwn = undefined;
      this.problem = null;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      void this.emit();
    }
    const wasUpToDate = this.upToDate;
    this.upToDate = status.state === 'up-to-date';
    if (this.upToDate !== wasUpToDate) {
      // The backup caught up again (the drive is back, the folder writable): a snapshot failure from
      // before is no longer said as if it were now; should it still fail, the next snapshot says so again.
      if (this.upToDate && this.problem) {
        this.problem = null;
        this.retryAfter = 0;
      }
      // The backup stopped or caught up (a folder gone, or back): the pane's count and problem follow at once.
      void this.emit();
    }
    if (this.upToDate) this.considerAutomatic();
  }

  private considerAutomatic(): void {
    if (this.closed || !this.folder || this.timer || this.checkQueued) return;
    this.checkQueued = true;
    void this.serial(async () => {
      this.checkQueued = false;
      await this.automaticCheck();
    });
  }

  private async automaticCheck(): Promise<void> {
    const folder = this.folder;
    if (this.closed || !folder) return;
    const settings = await this.options.backup.snapshotSettings();
    if (!settings.enabled) return;
    const now = Date.now();
    if (now < this.retryAfter) return this.comeBackIn(this.retryAfter - now);
    try {
      if (this.lastOwn === undefined) this.lastOwn = await this.readLastOwn(folder);
    } catch (error) {
      return this.fail(error, folder);
    }
    const seq = Number((await this.options.db.info()).update_seq);
    // Nothing changed since. A sequence below the last snapshot's is a database put back from an older copy: a change.
    if (this.lastOwn && seq === this.lastOwn.seq) return;
    const interval = settings.intervalMinutes * this.minuteMs;
    // A clock that jumped back makes the last snapshot look in the future: at most one interval is waited.
    const wait = this.lastOwn ? Math.min(interval, this.lastOwn.at + interval - now) : 0;
    if (wait > 0) return this.comeBackIn(wait);
    if (!this.upToDate) return; // the next 'up-to-date' brings us back
    const result = await this.snapshotNow(folder);
    if (!result) return;
    this.automatic++;
    if (Date.now() - this.lastPruneAt >= this.pruneEveryMs) await this.prune(folder);
    await this.emit();
  }

  /** Looks again after `ms` (the interval's end, or a failure's retry), even if nothing else happens meanwhile. */
  private comeBackIn(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.considerAutomatic();
    }, ms);
  }

  private async readLastOwn(folder: string): Promise<{ at: number; seq: number } | null> {
    const store = ObjectStore.open(folder, { create: false });
    if (!store) return null;
    try {
      const client = await backupClientId(this.options.db);
      const own = listSnapshots(store).snapshots.filter((s) => s.client === client).at(-1);
      return own ? { at: Math.min(Date.now(), Date.parse(own.time)), seq: own.seq } : null;
    } finally {
      store.close();
    }
  }

  private fail(error: unknown, folder: string): void {
    this.problem = problemInWords(error, folder);
    this.retryAfter = Date.now() + this.minuteMs;
    void this.emit();
  }

  /**
   * Takes a snapshot now (inside the queue): it, and whether it was the newest one already (nothing had
   * changed); null when it failed (the problem is recorded).
   */
  private async snapshotNow(folder: string, reason?: string): Promise<{ snapshot: SnapshotInfo; unchanged: boolean } | null> {
    this.busy = 'snapshot';
    await this.emit();
    try {
      // After the mirror: whatever pass is in flight finishes first.
      await this.options.backup.runner?.idle();
      // A folder that is gone is said as the backup says it (not as a store that cannot be made).
      if (!isReachableFolder(folder)) {
        throw Object.assign(new Error(`${folder} is not there`), { code: 'ENOENT' });
      }
      // Written by the backup's worker, in turn with the mirror's writes; in this thread only when no backup runs there.
      const writer = this.options.backup.snapshotWriter(folder) ?? localWriter(folder);
      // The schedule chosen in Preferences is recorded with the snapshot: prunes apply it to this installation's snapshots.
      const result = await takeSnapshotWith(writer, this.options.db, { signal: this.closing.signal, keep: await this.currentKeep(), reason });
      // The snapshot is done and visible; its pack is merged with the small ones after it, in the writer's
      // queue (the backup worker's), not waited for here.
      if (!result.unchanged) void writer.merge().catch(() => undefined);
      const seq = result.unchanged ? Number((await this.options.db.info()).update_seq) : result.seq;
      this.lastOwn = { at: Date.now(), seq };
      this.problem = null;
      this.retryAfter = 0;
      const snapshot = await this.readOnly(folder, (store) => findSnapshot(listSnapshots(store).snapshots, result.snapshot));
      return snapshot ? { snapshot, unchanged: result.unchanged } : null;
    } catch (error) {
      // Stopped because Quire is closing: not a problem to show.
      if (!this.closed) this.fail(error, folder);
      return null;
    } finally {
      this.busy = null;
    }
  }

  /** The retention schedule chosen in Preferences › Backup › Snapshots › Keep. */
  private async currentKeep(): Promise<RetentionSchedule> {
    return KEEP_SCHEDULES[(await this.options.backup.snapshotSettings()).keep];
  }

  private async prune(folder: string): Promise<void> {
    this.busy = 'prune';
    await this.emit();
    try {
      // In the backup's worker too: a prune reads the whole store.
      // This installation's Keep as chosen now: its snapshots record it only from the next one on.
      const own = { client: await backupClientId(this.options.db), keep: await this.currentKeep() };
      await (this.options.backup.snapshotWriter(folder) ?? localWriter(folder)).prune(own);
      this.lastPruneAt = Date.now();
    } catch (error) {
      this.fail(error, folder);
    } finally {
      this.busy = null;
    }
  }

  private requireFolder(): string {
    if (!this.folder) throw new UserError('Choose a backup folder first: snapshots are kept in it.');
    return this.folder;
  }

  async overview(): Promise<SnapshotsOverview> {
    await this.started;
    const settings = await this.options.backup.snapshotSettings();
    const base = { settings, retention: describeSchedule(KEEP_SCHEDULES[settings.keep]), folder: this.folder, busy: this.busy, problem: this.problem };
    if (!this.folder) return { ...base, count: 0, bytes: 0, lastSnapshotAt: null };
    if (!isReachableFolder(this.folder)) {
      // Not "no snapshots yet": they may be on a drive that is unplugged.
      // Said once, by the stats line (the backup's own status says the folder is gone too), not again as a problem.
      return { ...base, problem: null, count: 0, bytes: 0, lastSnapshotAt: null, unreachable: true };
    }
    try {
      const store = ObjectStore.open(this.folder, { create: false });
      if (!store) return { ...base, count: 0, bytes: 0, lastSnapshotAt: null };
      try {
        const { snapshots } = listSnapshots(store);
        const last = snapshots.map((s) => s.time).sort().at(-1) ?? null;
        return { ...base, count: snapshots.length, bytes: folderBytes(path.join(this.folder, STORE_DIR)), lastSnapshotAt: last };
      } finally {
        store.close();
      }
    } catch (error) {
      return { ...base, problem: problemInWords(error, this.folder), count: 0, bytes: 0, lastSnapshotAt: null };
    }
  }

  async setSettings(settings: SnapshotSettings): Promise<SnapshotsOverview> {
    await this.started;
    const before = await this.options.backup.snapshotSettings();
    await this.options.backup.setSnapshotSettings(settings);
    // A Keep that keeps more is recorded at once (a snapshot's Quire-Keep): until then another installation's
    // prune, or quire snapshot prune, would go by the old one and remove what the user now wants kept.
    const folder = this.folder;
    if (folder && settings.enabled && keepsLonger(KEEP_SCHEDULES[settings.keep], KEEP_SCHEDULES[before.keep])) {
      void this.serial(async () => {
        if (await this.snapshotNow(folder, SNAPSHOT_REASONS.keepLonger)) await this.emit();
      });
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.upToDate) this.considerAutomatic();
    return this.emit();
  }

  async list(): Promise<SnapshotSummary[]> {
    await this.started;
    if (!this.folder) return [];
    const folder = this.folder;
    const client = await backupClientId(this.options.db);
    try {
      const store = ObjectStore.open(folder, { create: false });
      if (!store) return [];
      try {
        return listSnapshots(store).snapshots.toReversed().map((s) => summaryOf(s, client));
      } finally {
        store.close();
      }
    } catch (error) {
      throw new UserError(problemInWords(error, folder));
    }
  }

  takeNow(): Promise<SnapshotSummary & { unchanged: boolean }> {
    return this.serial(async () => {
      await this.started;
      const folder = this.requireFolder();
      const taken = await this.snapshotNow(folder);
      await this.emit();
      if (!taken) throw new UserError(this.problem ?? 'The snapshot could not be taken.');
      return { ...summaryOf(taken.snapshot, await backupClientId(this.options.db)), unchanged: taken.unchanged };
    });
  }

  /**
   * The snapshot before a restore (Preferences › Backup › Restore…): taken when
   * a backup folder is set and snapshots are on. Never throws: a restore
   * only merges (nothing is overwritten), so a failed snapshot is reported
   * as the problem and does not stop it. Returns the snapshot's id, or null.
   */
  beforeRestore(): Promise<string | null> {
    return this.serial(async () => {
      await this.started;
      const folder = this.folder;
      if (!folder || !(await this.options.backup.snapshotSettings()).enabled) return null;
      const taken = await this.snapshotNow(folder, SNAPSHOT_REASONS.beforeRestoreFromFolder);
      await this.emit();
      return taken?.snapshot.id ?? null;
    });
  }

  async planRestore(snapshotId: string): Promise<SnapshotRestorePlan> {
    await this.started;
    const folder = this.requireFolder();
    const client = await backupClientId(this.options.db);
    return this.readOnly(folder, async (store) => {
      const snapshot = this.pick(store, snapshotId);
      const plan = await planSnapshotRestore(this.options.db, store, snapshot, { own: await this.isOwn(snapshot, client) });
      return { ...plan.counts, snapshot: summaryOf(snapshot, client) };
    });
  }

  /** Takes a snapshot first (refused if it cannot be: the restore must be undoable), then restores to `snapshotId`. */
  restore(snapshotId: string, createdSince: 'keep' | 'trash'): Promise<SnapshotRestoreOutcome> {
    return this.serial(async () => {
      await this.started;
      const folder = this.requireFolder();
      // The snapshot is found before anything is written.
      const target = await this.readOnly(folder, (store) => this.pick(store, snapshotId));
      const undo = await this.snapshotNow(folder, `${SNAPSHOT_REASONS.beforeRestoreTo} ${target.time}`);
      if (!undo) throw new UserError(`Nothing was restored: the snapshot that would undo it could not be taken. ${this.problem ?? ''}`.trim());
      this.busy = 'restore';
      await this.emit();
      try {
        return await this.readOnly(folder, async (store) => {
          const snapshot = this.pick(store, snapshotId);
          const own = await this.isOwn(snapshot, await backupClientId(this.options.db));
          const outcome = await restoreToSnapshot(this.options.db, store, snapshot, { createdSince, own });
          return { ...outcome, undoSnapshot: undo.snapshot.id };
        });
      } finally {
        this.busy = null;
        await this.emit();
      }
    });
  }

  /**
   * Whether `snapshot` was taken of this database as it is now, so that only the documents changed since its
   * sequence can differ from it: this installation's, and not newer than the last snapshot this database
   * records (one put back from an older copy has an older mark; its changes since a later snapshot's
   * sequence are not what differs from that snapshot).
   */
  private async isOwn(snapshot: SnapshotInfo, client: string): Promise<boolean> {
    if (snapshot.client !== client) return false;
    const mark = await snapshotMark(this.options.db);
    return mark !== null && mark.seq >= snapshot.seq;
  }

  private pick(store: ObjectStore, snapshotId: string): SnapshotInfo {
    const found = findSnapshot(listSnapshots(store).snapshots, snapshotId);
    if (!found) throw new UserError(`There is no snapshot ${snapshotId} in the backup folder (it may have been pruned).`);
    return found;
  }

  /** Runs `fn` (and what it returns) with the folder's store open; store faults as UserErrors. */
  private readOnly<T>(folder: string, fn: (store: ObjectStore) => T | Promise<T>): Promise<T> {
    return withOpenStore(folder, APP_STORE_FAULTS, fn);
  }

  private async emit(): Promise<SnapshotsOverview> {
    const overview = await this.overview();
    this.options.onChanged?.(overview);
    return overview;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops a snapshot in progress between batches and waits for the operation in progress; no new automatic one starts. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort(new Error('Quire is closing.'));
    this.unlisten();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.queue;
  }

  /** Resolves once every queued operation is done (tests). */
  async settled(): Promise<void> {
    await this.started;
    await this.queue;
  }
}
