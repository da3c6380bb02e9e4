// Watches the backup folder for what others do to it while the backup runs
// (docs/backup-format.md, "Changes made in the folder"), and queues each
// document whose files changed for a check (folder-check.ts: files deleted
// or changed from outside are written again, a file moved back from
// _deleted/ brings its document back). The folder disappearing, or coming
// back, is told to the runner at once.
//
// Cheap on a 38k-file folder: chokidar watches only the folder's structure
// (the folder, data/, data/<type>/ appearing and disappearing; depth-limited,
// so it never lists a type folder), and each data/<type>/ folder has one
// native watch whose events name the file. Chokidar itself on data/note/
// with 38k files takes seconds and 170 MB to start (one fs.watch and one
// stat per file) and re-lists and re-stats the whole folder on every change
// in it: 100 writes took a minute with a 1 s event-loop p99 in the
// measurement behind this design. Our own writes are recognised without
// reading them: the runner tells us which documents it is writing.
// state/, _deleted/, temporary files, cloud-sync conflict copies and any
// name that is not one of ours are never looked at.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import type { Database } from '../db/open-database';
import { DATA_DIR, TYPE_DIRS, classifyName, docFileName, locateDoc, type BackupType } from '../backup-format/index';
import type { AppliedDoc, BackupRunner } from './backup-runner';
import { FolderChecker } from './folder-check';
import { TEMP_PREFIX } from '../backup-format/temp-files';

export interface BackupFolderWatcherOptions {
  db: Database;
  /** The runner's folder (checked). */
  folder: string;
  /** A runner in live mode (start()ed): rewrites go through it. */
  runner: BackupRunner;
  /** A file left alone (a document not brought back, and why), or a problem of the watch itself. Never fatal. */
  onError?: (problem: WatchProblem) => void;
  /** A document brought back from a file moved from _deleted/ to data/. */
  onRestored?: (id: string) => void;
  /** How long a file must be quiet before it is looked at (a copy in progress settles first). */
  settleMs?: number;
  /** How often a folder that disappeared is looked for. */
  pollMs?: number;
  /** Compare data/ with the database once caught up after start (files deleted or moved back while Quire was closed). */
  scanOnStart?: boolean;
}

export interface WatchProblem {
  /** Relative to the backup folder, `/`-separated; null for the watch as a whole. */
  path: string | null;
  reason: string;
}

export interface BackupFolderWatcher {
  /** Resolves once the folder is watched (the start-up scan runs after, once the runner has caught up); never rejects. */
  readonly ready: Promise<void>;
  /**
   * Resolves once the watcher is at rest: every change made in data/ before
   * the call has reached it and been handled (checked, and whatever it asked
   * the runner to write again written), nothing waits to settle or in its
   * queue, the runner is idle, and no window in which a change is taken for
   * the runner's own write is open, so a change made after it is noticed.
   * How it knows the watch has delivered the earlier events: it writes a
   * marker file (a temporary file's name, which nobody else reads) into each
   * watched data/<type>/ folder and waits for its event, which comes after
   * theirs; the marker is removed again. For tests and benchmarks ("nothing
   * happened" is asserted after it, not after a pause); it never resolves
   * while the folder keeps changing. Resolves at once when closed.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const TYPES = TYPE_DIRS;
/** After the runner wrote a document's files, events for them are ours for this long. */
const OWN_WRITE_GRACE_MS = 250;
/** More files changed at once than this (a folder deleted, a big sync): one comparison of the whole of data/ instead. */
const OVERFLOW = 1000;
const DEFER_MAX_MS = 2000;
/** settled()'s marker files: a temporary file's name (classifyName and cloud-sync tools skip it), not any writer's tag. */
const MARKER_PREFIX = `${TEMP_PREFIX}watch-settled-`;


interface Pending {
  type: BackupType;
  stem: string;
  due: number;
  attempts: number;
}

class FolderWatcher implements BackupFolderWatcher {
  readonly ready: Promise<void>;
  private readonly root: string;
  private readonly settleMs: number;
  private readonly pollMs: number;
  private closed = false;
  private structure: FSWatcher | null = null;
  private readonly typeWatches = new Map<BackupType, { watch: fs.FSWatcher; ino: number }>();
  private readonly pending = new Map<string, Pending>();
  /** `<type>/<stem>` of documents the runner is writing (count) or wrote until a time, and whether that was a deletion. */
  private readonly own = new Map<string, { active: number; until: number; deleted: boolean }>();
  private tickTimer: NodeJS.Timeout | null = null;
  private structureTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private processing: Promise<void> = Promise.resolve();
  private rootGone = false;
  private scanNeeded = false;
  private readonly unsubscribe: () => void;
  private readonly checker: FolderChecker;
  /** Waits that end when the watcher is closed. */
  private readonly whenClosed: (() => void)[] = [];
  /** settled()'s markers not yet seen, by file name: resolved by their event (or when the watch they were written for goes). */
  private readonly markers = new Map<string, () => void>();
  /** Work items enqueued and not finished, and who waits for the next one to finish. */
  private queued = 0;
  private readonly workDone: (() => void)[] = [];

