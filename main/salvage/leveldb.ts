// LevelDB below PouchDB, for the day PouchDB cannot be trusted to read a
// database: leveldown's repair, a raw ordered read of every entry, and what
// LevelDB itself wrote in its info log about damage it met.
//
// leveldown is the copy PouchDB itself loads (resolved from pouchdb-node),
// so the same native addon serves both and nothing new is packaged.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

interface LevelIterator {
  next(cb: (error: Error | null, key?: string, value?: Buffer) => void): void;
  end(cb: (error?: Error | null) => void): void;
}

interface LevelDown {
  open(options: { createIfMissing: boolean }, cb: (error?: Error | null) => void): void;
  close(cb: (error?: Error | null) => void): void;
  get(key: string, options: { asBuffer: boolean; fillCache: boolean }, cb: (error: Error | null, value?: Buffer) => void): void;
  iterator(options: { keyAsBuffer: false; valueAsBuffer: true; fillCache: boolean }): LevelIterator;
}

interface LevelDownModule {
  (location: string): LevelDown;
  repair(location: string, cb: (error?: Error | null) => void): void;
}

let cached: LevelDownModule | null = null;
function leveldown(): LevelDownModule {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = createRequire(require.resolve('pouchdb-node'))('leveldown') as LevelDownModule;
  }
  return cached;
}

const callback = <T = void>(fn: (cb: (error?: Error | null, value?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value as T))));

/** Rebuilds the folder's MANIFEST from the table and log files it finds; entries it cannot read are left out. */
export function repairLevelDb(location: string): Promise<void> {
  return callback((cb) => leveldown().repair(location, cb));
}

/** A database opened below PouchDB, read only by us (it is always a temporary copy). */
export class RawLevelDb {
  private constructor(private readonly db: LevelDown) {}

  static async open(location: string): Promise<RawLevelDb> {
    const db = leveldown()(location);
    await callback((cb) => db.open({ createIfMissing: false }, cb));
    return new RawLevelDb(db);
  }

  /** The value at `key`, or null when there is none. Any other failure (a damaged block) throws. */
  async get(key: string): Promise<Buffer | null> {
    try {
      return await callback<Buffer>((cb) => this.db.get(key, { asBuffer: true, fillCache: false }, (e, v) => cb(e, v)));
    } catch (error) {
      if (/NotFound/i.test(String((error as Error).message))) return null;
      throw error;
    }
  }

  /**
   * Every entry in key order. A read error ends the walk: it is returned,
   * not thrown, so what was read before it still counts.
   */
  async forEach(visit: (key: string, value: Buffer) => void): Promise<Error | null> {
    const iterator = this.db.iterator({ keyAsBuffer: false, valueAsBuffer: true, fillCache: false });
    let failure: Error | null = null;
    try {
      for (;;) {
        const entry = await new Promise<[string, Buffer] | null>((resolve, reject) =>
          iterator.next((error, key, value) => (error ? reject(error) : resolve(key === undefined ? null : [key, value!]))),
        );
        if (!entry) break;
        visit(entry[0], entry[1]);
      }
    } catch (error) {
      failure = error as Error;
    }
    await callback((cb) => iterator.end(cb)).catch(() => undefined);
    return failure;
  }

  close(): Promise<void> {
    return callback((cb) => this.db.close(cb));
  }
}

/** Damage LevelDB reported in its info log (the LOG file) while opening or repairing this folder. */
export interface LevelDbDamage {
  /** The data file it concerns, e.g. 000010.ldb or 000009.log. */
  file: string;
  kind: 'table' | 'log';
  /** LevelDB's own words. */
  detail: string;
  /** Table files: entries LevelDB could still copy out of it (repair), when it says. */
  entriesKept?: number;
  /** Log files: bytes it had to skip. */
  bytesDropped?: number;
}

const fileName = (number: string, kind: 'table' | 'log') => `${number.padStart(6, '0')}.${kind === 'log' ? 'log' : 'ldb'}`;

/**
 * Reads the info log of a folder LevelDB just opened or repaired. The lines
 * are LevelDB's (db_impl.cc, repair.cc): "(ignoring error) …/000009.log:
 * dropping 32768 bytes; Corruption: …", "Log #9: ignoring Corruption: …",
 * "Table #10: 0 entries Corruption: not an sstable (bad magic number)",
 * "Table #10: 1185 entries repaired".
 */
export function readLevelDbDamage(location: string): LevelDbDamage[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(location, 'LOG'), 'utf8');
  } catch {
    return [];
  }
  const byFile = new Map<string, LevelDbDamage>();
  const note = (file: string, kind: 'table' | 'log', detail: string) => {
    const existing = byFile.get(file);
    if (existing) return existing;
    const damage: LevelDbDamage = { file, kind, detail };
    byFile.set(file, damage);
    return damage;
  };
  for (const line of text.split('\n')) {
    let match = /\(ignoring error\) (.*?): dropping (\d+) bytes; (.*)$/.exec(line);
    if (match) {
      const damage = note(path.win32.basename(match[1]!), 'log', match[3]!.trim());
      damage.bytesDropped = (damage.bytesDropped ?? 0) + Number(match[2]);
      continue;
    }
    match = /Log #(\d+): ignoring (.*)$/.exec(line);
    if (match) {
      note(fileName(match[1]!, 'log'), 'log', match[2]!.trim());
      continue;
    }
    match = /Table #(\d+): (\d+) entries (.*)$/.exec(line);
    const outcome = match?.[3]!.trim();
    if (match && outcome !== 'OK') {
      // "N entries <error>" first, then "N entries repaired" when it could copy some out.
      const damage = note(fileName(match[1]!, 'table'), 'table', outcome!);
      if (outcome !== 'repaired' && damage.detail === 'repaired') damage.detail = outcome!;
      damage.entriesKept = Number(match[2]);
    }
  }
  return [...byFile.values()];
}
