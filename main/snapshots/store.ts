// The snapshot store's objects and refs: a bare git repository,
// `<backup folder>/snapshots.git/` (docs/snapshot-format.md). Objects are
// written as pack files, each fsynced (pack, then its index) before anything
// names them; refs are written to a temporary file, fsynced and renamed.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checkObject, ObjectError, PackReader, PackWriter, readLoose } from './pack';
import { objectId, type GitObject } from './git-objects';

export const STORE_DIR = 'snapshots.git';
export const SNAPSHOT_FORMAT_VERSION = 1;
/** In the git directory: the store's format version, which a newer Quire may raise. */
export const FORMAT_FILE = 'quire-snapshots.json';
export const REF_PREFIX = 'refs/snapshots';
const TEMP_PREFIX = 'tmp-quire-';
/** Temporary files younger than this may belong to a snapshot another installation is taking now. */
export const GRACE_MS = 60 * 60_000;
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

function fsyncPath(p: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    // Windows cannot open a folder to fsync it; its renames are durable once the file is.
    if (process.platform !== 'win32') throw error;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Writes `data` to `file` crash-safely: a temporary file beside it, fsynced, renamed over it, the folder fsynced. */
function writeDurably(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
  const fd = fs.openSync(temp, 'wx');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  fsyncPath(dir);
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

export interface WriteStats {
  objects: number;
  bytes: number;
}

export class ObjectStore {
  private packs: PackReader[] = [];
  private readonly pending = new Map<string, GitObject>();
  private pendingBytes = 0;
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
      for (const dir of ['objects/pack', 'objects/info', 'refs/heads', 'refs/tags', REF_PREFIX]) fs.mkdirSync(path.join(gitdir, dir), { recursive: true });
      if (!fs.existsSync(path.join(gitdir, 'HEAD'))) writeDurably(path.join(gitdir, 'HEAD'), `ref: refs/heads/${options.head ?? 'main'}\n`);
      if (!fs.existsSync(path.join(gitdir, 'config'))) {
        writeDurably(path.join(gitdir, 'config'), '[core]\n\trepositoryformatversion = 0\n\tfilemode = false\n\tbare = true\n');
      }
      // Last: a folder without it is a store whose creation did not finish, made again next time.
      writeDurably(formatFile, `${JSON.stringify({ formatVersion: SNAPSHOT_FORMAT_VERSION, note: 'Quire snapshots: see docs/snapshot-format.md' }, null, 2)}\n`);
    }
    let format: { formatVersion?: unknown };
    try {
      format = JSON.parse(fs.readFileSync(formatFile, 'utf8')) as { formatVersion?: unknown };
    } catch {
      throw new SnapshotStoreError(`${formatFile} is damaged (not JSON); the store's format is unknown`);
    }
    const version = Number(format.formatVersion);
    if (!Number.isInteger(version) || version < 1) throw new SnapshotStoreError(`${formatFile} names no format version`);
    if (version > SNAPSHOT_FORMAT_VERSION) throw new SnapshotStoreError(newerStoreMessage(gitdir, version));
    return new ObjectStore(gitdir);
  }

  private get packDir(): string {
    return path.join(this.gitdir, 'objects', 'pack');
  }

  private loadPacks(): void {
    for (const p of this.packs) p.close();
    this.packs = [];
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

  packFiles(): { pack: string; index: string; mtimeMs: number; oids: string[] }[] {
    return this.packs.map((p) => ({
      pack: p.packPath,
      index: p.packPath.replace(/\.pack$/, '.idx'),
      mtimeMs: fs.statSync(p.packPath).mtimeMs,
      oids: p.oids(),
    }));
  }

  private loosePath(oid: string): string {
    return path.join(this.gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
  }

  has(oid: string): boolean {
    return this.pending.has(oid) || this.packs.some((p) => p.has(oid)) || fs.existsSync(this.loosePath(oid));
  }

  /** Reads an object, its hash checked; throws ObjectError when it is missing or damaged. */
  read(oid: string): GitObject {
    const pending = this.pending.get(oid);
    if (pending) return pending;
    let error: ObjectError | null = null;
    for (const pack of this.packs) {
      const offset = pack.offsetOf(oid);
      if (offset === undefined) continue;
      try {
        const object = pack.readAt(offset, oid, (base) => this.read(base));
        checkObject(oid, object);
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

  /** Adds an object (written with the next flush unless the store has it); returns its id. */
  add(object: GitObject): string {
    const oid = objectId(object.type, object.data);
    if (!this.has(oid)) {
      this.pending.set(oid, object);
      this.pendingBytes += object.data.length;
      if (this.pendingBytes >= PACK_BYTES) this.flush();
    }
    return oid;
  }

  /** Queues copies of objects held only in `leaving` packs (prune), for the next flush. */
  addCopies(objects: Map<string, GitObject>, leaving: Set<string>): void {
    for (const [oid, object] of objects) {
      const elsewhere = this.packs.some((p) => !leaving.has(p.packPath) && p.has(oid)) || fs.existsSync(this.loosePath(oid));
      if (elsewhere || this.pending.has(oid)) continue;
      this.pending.set(oid, object);
      this.pendingBytes += object.data.length;
    }
  }

  /** Writes the waiting objects as one pack: pack and index fsynced, then renamed into place, then the folder fsynced. */
  flush(): void {
    if (this.pending.size === 0) return;
    const temp = path.join(this.packDir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    const fd = fs.openSync(`${temp}.pack`, 'wx');
    let result: { checksum: string; index: Buffer };
    let bytes: number;
    try {
      const writer = new PackWriter(fd, this.pending.size);
      for (const [oid, object] of this.pending) writer.add(oid, object);
      result = writer.finish();
      bytes = writer.bytes;
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const ifd = fs.openSync(`${temp}.idx`, 'wx');
    try {
      fs.writeSync(ifd, result.index);
      fs.fsyncSync(ifd);
    } finally {
      fs.closeSync(ifd);
    }
    const base = path.join(this.packDir, `pack-${result.checksum}`);
    // The pack first: git (and this store) finds a pack through its index.
    fs.renameSync(`${temp}.pack`, `${base}.pack`);
    fs.renameSync(`${temp}.idx`, `${base}.idx`);
    fsyncPath(this.packDir);
    this.written.objects += this.pending.size;
    this.written.bytes += bytes + result.index.length;
    this.pending.clear();
    this.pendingBytes = 0;
    this.packs.push(new PackReader(`${base}.pack`, `${base}.idx`));
  }

  /** Every snapshot ref: its name under refs/snapshots/ and the commit it names. */
  refs(): { name: string; oid: string }[] {
    const out = new Map<string, string>();
    // `git gc` moves refs into packed-refs; a loose ref file overrides a packed one.
    const packed = path.join(this.gitdir, 'packed-refs');
    if (fs.existsSync(packed)) {
      for (const line of fs.readFileSync(packed, 'utf8').split('\n')) {
        const m = /^([0-9a-f]{40}) (refs\/snapshots\/\S+)$/.exec(line);
        if (m) out.set(m[2]!.slice(REF_PREFIX.length + 1), m[1]!);
      }
    }
    const root = path.join(this.gitdir, REF_PREFIX);
    const walk = (dir: string, prefix: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith(TEMP_PREFIX) || entry.name.startsWith('.')) continue;
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
        else if (entry.isFile()) {
          const oid = fs.readFileSync(path.join(dir, entry.name), 'utf8').trim();
          if (/^[0-9a-f]{40}$/.test(oid)) out.set(rel, oid);
        }
      }
    };
    if (fs.existsSync(root)) walk(root, '');
    return [...out].map(([name, oid]) => ({ name, oid }));
  }

  /** Points refs/snapshots/<name> at a commit, durably. */
  setRef(name: string, oid: string): void {
    writeDurably(path.join(this.gitdir, REF_PREFIX, ...name.split('/')), `${oid}\n`);
  }

  /** Removes a snapshot ref (a loose one; a packed one is dropped from packed-refs). */
  deleteRef(name: string): void {
    fs.rmSync(path.join(this.gitdir, REF_PREFIX, ...name.split('/')), { force: true });
    const packed = path.join(this.gitdir, 'packed-refs');
    if (fs.existsSync(packed)) {
      const lines = fs.readFileSync(packed, 'utf8').split('\n');
      const kept = lines.filter((l) => !l.endsWith(` ${REF_PREFIX}/${name}`));
      if (kept.length !== lines.length) writeDurably(packed, kept.join('\n'));
    }
  }

  /** Deletes temporary files left by a crash, once old enough not to belong to a snapshot being taken now. */
  cleanTemporaryFiles(now = Date.now()): void {
    for (const dir of [this.packDir, path.join(this.gitdir, REF_PREFIX), this.gitdir]) {
      for (const name of listDir(dir)) {
        if (!name.startsWith(TEMP_PREFIX)) continue;
        const file = path.join(dir, name);
        const stat = fs.statSync(file, { throwIfNoEntry: false });
        if (stat?.isFile() && now - stat.mtimeMs > GRACE_MS) fs.rmSync(file, { force: true });
      }
    }
  }

  /** Removes a pack (index first, so no reader finds a pack half gone). */
  removePack(pack: string): void {
    fs.rmSync(pack.replace(/\.pack$/, '.idx'), { force: true });
    fs.rmSync(pack, { force: true });
    this.loadPacks();
  }

  close(): void {
    for (const p of this.packs) p.close();
  }
}