  constructor(private readonly options: BackupFolderWatcherOptions) {
    this.root = path.resolve(options.folder);
    if (this.root !== path.resolve(options.runner.folder)) throw new Error(`the watcher's folder ${this.root} is not the runner's ${options.runner.folder}`);
    this.settleMs = options.settleMs ?? 300;
    this.pollMs = options.pollMs ?? 1000;
    this.checker = new FolderChecker({
      root: this.root,
      db: options.db,
      runner: options.runner,
      report: (rel, reason) => this.report(rel, reason),
      onRestored: options.onRestored,
    });
    this.unsubscribe = options.runner.onApply((phase, docs) => this.ownWrites(phase, docs));
    this.ready = this.start().catch((error) => this.report(null, `could not watch the backup folder: ${message(error)}`));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.whenClosed.splice(0)) wake();
    this.releaseMarkers();
    for (const wake of this.workDone.splice(0)) wake();
    this.unsubscribe();
    for (const timer of [this.tickTimer, this.structureTimer, this.pollTimer]) if (timer) clearTimeout(timer);
    this.pending.clear();
    await this.stopWatching();
    await this.processing.catch(() => undefined);
  }

  private async start(): Promise<void> {
    if (!(await isDirectory(this.root))) {
      this.enterRootGone();
      return;
    }
    await this.watchStructure();
    if (this.options.scanOnStart ?? true) this.enqueueWork(() => this.scan());
  }

  // ---- what is watched -------------------------------------------------

  private async watchStructure(): Promise<void> {
    const relOf = (p: string) => path.relative(this.root, p).split(path.sep).join('/');
    // Only the folder, data/ and data/<type>/ themselves: depth 1 lists the folder and data/, never a type folder's files.
    const ignored = (p: string) => {
      const rel = relOf(p);
      if (rel === '' || rel === DATA_DIR) return false;
      const [top, type, more] = rel.split('/');
      return !(top === DATA_DIR && more === undefined && (TYPES as readonly string[]).includes(type!));
    };
    if (this.closed) return;
    const watcher = chokidarWatch(this.root, { ignoreInitial: true, depth: 1, ignored, persistent: true });
    this.structure = watcher;
    watcher.on('addDir', () => this.structureChanged(false));
    watcher.on('unlinkDir', () => this.structureChanged(true));
    watcher.on('error', (error) => {
      this.report(null, `watching the backup folder: ${message(error)}`);
      this.structureChanged(true);
    });
    await new Promise<void>((resolve) => {
      watcher.once('ready', () => resolve());
      this.whenClosed.push(resolve);
    });
    await this.syncTypeWatches();
  }

  private async stopWatching(): Promise<void> {
    for (const { watch } of this.typeWatches.values()) watch.close();
    this.typeWatches.clear();
    this.releaseMarkers();
    const structure = this.structure;
    this.structure = null;
    await structure?.close();
  }

