// `quire salvage --list`: the Quire databases on this computer, where the
// app keeps them (<user data>/db/<name>) under this OS's default data
// folder and any folder given, with their size, last change and note count.
// Notes are counted in a temporary copy, read below PouchDB (a damaged
// database is repaired there first), so the original is never opened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultUserDataDir, APP_NAME } from '../app/paths';
import { copyDatabaseFolder } from './copy';
import { RawLevelDb, repairLevelDb } from './leveldb';
import { scanRaw } from './raw-reader';
import { isLevelDbFolder } from './source';

export interface FoundDatabase {
  /** The database folder: what `salvage --src` takes. */
  path: string;
  /** The data folder it was found in. */
  userDataDir: string;
  bytes: number;
  /** The newest modification time of its files (ISO 8601). */
  lastChange: string | null;
  /** Notes in it (trash included), or null when it could not be read at all. */
  notes: number | null;
  /** Set when it is damaged or could not be read; `notes` then counts what could be read. */
  problem?: string;
}

/** Where Quire keeps its data on this OS (and, on Linux, both with and without XDG_CONFIG_HOME), then the folders given. */
export function userDataCandidates(
  given: readonly string[] = [],
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string[] {
  const dirs = [defaultUserDataDir(platform, env, home)];
  if (platform !== 'darwin' && platform !== 'win32') dirs.push(path.join(home, '.config', APP_NAME));
  if (env.QUIRE_USER_DATA) dirs.push(env.QUIRE_USER_DATA);
  dirs.push(...given);
  const seen = new Set<string>();
  return dirs.map((d) => path.resolve(d)).filter((d) => !seen.has(d) && Boolean(seen.add(d)));
}

/** The database folders in a data folder (its db/ children); a db/ folder or a database folder itself is accepted too. */
export function databasesIn(userDataDir: string): string[] {
  if (isLevelDbFolder(userDataDir)) return [userDataDir];
  for (const parent of [path.join(userDataDir, 'db'), userDataDir]) {
    let names: string[];
    try {
      names = fs.readdirSync(parent).sort();
    } catch {
      continue;
    }
    const found = names.map((n) => path.join(parent, n)).filter((d) => isLevelDbFolder(d));
    if (found.length > 0) return found;
  }
  return [];
}

function sizeAndTime(dir: string): { bytes: number; lastChange: string | null } {
  let bytes = 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    try {
      const stat = fs.statSync(path.join(dir, entry.name));
      bytes += stat.size;
      newest = Math.max(newest, stat.mtimeMs);
    } catch {
      // Gone between listing and stat (the app compacting): not ours to count.
    }
  }
  return { bytes, lastChange: newest > 0 ? new Date(newest).toISOString() : null };
}

/** Notes in a temporary copy of the database; repaired there when it does not open. */
async function countNotes(dir: string, tempDir: string): Promise<{ notes: number | null; problem?: string }> {
  const work = fs.mkdtempSync(path.join(tempDir, 'quire-salvage-list-'));
  try {
    const copy = path.join(work, 'db');
    const copied = await copyDatabaseFolder(dir, copy);
    let problem = copied.problems.length > 0 ? `${copied.problems[0]!.file} ${copied.problems[0]!.reason}` : undefined;
    let db: RawLevelDb;
    try {
      db = await RawLevelDb.open(copy);
    } catch (error) {
      problem = `damaged: ${String((error as Error).message).split('\n')[0]!.split(`${copy}${path.sep}`).join('')}`;
      try {
        await repairLevelDb(copy);
        db = await RawLevelDb.open(copy);
      } catch {
        return { notes: null, problem };
      }
    }
    try {
      const scan = await scanRaw(db);
      if (scan.problems.length > 0) problem ??= `damaged: ${scan.problems[0]!.reason}`;
      let notes = 0;
      for (const [id, meta] of scan.metadata) if (id.startsWith('note:') && !meta.deleted) notes++;
      return problem ? { notes, problem } : { notes };
    } finally {
      await db.close().catch(() => undefined);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export async function listDatabases(options: { userDataDirs: readonly string[]; tempDir?: string }): Promise<FoundDatabase[]> {
  const found: FoundDatabase[] = [];
  const seen = new Set<string>();
  for (const userDataDir of options.userDataDirs) {
    for (const dir of databasesIn(userDataDir)) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      const counted = await countNotes(dir, options.tempDir ?? os.tmpdir());
      found.push({ path: dir, userDataDir, ...sizeAndTime(dir), ...counted });
    }
  }
  return found;
}
