// The snapshot store's objects and refs: a bare git repository,
// `<backup folder>/snapshots.git/` (docs/snapshot-format.md). Objects are
// written as pack files, each fsynced (pack, then its index) before anything
// names them; refs are written to a temporary file, fsynced and renamed.
// A pack that prune wants gone is first marked (quire-garbage/) and removed
// only a grace period later: see "Prune and other installations" in the doc.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkObject, ObjectError, PackReader, PackWriter, readLoose } from './pack';
import { objectId, type GitObject } from './git-objects';
import { TEMP_PREFIX, fsyncPath, listDir, makeDirsBelow, writeAll, writeDurably } from './durable';
import { REF_PREFIX, deleteRef, readRefState, refNamesInUse } from './refs';

export const STORE_DIR = 'snapshots.git';
/**
 * The newest format this version reads and the one it writes. 2: three levels of fan-out
 * below each section instead of one (snapshots.ts, FAN_WIDTHS). Format 1 stores and
 * snapshots are still read; the first snapshot written into one raises its format file.
 */
export const SNAPSHOT_FORMAT_VERSION = 2;
/** In the git directory: the store's format version, which a newer Quire may raise. */
export const FORMAT_FILE = 'quire-snapshots.json';
/** Written by a verify that found damage: the next snapshot is a fresh one, which writes new copies of what it can (take.ts). */
export const REPAIR_FILE = 'quire-repair';
export { REF_PREFIX };
/** Temporary files younger than this may belong to a snapshot another installation is taking now. */
export const GRACE_MS = 60 * 60_000;
/**
 * A pack marked as garbage is removed no sooner than this after its mark: longer than any
 * snapshot takes plus the time a cloud-synced folder takes to carry the mark and a new
 * snapshot's ref between computers (and their clocks' difference).
 */
export const PRUNE_GRACE_MS = 24 * 60 * 60_000;
/** A pack without its index, no object of which any snapshot misses, is removed by a prune once this old: a sync may deliver a pack before its index. */
const ORPHAN_MS = 7 * 24 * 60 * 60_000;
export const GARBAGE_DIR = 'quire-garbage';
/** Objects are flushed to a pack once this many bytes wait: bounds memory on a first snapshot. */
const PACK_BYTES = 32 * 1024 * 1024;

export class SnapshotStoreError extends Error {
  override name = 'SnapshotStoreError';
}

export function newerStoreMessage(gitdir: string, version: number): string {
  return (
    `The snapshots in ${gitdir} were made by a newer version of Quire (snapshot format ${version}; this version ` +
    `knows format ${SNAPSHOT_FORMAT_VERSION}). Quire leaves them untouched: update Quire to use them.`
  );
}

const formatText = (version: number) => `${JSON.stringify({ formatVersion: version, note: 'Quire snapshots: see docs/snapshot-format.md' }, null, 2)}\n`;

export interface WriteStats {
  objects: number;
  bytes: number;
}

export interface PackFile {
  pack: string;
  index: string;
  mtimeMs: number;
  bytes: number;
  oids: string[];
  /** When prune marked it as garbage (ms since the epoch), or null. */
  marked: number | null;
}

/** Whether a store folder holds anything a finished creation writes after its format file: a pack, a loose object, a ref. */
function hasContent(gitdir: string): boolean {
  const any = (dir: string, depth: number): boolean => listDir(dir).some((name) => {
    const p = path.join(dir, name);
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    return stat?.isFile() === true || (stat?.isDirectory() === true && depth > 0 && any(p, depth - 1));
  });
  if (fs.existsSync(path.join(gitdir, 'packed-refs'))) return true;
  const objects = path.join(gitdir, 'objects');
  return any(path.join(objects, 'pack'), 0) || listDir(objects).some((d) => /^[0-9a-f]{2}$/.test(d) && any(path.join(objects, d), 0)) || any(path.join(gitdir, 'refs'), 3);
}