  /** One native watch per existing data/<type>/ folder (again when a folder was replaced by a new one). */
  private async syncTypeWatches(): Promise<void> {
    for (const type of TYPES) {
      if (this.closed || this.rootGone) return;
      const dir = path.join(this.root, DATA_DIR, type);
      const stat = await fsp.stat(dir).catch(() => null);
      if (this.closed || this.rootGone) return; // a watch opened now would outlive close()
      const current = this.typeWatches.get(type);
      if (current && (!stat?.isDirectory() || stat.ino !== current.ino)) {
        current.watch.close();
        this.typeWatches.delete(type);
        this.releaseMarkers();
      }
      if (!stat?.isDirectory() || this.typeWatches.has(type)) continue;
      try {
        const watch = fs.watch(dir, { persistent: true }, (_event, name) => {
          if (name) this.fileEvent(type, name.toString());
        });
        watch.on('error', () => {
          watch.close();
          if (this.typeWatches.get(type)?.watch === watch) this.typeWatches.delete(type);
          this.releaseMarkers();
          this.structureChanged(true);
        });
        this.typeWatches.set(type, { watch, ino: stat.ino });
      } catch (error) {
        this.report(`${DATA_DIR}/${type}`, `cannot watch this folder (${message(error)}); files changed in it are not noticed until Quire restarts`);
      }
    }
  }

  /** Something in the folder's structure changed; looked at once it settles. */
  private structureChanged(lost: boolean): void {
    if (this.closed) return;
    if (lost) this.scanNeeded = true;
    if (this.structureTimer) clearTimeout(this.structureTimer);
    this.structureTimer = setTimeout(() => {
      this.structureTimer = null;
      this.enqueueWork(() => this.checkStructure());
    }, Math.min(this.settleMs, 200));
  }

  private async checkStructure(): Promise<void> {
    if (this.closed || this.rootGone) return;
    if (!(await isDirectory(this.root))) {
      this.enterRootGone();
      return;
    }
    await this.syncTypeWatches();
    if (this.scanNeeded) {
      // A type folder or data/ went: the files in it are written again.
      this.scanNeeded = false;
      await this.scan();
    }
  }

  /** The folder is gone (drive unplugged, share gone, removed): stop watching, tell the runner, look for it now and then. */
  private enterRootGone(): void {
    if (this.closed) return;
    this.rootGone = true;
    this.pending.clear();
    this.releaseMarkers();
    void this.stopWatching();
    this.options.runner.recheck();
    const poll = async () => {
      this.pollTimer = null;
      if (this.closed) return;
      if (!(await isDirectory(this.root))) {
        this.pollTimer = setTimeout(() => void poll(), this.pollMs);
        return;
      }
      this.rootGone = false;
      this.options.runner.recheck();
      try {
        await this.watchStructure();
        this.scanNeeded = false;
        this.enqueueWork(() => this.scan());
      } catch (error) {
        this.report(null, `could not watch the backup folder again: ${message(error)}`);
        this.enterRootGone();
      }
    };
    this.pollTimer = setTimeout(() => void poll(), this.pollMs);
  }

  // ---- events ------------------------------------------------------------

  private ownWrites(phase: 'start' | 'end', docs: readonly AppliedDoc[]): void {
    const now = Date.now();
    const until = now + OWN_WRITE_GRACE_MS;
    if (phase === 'start' && this.own.size > 4 * docs.length + 1000) {
      // A full copy writes tens of thousands of documents: forget those written a while ago.
      for (const [key, mark] of this.own) if (mark.active === 0 && mark.until < now) this.own.delete(key);
    }
    // A type folder the runner has just created may have come too soon after data/ for the
    // structure watch to report it: whatever the runner writes into gets watched.
    if (phase === 'end' && docs.some((doc) => !doc.deleted && !this.typeWatches.has(locateDoc(doc.id).type))) {
      this.structureChanged(false);
    }
    for (const doc of docs) {
      const { type, stem } = locateDoc(doc.id);
      const key = `${type}/${stem}`;
      const mark = this.own.get(key) ?? { active: 0, until: 0, deleted: false };
      if (phase === 'start') {
        mark.active++;
        mark.deleted = doc.deleted;
      } else {
        mark.active = Math.max(0, mark.active - 1);
        mark.until = until;
      }
      this.own.set(key, mark);
    }
  }

  /**
   * Events for a document the runner is writing, or wrote a moment ago, are
   * its own: not even read. Not after a deletion, though: the user may move
   * the file straight back, and the check of a file that is not there is cheap.
   */
  private isOwn(key: string, at: number): boolean {
    const mark = this.own.get(key);
    return mark !== undefined && !mark.deleted && (mark.active > 0 || at <= mark.until);
  }

