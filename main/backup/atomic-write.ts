// Every write into the user's folder: a temporary file in the same folder,
// fsync, rename over the target, fsync of the folder. A crash leaves either
// the old file or the new one, never a torn one; what it can leave is a
// temporary file, named so that we, our watcher and cloud-sync tools know it
// for one (a leading dot, `.quire-tmp-`), and tagged with the writer's id so
// that each installation cleans up only its own leftovers.
//
// Paths are given relative to a root and checked twice: lexically (no `..`,
// no absolute part) and, for every folder we write into, after resolving
// symbolic links, so nothing is ever written outside the chosen root.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { TEMP_PREFIX } from '../backup-format/temp-files';

export { TEMP_PREFIX, isTempName } from '../backup-format/temp-files';

export class OutsideRootError extends Error {
  override name = 'OutsideRootError';
}

/**
 * Opens a folder and nothing else: something put in its place since (a FIFO,
 * which a plain open would wait on for a writer forever; a file) is ENOTDIR.
 */
const DIR_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_DIRECTORY ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/** fsync of a folder, so a rename in it survives a power cut. Windows cannot open folders for this; NTFS journals renames. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, DIR_FLAGS);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export class AtomicWriter {
  readonly root: string;
  private realRoot: string | null = null;
  private readonly checkedDirs = new Set<string>();
  /** Folders with renames not yet made durable (when the caller syncs once per batch). */
  private readonly dirtyDirs = new Set<string>();

  constructor(
    root: string,
    /** Distinguishes this writer's temporary files from other installations'. */
    readonly tag: string,
  ) {
    this.root = path.resolve(root);
    if (!/^[a-z0-9]{1,16}$/.test(tag)) throw new Error(`temporary-file tag must be 1-16 of [a-z0-9], got ${JSON.stringify(tag)}`);
  }

  /** The absolute path of `rel`, refused if it would leave the root. */
  resolve(rel: string): string {
    const target = path.resolve(this.root, rel);
    if (!isInside(this.root, target)) throw new OutsideRootError(`refusing to write outside the backup folder: ${rel}`);
    return target;
  }

  /** Creates the folder of `rel` if needed (never the root itself: a missing root means the drive is gone) and checks where it really is. */
  async ensureDirOf(rel: string): Promise<string> {
    const dir = path.dirname(this.resolve(rel));
    if (this.checkedDirs.has(dir)) return dir;
    this.realRoot ??= await fsp.realpath(this.root);
    if (dir !== this.root) {
      // One level at a time from the root, never `recursive`: if the root went
      // away since it was checked (a drive unplugged), this fails with ENOENT
      // instead of re-creating it on whatever disk holds its parent.
      // Each level is checked before the next is created in it: a link at
      // `_deleted/` pointing elsewhere must not get a `note/` folder made there.
      let current = this.root;
      for (const part of path.relative(this.root, dir).split(path.sep)) {
        current = path.join(current, part);
        if (this.checkedDirs.has(current)) continue;
        try {
          await fsp.mkdir(current);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        await this.checkInside(current);
      }
    } else {
      await this.checkInside(dir);
    }
    this.checkedDirs.add(dir);
    return dir;
  }

  private async checkInside(dir: string): Promise<void> {
    const real = await fsp.realpath(dir);
    if (real !== this.realRoot && !isInside(this.realRoot!, real)) {
      throw new OutsideRootError(`refusing to write through a link that leaves the backup folder: ${dir}`);
    }
  }

  /**
   * Forgets what it checked: after an error the folder may have been removed
   * or replaced. Folders still waiting for their fsync are kept: the next
   * flush() makes them durable before anything counts on them.
   */
  reset(): void {
    this.checkedDirs.clear();
    this.realRoot = null;
  }

  /** Random per writer, counted per file: unique without a call into the CSPRNG for each of tens of thousands of files. */
  private readonly session = randomBytes(4).toString('hex');
  private tempCount = 0;

  tempPath(dir: string): string {
    return path.join(dir, `${TEMP_PREFIX}${this.tag}-${this.session}${(this.tempCount++).toString(36)}`);
  }

  /**
   * Writes `rel` atomically. With `deferDirSync` the folder's fsync waits for
   * flush(), so a batch of files costs one folder fsync instead of one each;
   * the file itself is always fsynced before the rename.
   */
  async write(rel: string, data: Uint8Array | string, options: { deferDirSync?: boolean } = {}): Promise<void> {
    const target = this.resolve(rel);
    const dir = await this.ensureDirOf(rel);
    const temp = this.tempPath(dir);
    const handle = await fsp.open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
    await handle.close();
    try {
      await fsp.rename(temp, target);
    } catch (error) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
    if (options.deferDirSync) this.dirtyDirs.add(dir);
    else await syncDirectory(dir);
  }

  /** Moves `fromRel` to `toRel` (both inside the root) by rename; false if there was nothing to move. */
  async move(fromRel: string, toRel: string, options: { deferDirSync?: boolean } = {}): Promise<boolean> {
    const from = this.resolve(fromRel);
    const to = this.resolve(toRel);
    await this.ensureDirOf(fromRel);
    const toDir = await this.ensureDirOf(toRel);
    try {
      await fsp.rename(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    const fromDir = path.dirname(from);
    if (options.deferDirSync) {
      this.dirtyDirs.add(fromDir);
      this.dirtyDirs.add(toDir);
    } else {
      await syncDirectory(toDir);
      await syncDirectory(fromDir);
    }
    return true;
  }

  /** Removes `rel` if it is there. */
  async remove(rel: string, options: { deferDirSync?: boolean } = {}): Promise<boolean> {
    const target = this.resolve(rel);
    try {
      await fsp.unlink(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    if (options.deferDirSync) this.dirtyDirs.add(path.dirname(target));
    else await syncDirectory(path.dirname(target));
    return true;
  }

  /**
   * Makes every deferred rename durable. A folder that could not be synced
   * stays pending (and the first such error is thrown); one that is gone
   * took its entries with it, so there is nothing left to make durable.
   */
  async flush(): Promise<void> {
    const dirs = [...this.dirtyDirs];
    const failures = await Promise.all(
      dirs.map(async (dir) => {
        try {
          await syncDirectory(dir);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code !== 'ENOENT' && code !== 'ENOTDIR') return error;
        }
        this.dirtyDirs.delete(dir);
        return null;
      }),
    );
    const failure = failures.find((f) => f !== null);
    if (failure) throw failure;
  }

  /** Folders with renames not yet durable (for tests of what a failure leaves). */
  get pendingDirs(): readonly string[] {
    return [...this.dirtyDirs];
  }

  /** Deletes this writer's own leftover temporary files (from a crash) in the given folders; others' are left alone. */
  async removeOwnTempFiles(relDirs: string[]): Promise<number> {
    const mine = `${TEMP_PREFIX}${this.tag}-`;
    let removed = 0;
    for (const relDir of relDirs) {
      const dir = relDir === '' ? this.root : this.resolve(relDir);
      let names: string[];
      try {
        names = await fsp.readdir(dir);
      } catch (error) {
        // Gone, or something else than a folder in its place: no leftovers of ours in it.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw error;
      }
      for (const name of names) {
        if (!name.startsWith(mine)) continue;
        await fsp.rm(path.join(dir, name), { force: true });
        removed++;
      }
    }
    return removed;
  }
}