export class ObjectStore {
  private packs: PackReader[] = [];
  private lastHit: PackReader | null = null;
  private loose: Set<string> | null = null;
  /** Packs marked as garbage: still read, never reused by a new snapshot (it writes its own copy). */
  private marked = new Map<string, number>();
  private readonly pending = new Map<string, GitObject>();
  private pendingBytes = 0;
  /** Objects a new snapshot names without writing them, by the pack that held them: checked before its ref is written. */
  private readonly reused = new Map<string, string>();
  readonly written: WriteStats = { objects: 0, bytes: 0 };

  private constructor(readonly gitdir: string) {
    this.loadPacks();
  }

  /** The store of a backup folder; null when it has none and `create` is false. Refuses a store of a newer format. */
  static open(folder: string, options: { create: boolean; head?: string }): ObjectStore | null {
    const gitdir = path.join(folder, STORE_DIR);
    const formatFile = path.join(gitdir, FORMAT_FILE);
    if (!fs.existsSync(formatFile)) {
      if (!options.create) {
        if (fs.existsSync(gitdir)) throw new SnapshotStoreError(`${gitdir} is not a Quire snapshot store (it has no ${FORMAT_FILE})`);
        return null;
      }
      if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new SnapshotStoreError(`${folder} is not a folder`);
      // Made again only where a creation did not finish (no object, no ref yet): a git repository with
      // content and no format file is someone else's (or one whose file was lost), not to be written into.
      if (hasContent(gitdir)) {
        throw new SnapshotStoreError(
          `${gitdir} holds a git repository that is not marked as a Quire snapshot store (it has no ${FORMAT_FILE}), so Quire leaves it alone. ` +
          `If it is Quire's and that file was lost, put it back with {"formatVersion": ${SNAPSHOT_FORMAT_VERSION}} in it; else move the repository elsewhere.`,
        );
      }
      for (const dir of ['objects/pack', 'objects/info', 'refs/heads', 'refs/tags', REF_PREFIX]) makeDirsBelow(folder, path.join(gitdir, dir));
      if (!fs.existsSync(path.join(gitdir, 'HEAD'))) writeDurably(path.join(gitdir, 'HEAD'), `ref: refs/heads/${options.head ?? 'main'}\n`, { root: gitdir });
      if (!fs.existsSync(path.join(gitdir, 'config'))) {
        writeDurably(path.join(gitdir, 'config'), '[core]\n\trepositoryformatversion = 0\n\tfilemode = false\n\tbare = true\n', { root: gitdir });
      }
      // Last: a folder without it is a store whose creation did not finish, made again next time.
      writeDurably(formatFile, formatText(SNAPSHOT_FORMAT_VERSION), { root: gitdir });
    }
    let format: { formatVersion?: unknown };
    try {
      format = JSON.parse(fs.readFileSync(formatFile, 'utf8')) as { formatVersion?: unknown };
    } catch {
      throw new SnapshotStoreError(
        `${formatFile} is damaged (not JSON), so the store's format is unknown and Quire does not write to it; ` +
        `the snapshots are untouched. Put back a copy of that file, or write {"formatVersion": ${SNAPSHOT_FORMAT_VERSION}} in it if this Quire made the store.`,
      );
    }
    const version = typeof format?.formatVersion === 'number' ? format.formatVersion : NaN;
    if (!Number.isInteger(version) || version < 1) {
      throw new SnapshotStoreError(`${formatFile} names no format version (a whole number), so Quire does not write to the store; the snapshots are untouched.`);
    }
    if (version > SNAPSHOT_FORMAT_VERSION) throw new SnapshotStoreError(newerStoreMessage(gitdir, version));
    return new ObjectStore(gitdir);
  }

  /** Makes the store's format file name at least `version`, durably: before a snapshot of that format becomes visible. */
  raiseFormat(version: number): void {
    const file = path.join(this.gitdir, FORMAT_FILE);
    const current = Number((JSON.parse(fs.readFileSync(file, 'utf8')) as { formatVersion?: unknown }).formatVersion);
    if (current < version) writeDurably(file, formatText(version), { root: this.gitdir });
  }

  private get packDir(): string {
    return path.join(this.gitdir, 'objects', 'pack');
  }