  private fileEvent(type: BackupType, name: string): void {
    const marker = this.markers.get(name);
    if (marker) {
      this.markers.delete(name);
      marker();
      return;
    }
    if (this.closed || this.rootGone) return;
    const parsed = classifyName(name);
    if (!parsed) return;
    const key = `${type}/${parsed.stem}`;
    const now = Date.now();
    if (this.isOwn(key, now)) return;
    if (this.pending.size >= OVERFLOW && !this.pending.has(key)) {
      // Too much at once to look at file by file: one comparison of data/ with the database instead.
      this.pending.clear();
      this.structureChanged(true);
      return;
    }
    this.pending.set(key, { type, stem: parsed.stem, due: now + this.settleMs, attempts: 0 });
    this.armTick(this.settleMs);
  }

  private armTick(delayMs: number): void {
    if (this.tickTimer || this.closed) return;
    this.tickTimer = setTimeout(() => {
      this.tickTimer = null;
      this.enqueueWork(() => this.processDue());
    }, delayMs);
  }

  /** Work is done one piece at a time, in order. */
  private enqueueWork(work: () => Promise<void>): void {
    this.queued++;
    this.processing = this.processing
      .then(work)
      .catch((error) => this.report(null, `the folder watcher failed: ${message(error)}`))
      .then(() => {
        this.queued--;
        for (const wake of this.workDone.splice(0)) wake();
      });
  }

  // ---- at rest (settled()) -------------------------------------------------

  async settled(): Promise<void> {
    await this.ready;
    for (;;) {
      if (this.closed) return;
      // Every event for data/ from before this point has been delivered once the markers' have.
      await this.flushEvents();
      while (this.busy()) await new Promise<void>((resolve) => this.workDone.push(resolve));
      await this.options.runner.idle();
      if (this.closed) return;
      // A change made now, within a moment of the runner's write of the same document, would be taken for its own.
      const ownUntil = this.ownWindowEnd();
      if (ownUntil === Infinity) continue; // the runner is writing again: wait for it
      if (ownUntil >= Date.now()) {
        await new Promise((resolve) => setTimeout(resolve, ownUntil - Date.now() + 1));
        continue; // and look again: the runner's writes may have been followed by other changes
      }
      if (!this.busy()) return;
    }
  }

  /** Something is queued, due or settling (a folder that is gone waits for nothing but the work already queued). */
  private busy(): boolean {
    if (this.closed) return false;
    if (this.queued > 0) return true;
    return !this.rootGone && (this.pending.size > 0 || this.tickTimer !== null || this.structureTimer !== null);
  }

  /** When the last open own-write window closes (Infinity: a write is in progress; 0: none open). */
  private ownWindowEnd(): number {
    let end = 0;
    for (const mark of this.own.values()) {
      if (mark.deleted) continue; // events after our deletions are looked at anyway (isOwn)
      end = Math.max(end, mark.active > 0 ? Infinity : mark.until);
    }
    return end;
  }

  /** A marker file in each watched data/<type>/ folder, and its event: the events before it have been delivered. */
  private async flushEvents(): Promise<void> {
    if (this.closed || this.rootGone) return;
    await Promise.all(
      [...this.typeWatches.keys()].map(async (type) => {
        const name = `${MARKER_PREFIX}${randomBytes(6).toString('hex')}`;
        const file = path.join(this.root, DATA_DIR, type, name);
        const seen = new Promise<void>((resolve) => this.markers.set(name, resolve));
        try {
          await fsp.writeFile(file, '', { flag: 'wx' });
        } catch {
          this.markers.delete(name); // the folder went (or cannot be written): the structure watch deals with that
          return;
        }
        await seen;
        await fsp.rm(file, { force: true }).catch(() => undefined);
      }),
    );
  }

  /** Markers whose watch is gone will not be seen: their waits end (settled() looks again). */
  private releaseMarkers(): void {
    for (const resolve of this.markers.values()) resolve();
    this.markers.clear();
  }