  private get garbageDir(): string {
    return path.join(this.gitdir, GARBAGE_DIR);
  }

  private markFile(pack: string): string {
    return path.join(this.garbageDir, `${path.basename(pack, '.pack')}.json`);
  }

  private loadPacks(): void {
    for (const p of this.packs) p.close();
    this.loose = null;
    this.packs = [];
    this.marked = new Map();
    for (const name of listDir(this.garbageDir)) {
      // Anything else there (a sync tool's conflicted copy, a foreign file) marks nothing.
      const m = /^(pack-[0-9a-f]{40})\.json$/.exec(name);
      if (!m) continue;
      try {
        const time = Date.parse(String((JSON.parse(fs.readFileSync(path.join(this.garbageDir, name), 'utf8')) as { marked?: unknown }).marked));
        if (Number.isFinite(time)) this.marked.set(path.join(this.packDir, `${m[1]!}.pack`), time);
      } catch {
        // A mark cut short by a crash: the pack is treated as unmarked, and prune marks it again.
      }
    }
    for (const name of listDir(this.packDir)) {
      if (!/^pack-[0-9a-f]{40}\.idx$/.test(name)) continue;
      const pack = path.join(this.packDir, name.replace(/\.idx$/, '.pack'));
      if (!fs.existsSync(pack)) continue;
      try {
        this.packs.push(new PackReader(pack, path.join(this.packDir, name)));
      } catch {
        // A damaged index: its objects read as missing, which verify reports.
      }
    }
  }

  /** The packs as listed when the store was opened (or last reloaded), less those another process has removed since. */
  packFiles(): PackFile[] {
    return this.packs.flatMap((p) => {
      const stat = fs.statSync(p.packPath, { throwIfNoEntry: false });
      if (!stat) return [];
      return [{
        pack: p.packPath,
        index: p.packPath.replace(/\.pack$/, '.idx'),
        mtimeMs: stat.mtimeMs,
        bytes: stat.size,
        oids: p.oids(),
        marked: this.marked.get(p.packPath) ?? null,
      }];
    });
  }

  /** Marks a pack as garbage (durably), to be removed by a prune at least PRUNE_GRACE_MS later. */
  markGarbage(pack: string, now: Date): void {
    writeDurably(this.markFile(pack), `${JSON.stringify({ marked: now.toISOString() })}\n`, { root: this.gitdir });
    this.marked.set(pack, now.getTime());
  }

  /** The unmarked pack (or loose file) holding `oid`, for a new snapshot to name. */
  private holder(oid: string, except?: string): string | null {
    for (const p of this.packs) if (p.packPath !== except && !this.marked.has(p.packPath) && p.has(oid)) return p.packPath;
    return this.looseObjects().has(oid) ? this.loosePath(oid) : null;
  }