  private async processDue(): Promise<void> {
    const now = Date.now();
    for (const [key, mark] of this.own) if (mark.active === 0 && mark.until < now) this.own.delete(key);
    const due = [...this.pending.entries()].filter(([, p]) => p.due <= now);
    for (const [key, item] of due) {
      if (this.closed || this.rootGone) return;
      if (this.pending.get(key) !== item) continue; // a newer event for it is settling
      this.pending.delete(key);
      let outcome: 'done' | 'later' = 'done';
      try {
        outcome = await this.checker.check(item.type, item.stem);
      } catch (error) {
        this.report(`${DATA_DIR}/${item.type}/${docFileName(item.stem)}`, `could not be checked: ${message(error)}`);
      }
      if (outcome === 'later' && !this.pending.has(key)) {
        const delay = Math.min(DEFER_MAX_MS, this.settleMs * 2 ** Math.min(item.attempts, 6));
        this.pending.set(key, { ...item, due: Date.now() + delay, attempts: item.attempts + 1 });
      }
    }
    if (this.pending.size > 0) {
      const next = Math.min(...[...this.pending.values()].map((p) => p.due));
      this.armTick(Math.max(10, next - Date.now()));
    }
  }

  // ---- the whole of data/ ------------------------------------------------

  /**
   * Compares data/ with the database once the runner has caught up: live
   * documents without a file are written again, files of documents the
   * database does not have live are looked at (moved back from _deleted/?).
   * Names only, and one listing of the database's ids: no file is read
   * except those, so it is cheap on a big folder.
   */
  private async scan(): Promise<void> {
    if (!(await this.waitCaughtUp())) return;
    // The runner's first pass may have made the type folders while the structure watch was
    // starting, too early for it to report them: each one found now is watched.
    await this.syncTypeWatches();
    const { db, runner } = this.options;
    const live = new Map<string, string>();
    // In pages, so the main thread is never held for long.
    for (let startkey: string | undefined; ; ) {
      // An end key past every id: without one PouchDB's LevelDB adapter stops at U+00FF (apache/pouchdb#6375).
      const { rows } = await db.allDocs({ limit: 2000, endkey: '\u{10ffff}', ...(startkey === undefined ? {} : { startkey, skip: 1 }) });
      if (rows.length === 0 || this.closed) break;
      startkey = rows.at(-1)!.id;
      for (const row of rows) {
        if (row.id.startsWith('_design/')) continue;
        const { type, stem } = locateDoc(row.id);
        live.set(`${type}/${stem}`, row.id);
      }
    }
    const present = new Set<string>();
    const unknown: Pending[] = [];
    for (const type of TYPES) {
      let names: string[];
      try {
        names = await fsp.readdir(path.join(this.root, DATA_DIR, type));
      } catch {
        names = [];
      }
      for (const name of names) {
        const parsed = classifyName(name);
        if (parsed?.kind !== 'doc') continue;
        const key = `${type}/${parsed.stem}`;
        present.add(key);
        if (!live.has(key)) unknown.push({ type, stem: parsed.stem, due: 0, attempts: 0 });
      }
    }
    if (this.closed || this.rootGone || !(await isDirectory(this.root))) return;
    const missing = [...live].filter(([key]) => !present.has(key)).map(([, id]) => id);
    if (missing.length > 0) runner.requestRefresh(missing);
    for (const item of unknown) {
      if (this.closed || this.rootGone) return;
      const outcome = await this.checker.check(item.type, item.stem).catch((error) => {
        this.report(`${DATA_DIR}/${item.type}/${docFileName(item.stem)}`, `could not be checked: ${message(error)}`);
        return 'done' as const;
      });
      if (outcome === 'later') this.pending.set(`${item.type}/${item.stem}`, { ...item, due: Date.now() + this.settleMs, attempts: 1 });
    }
    if (this.pending.size > 0) this.armTick(this.settleMs);
  }

  /** Waits until the runner has written every change (its session reached the database's end). */
  private async waitCaughtUp(): Promise<boolean> {
    for (let delay = 50; !this.closed && !this.rootGone; delay = Math.min(delay * 2, 1000)) {
      const info = await this.options.db.info();
      if (Number(this.options.runner.session.lastSeq) >= Number(info.update_seq)) return true;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    return false;
  }

  private report(rel: string | null, reason: string): void {
    try {
      this.options.onError?.({ path: rel, reason });
    } catch {
      // The listener's problem.
    }
  }
}

/** Watches the backup folder of a live runner; see the top of this file. */
export function watchBackupFolder(options: BackupFolderWatcherOptions): BackupFolderWatcher {
  return new FolderWatcher(options);
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await fsp.stat(dir).catch(() => null))?.isDirectory() === true;
}

function message(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