  /**
   * The loose objects (git's own commands may write some; Quire writes
   * packs), listed once per listing of the packs: a file test per object was
   * a twentieth of a prune's time. One missed because git wrote it since is
   * only written again into the next pack.
   */
  private looseObjects(): ReadonlySet<string> {
    if (this.loose) return this.loose;
    const loose = new Set<string>();
    const objects = path.join(this.gitdir, 'objects');
    for (const dir of listDir(objects)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const name of listDir(path.join(objects, dir))) if (/^[0-9a-f]{38}$/.test(name)) loose.add(dir + name);
    }
    this.loose = loose;
    return loose;
  }

  private loosePath(oid: string): string {
    return path.join(this.gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
  }

  /** Whether a new snapshot may name `oid` without writing it: pending, or in an unmarked pack (or loose), `except` one. */
  has(oid: string, except?: string): boolean {
    return this.pending.has(oid) || this.holder(oid, except) !== null;
  }

  /** Reads an object, its hash checked; throws ObjectError when it is missing or damaged. */
  read(oid: string): GitObject {
    const pending = this.pending.get(oid);
    if (pending) return pending;
    try {
      return this.readPacked(oid);
    } catch (error) {
      // Another process merged a pack away since this one listed them: its objects are in the merged pack.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.loadPacks();
      return this.readPacked(oid);
    }
  }

  private readPacked(oid: string): GitObject {
    let error: ObjectError | null = null;
    const key = Buffer.from(oid, 'hex');
    // The pack that held the last object first: objects read together were mostly written together.
    const first = this.lastHit !== null && this.packs.includes(this.lastHit) ? this.lastHit : null;
    for (let i = first ? -1 : 0; i < this.packs.length; i++) {
      const pack = i < 0 ? first! : this.packs[i]!;
      if (i >= 0 && pack === first) continue;
      const offset = pack.offsetOf(oid, key);
      if (offset === undefined) continue;
      try {
        const object = pack.readAt(offset, oid, (base) => this.read(base));
        checkObject(oid, object);
        this.lastHit = pack;
        return object;
      } catch (e) {
        if (!(e instanceof ObjectError)) throw e;
        error = e; // another pack may hold a good copy
      }
    }
    const loose = this.loosePath(oid);
    if (fs.existsSync(loose)) {
      const object = readLoose(loose, oid);
      checkObject(oid, object);
      return object;
    }
    throw error ?? new ObjectError(oid, 'missing');
  }

  /**
   * Where the object lies, as a number that orders objects as they lie in
   * the packs (pack, then offset); past every pack for one in none. Reading
   * many objects in this order reads each pack front to back, a window of
   * many objects at a time (PackReader.read), instead of a read per object.
   */
  placeOf(oid: string): number {
    const key = Buffer.from(oid, 'hex');
    // The pack of the last one placed first: most of a snapshot's documents lie in one or two packs.
    const last = this.lastPlaced < this.packs.length ? this.packs[this.lastPlaced]!.offsetOf(oid, key) : undefined;
    if (last !== undefined) return this.lastPlaced * 2 ** 40 + last;
    for (let i = 0; i < this.packs.length; i++) {
      const offset = i === this.lastPlaced ? undefined : this.packs[i]!.offsetOf(oid, key);
      if (offset === undefined) continue;
      this.lastPlaced = i;
      return i * 2 ** 40 + offset;
    }
    return Number.MAX_SAFE_INTEGER;
  }
  private lastPlaced = 0;

  /**
   * Reads an object at the place placeOf gave it, without searching the
   * indexes again; its hash is checked as read() checks it. Where that place
   * no longer holds it (the packs were merged since, or the copy there is
   * damaged), read() looks for it everywhere.
   */
  readPlaced(oid: string, place: number): GitObject {
    const pack = this.pending.has(oid) ? undefined : this.packs[Math.floor(place / 2 ** 40)];
    if (!pack) return this.read(oid);
    try {
      const object = pack.readAt(place % 2 ** 40, oid, (base) => this.read(base));
      checkObject(oid, object);
      this.lastHit = pack;
      return object;
    } catch {
      return this.read(oid);
    }
  }

  /** A whole object as a pack stores it, its CRC checked (PackReader.compressedEntry), or null: then read() it. */
  compressedEntry(oid: string): ReturnType<PackReader['compressedEntry']> {
    const key = Buffer.from(oid, 'hex');
    for (const pack of this.packs) {
      if (pack.offsetOf(oid, key) === undefined) continue;
      try {
        return pack.compressedEntry(key);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    }
    return null;
  }

  /** Adds an object (written with the next flush unless the store has it); returns its id. */
  /**
   * Whether add() reads an object the store already holds before naming it:
   * a snapshot that repairs the store (take.ts) writes a new copy of one that
   * is damaged or missing, rather than name the damaged one again.
   */
  checkReused = false;

  add(object: GitObject): string {
    const oid = objectId(object.type, object.data);
    if (this.pending.has(oid) || this.reused.has(oid)) return oid;
    let holder = this.holder(oid);
    if (holder && this.checkReused && !this.readable(oid)) holder = null;
    if (holder) this.reused.set(oid, holder);
    else {
      this.pending.set(oid, object);
      this.pendingBytes += object.data.length;
      if (this.pendingBytes >= PACK_BYTES) this.flush();
    }
    return oid;
  }

  private readable(oid: string): boolean {
    try {
      this.read(oid);
      return true;
    } catch (error) {
      if (error instanceof ObjectError) return false;
      throw error;
    }
  }

  /** Writes the waiting objects as one pack. */
  flush(): void {
    if (this.pending.size === 0) return;
    const { bytes } = this.writePack(this.pending.size, (writer) => {
      for (const [oid, object] of this.pending) writer.add(oid, object);
    });
    this.written.objects += this.pending.size;
    this.written.bytes += bytes;
    this.pending.clear();
    this.pendingBytes = 0;
  }

  /**
   * Writes a pack of `count` objects that `fill` adds: pack and index written
   * under temporary names and fsynced, renamed into place (pack first), the
   * folder fsynced. Returns its path and size (pack and index).
   */
  writePack(count: number, fill: (writer: PackWriter) => void): { pack: string; bytes: number } {
    // No .pack or .idx ending until complete: git takes every *.idx in objects/pack for an index.
    const temp = path.join(this.packDir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    const fd = fs.openSync(`${temp}-pack`, 'wx');
    let result: { checksum: string; index: Buffer; bytes: number } | null = null;
    try {
      const writer = new PackWriter(fd, count);
      fill(writer);
      result = { ...writer.finish(), bytes: writer.bytes };
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
      // Given up (an object that cannot be read, a full disk): nothing of it stays.
      if (!result) fs.rmSync(`${temp}-pack`, { force: true });
    }
    const base = path.join(this.packDir, `pack-${result.checksum}`);
    let placed = false;
    try {
      const ifd = fs.openSync(`${temp}-idx`, 'wx');
      try {
        writeAll(ifd, result.index);
        fs.fsyncSync(ifd);
      } finally {
        fs.closeSync(ifd);
      }
      // The pack first: git (and this store) finds a pack through its index.
      fs.renameSync(`${temp}-pack`, `${base}.pack`);
      fs.renameSync(`${temp}-idx`, `${base}.idx`);
      placed = true;
    } finally {
      // The index could not be written (a full disk): the finished pack would hold that space for an hour
      // (until cleanTemporaryFiles takes it), so that the next try fails too even once space is freed.
      if (!placed) {
        fs.rmSync(`${temp}-pack`, { force: true });
        fs.rmSync(`${temp}-idx`, { force: true });
      }
    }
    fsyncPath(this.packDir);
    if (!this.packs.some((p) => p.packPath === `${base}.pack`)) this.packs.push(new PackReader(`${base}.pack`, `${base}.idx`));
    return { pack: `${base}.pack`, bytes: result.bytes + result.index.length };
  }

  /** Every snapshot ref: its name under refs/snapshots/ and the commit it names (refs.ts). */
  refs(): { name: string; oid: string }[] {
    return readRefState(this.gitdir).refs;
  }

  /** Refs under refs/snapshots/ that name no commit (cut short, a foreign file, a packed line cut short): verify lists them. */
  badRefs(): { name: string; content: string }[] {
    return readRefState(this.gitdir).bad.map(({ name, content }) => ({ name, content }));
  }

  /** Every ref name in use, readable or not (refs.ts): a new snapshot's counter is above all of them. */
  refNamesInUse(): string[] {
    return refNamesInUse(this.gitdir);
  }

  /** Removes a snapshot ref (a loose one; a packed one is dropped from packed-refs). */
  deleteRef(name: string): void {
    deleteRef(this.gitdir, name);
  }

  /**
   * Points refs/snapshots/<name> at a commit, durably. First, every object the
   * snapshot names without having written it must still be in the store: a
   * pack it was found in may have been merged away meanwhile (then it is in
   * the merged pack) or removed by a prune (then the snapshot is refused, and
   * the next one writes its own copy). Merging the small packs is not done
   * here: it is a step of its own after the snapshot (SnapshotWriter.merge).
   */
  setRef(name: string, oid: string): void {
    const gone = [...this.reused].filter(([, holder]) => !fs.existsSync(holder));
    if (gone.length > 0) {
      this.loadPacks();
      const missing = gone.filter(([o]) => this.holder(o) === null);
      if (missing.length > 0) {
        throw new SnapshotStoreError(`${missing.length} objects this snapshot reuses were removed from the store while it was taken; take it again`);
      }
    }
    writeDurably(path.join(this.gitdir, REF_PREFIX, ...name.split('/')), `${oid}\n`, { root: this.gitdir, tempDir: this.gitdir });
  }

  /**
   * Finishes or cleans up what a crash left: temporary files once old enough
   * not to belong to a snapshot being taken now, a pack whose index a crashed
   * removal already deleted, marks of packs already removed.
   */
  cleanTemporaryFiles(now = Date.now()): void {
    const old = (file: string, age: number) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      return stat?.isFile() === true && now - stat.mtimeMs > age;
    };
    for (const dir of [this.packDir, path.join(this.gitdir, REF_PREFIX), this.gitdir, this.garbageDir]) {
      for (const name of listDir(dir)) {
        const file = path.join(dir, name);
        if (name.startsWith(TEMP_PREFIX) && old(file, GRACE_MS)) fs.rmSync(file, { force: true });
      }
    }
    for (const name of listDir(this.packDir)) {
      const file = path.join(this.packDir, name);
      if (/^pack-[0-9a-f]{40}\.pack$/.test(name) && !fs.existsSync(file.replace(/\.pack$/, '.idx'))) {
        // Only a pack whose removal a prune had begun. Any other pack without its index (a crash between the
        // two renames, or an index deleted by hand or by a sync tool) may hold the only copy of what snapshots
        // name: it is kept, and verify reports it (`git index-pack` rebuilds its index).
        if (this.marked.has(file)) fs.rmSync(file, { force: true });
      }
    }
    for (const name of listDir(this.garbageDir)) {
      const m = /^(pack-[0-9a-f]{40})\.json$/.exec(name);
      if (m && !fs.existsSync(path.join(this.packDir, `${m[1]!}.pack`))) fs.rmSync(path.join(this.garbageDir, name), { force: true });
    }
  }

  /**
   * Removes the packs without their index older than ORPHAN_MS: a crash between
   * a new pack's rename and its index's leaves one, which no snapshot names.
   * Only for a caller that found every object the snapshots name (prune): a
   * pack whose index was lost otherwise may hold the only copy of some.
   */
  removeOrphanPacks(now = Date.now()): void {
    for (const file of this.packsWithoutIndex()) {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (stat && now - stat.mtimeMs > ORPHAN_MS) fs.rmSync(file, { force: true });
    }
  }

  /** Damage was found (verify): the next snapshot is to be a fresh one, which writes new copies of what it can (take.ts). */
  markForRepair(now = new Date()): void {
    writeDurably(path.join(this.gitdir, REPAIR_FILE), `${now.toISOString()}\n`, { root: this.gitdir, tempDir: this.gitdir });
  }

  get repairWanted(): boolean {
    return fs.existsSync(path.join(this.gitdir, REPAIR_FILE));
  }

  /** A fresh snapshot is written: the mark is done with. */
  repaired(): void {
    fs.rmSync(path.join(this.gitdir, REPAIR_FILE), { force: true });
  }

  /** Pack files without their index (their objects cannot be read), other than those a prune was removing. */
  packsWithoutIndex(): string[] {
    return listDir(this.packDir)
      .filter((name) => /^pack-[0-9a-f]{40}\.pack$/.test(name) && !fs.existsSync(path.join(this.packDir, name.replace(/\.pack$/, '.idx'))))
      .map((name) => path.join(this.packDir, name))
      .filter((file) => !this.marked.has(file));
  }

  /** Removes a pack (index first, so no reader finds a pack half gone), then its mark. */
  removePack(pack: string): void {
    fs.rmSync(pack.replace(/\.pack$/, '.idx'), { force: true });
    fs.rmSync(pack, { force: true });
    fs.rmSync(this.markFile(pack), { force: true });
    this.loadPacks();
  }

  close(): void {
    for (const p of this.packs) p.close();
  }
}
