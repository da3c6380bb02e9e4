// Salvage: every document that can still be read from a Quire database
// folder, written as a backup folder (docs/backup-format.md) that Restore…
// accepts. The source is only ever read: it is copied to a temporary folder
// first, so a running app (which holds the LOCK), a read-only disk or a
// damaged file cannot stop it and the original stays as it was.
//
// 1. The copy is opened with PouchDB and mirrored by the backup's own runner
//    (BackupRunner + BackupMirror): the same files a backup would write,
//    deleted documents' last revisions with content included.
// 2. If it cannot be opened, a read fails, a table block fails its checksum
//    (table-check.ts; LevelDB does not check them), or LevelDB reports damage, the
//    output so far is discarded; a fresh copy is repaired by LevelDB
//    (leveldown.repair) and read entry by entry below PouchDB
//    (raw-reader.ts), so damage costs only what it touches, by name.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP_VERSION } from '../app/version';
import { MAX_ID_CHARS } from '../../shared/ids';
import {
  BackupFolderError, BackupRunner, LocationError, checkBackupLocation, inProcessSink, isTempName,
} from '../backup/index';
import { openDatabase, type Database } from '../db/open-database';
import { CopySpaceError, cloneFolder, copyDatabaseFolder } from './copy';
import { countingSink, type CountingSink, type SalvageCounts } from './counting-sink';
import { RawLevelDb, readLevelDbDamage, repairLevelDb, type LevelDbDamage } from './leveldb';
import { SalvagedDatabase, exportMarkdown, type MarkdownOutcome } from './markdown';
import { inconsistency, scanRaw, type ReadProblem } from './raw-reader';
import { badBlocksIn } from './table-check';
import { mirrorRaw } from './raw-mirror';
import { SalvageInputError, resolveSource } from './source';

export type SalvageProgress =
  | { phase: 'copying'; done: number; total: number }
  | { phase: 'opening' }
  | { phase: 'repairing' }
  | { phase: 'reading'; done: number; total: number }
  | { phase: 'markdown'; done: number; total: number };

export interface SalvageOptions {
  /** The database folder (or the Quire data folder above it). */
  src: string;
  /** A new or empty folder for the backup-layout output. */
  dest: string;
  /** Also a Markdown export (the app's File › Export › All Notes…), in <dest>/markdown. */
  markdown?: boolean;
  onProgress?: (progress: SalvageProgress) => void;
  /** Where the temporary copies go (default: the OS temporary folder). */
  tempDir?: string;
}

export interface SalvageReport extends SalvageCounts {
  /** The database folder read (below the one given, when that was the data folder). */
  src: string;
  dest: string;
  /** What could not be read: documents by id, damaged files by name. */
  unreadable: ReadProblem[];
  /** How it was read: as it was, or after LevelDB repaired a copy. */
  method: 'as-is' | 'repaired';
  /** Plain sentences about what was done (nothing was lost by them). */
  notices: string[];
  markdown: MarkdownOutcome | null;
}

export { SalvageInputError };

const MARKDOWN_DIR = 'markdown';
/**
 * An end key above every id. PouchDB's LevelDB allDocs() without one stops
 * before ids starting after U+00FF (emoji, CJK: apache/pouchdb#6375); LevelDB
 * orders keys by their UTF-8 bytes, and no id of at most MAX_ID_CHARS units
 * sorts after this.
 */
const AFTER_EVERY_ID = '\u{10ffff}'.repeat(MAX_ID_CHARS / 2 + 1);
const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0]!;

export async function salvage(options: SalvageOptions): Promise<SalvageReport> {
  const source = resolveSource(options.src);
  const tempRoot = path.resolve(options.tempDir ?? os.tmpdir());
  const tempInSource = path.relative(source.dir, tempRoot);
  if (!tempInSource.startsWith('..') && !path.isAbsolute(tempInSource)) {
    throw new SalvageInputError(`the temporary folder ${tempRoot} is inside the database being salvaged; give one elsewhere`);
  }
  const { folder: dest, created, keep } = checkDestination(options.dest, source.dir, source.givenDir);
  const work = fs.mkdtempSync(path.join(tempRoot, 'quire-salvage-'));
  const progress = options.onProgress ?? (() => undefined);
  const notices: string[] = [];
  if (source.givenDir) notices.push(`${source.givenDir} is Quire's data folder; its database ${source.dir} was salvaged`);
  let succeeded = false;
  try {
    const original = path.join(work, 'original');
    let copied;
    try {
      copied = await copyDatabaseFolder(source.dir, original, (done, total) => progress({ phase: 'copying', done, total }));
    } catch (error) {
      if (error instanceof CopySpaceError) throw new SalvageInputError(`${error.message}; free some space, or give another temporary folder (--temp)`);
      throw error;
    }
    const unreadable: ReadProblem[] = copied.problems.map((p) => ({ item: p.file, reason: p.reason }));
    if (copied.files === 0) throw new SalvageInputError(`nothing in ${source.dir} could be read`);

    let markdownDb: SalvagedDatabase | null = null;
    const newMarkdownDb = () => {
      if (!options.markdown) return null;
      return new SalvagedDatabase(path.join(work, `markdown-db-${randomBytes(4).toString('hex')}`));
    };
    const sinkFor = (db: SalvagedDatabase | null) =>
      countingSink(inProcessSink(dest, `salvage-${randomBytes(6).toString('hex')}`), db ? (docs) => db.add(docs) : undefined);

    try {
      progress({ phase: 'opening' });
      markdownDb = newMarkdownDb();
      let sink = sinkFor(markdownDb);
      const asIs = await readAsIs(original, path.join(work, 'as-is'), dest, sink, progress);
      let method: SalvageReport['method'] = 'as-is';
      let counts: SalvageCounts = sink.counts;
      if (asIs.ok) {
        unreadable.push(...asIs.unreadable);
      } else {
        notices.push(`the database could not be read as it was (${asIs.reason}); LevelDB repaired a copy and it was read from that`);
        clearOutput(dest, keep);
        await markdownDb?.close();
        markdownDb = newMarkdownDb();
        sink = sinkFor(markdownDb);
        progress({ phase: 'repairing' });
        const repaired = await readRepaired(original, path.join(work, 'repaired'), dest, sink, asIs, progress);
        unreadable.push(...repaired.unreadable);
        method = 'repaired';
        counts = sink.counts;
      }
      const total = counts.notes + counts.books + counts.tags + counts.files + counts.others + counts.deleted;
      if (total === 0 && unreadable.length > 0) throw new SalvageInputError(`nothing in ${source.dir} could be read`);

      let markdown: MarkdownOutcome | null = null;
      if (options.markdown) {
        const folder = path.join(dest, MARKDOWN_DIR);
        markdown = await exportMarkdown(markdownDb!.db, folder, (done, total) => progress({ phase: 'markdown', done, total }));
      }
      succeeded = true;
      return { ...counts, src: source.dir, dest, unreadable, method, notices, markdown };
    } finally {
      await markdownDb?.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    if (!succeeded && created) fs.rmSync(dest, { recursive: true, force: true });
  }
}

/** The output folder: new, or empty but for hidden files (.DS_Store…), and not inside the source. */
function checkDestination(input: string, srcDir: string, givenDir?: string): { folder: string; created: boolean; keep: Set<string> } {
  const existed = fs.existsSync(path.resolve(input.trim()));
  let folder: string;
  try {
    folder = checkBackupLocation(input, { protectedDirs: [srcDir, ...(givenDir ? [givenDir] : [])] });
  } catch (error) {
    if (error instanceof LocationError) throw new SalvageInputError(error.message.replace("Quire's own data folder", 'the database being salvaged'));
    throw error;
  }
  const names = fs.readdirSync(folder);
  if (names.some((name) => !name.startsWith('.'))) {
    throw new SalvageInputError(`${folder} is not empty; give a new or empty folder for the salvaged notes`);
  }
  return { folder, created: !existed, keep: new Set(names.filter((name) => !isTempName(name))) };
}

/** Removes what a failed first reading wrote, leaving what was there before (hidden files only). */
function clearOutput(dest: string, keep: Set<string>): void {
  for (const name of fs.readdirSync(dest)) {
    if (!keep.has(name)) fs.rmSync(path.join(dest, name), { recursive: true, force: true });
  }
}

type AsIsOutcome =
  | { ok: true; unreadable: ReadProblem[] }
  | { ok: false; reason: string; missingFiles: string[]; damage: LevelDbDamage[] };

/** The copy opened by PouchDB as it is, mirrored by the backup runner; any sign of damage sends it to repair. */
async function readAsIs(original: string, dir: string, dest: string, sink: CountingSink, progress: (p: SalvageProgress) => void): Promise<AsIsOutcome> {
  cloneFolder(original, dir);
  const failed = (reason: string): AsIsOutcome => ({
    ok: false,
    reason: plainFailure(reason, dir),
    missingFiles: missingFilesIn(reason),
    damage: readLevelDbDamage(dir),
  });
  let db: Database | null = null;
  try {
    const bad = badBlocksIn(dir);
    if (bad.length > 0) return failed(`blocks of ${[...new Set(bad.map((b) => b.file))].join(', ')} fail their checksum`);
    // Below PouchDB first: its changes feed crashes the process on a missing piece (see inconsistency()).
    let raw: RawLevelDb;
    try {
      raw = await RawLevelDb.open(dir);
    } catch (error) {
      return failed(firstLine(error));
    }
    try {
      const damage = readLevelDbDamage(dir);
      if (damage.length > 0) return failed(`LevelDB reported damage in ${damage.map((d) => d.file).join(', ')}`);
      const problem = inconsistency(await scanRaw(raw));
      if (problem) return failed(problem);
    } finally {
      await raw.close().catch(() => undefined);
    }
    // createIfMissing false: a folder that lost its CURRENT file would otherwise be taken for a new, empty database.
    db = openDatabase(dir, { createIfMissing: false });
    try {
      await db.info();
    } catch (error) {
      return failed(firstLine(error));
    }
    const runner = new BackupRunner({
      db,
      folder: dest,
      sink,
      appVersion: APP_VERSION,
      onStatus: (s) => {
        if (s.state === 'backing-up') progress({ phase: 'reading', done: s.done, total: s.total });
      },
    });
    try {
      await runner.runOnce();
    } catch (error) {
      if (error instanceof BackupFolderError) throw new SalvageInputError(`cannot write the salvaged notes to ${dest}: ${error.reason}`);
      return failed(firstLine(error));
    } finally {
      await sink.close();
    }
    // Every document the database lists must be in the folder: the runner leaves out one whose body it cannot read.
    const listed = await db.allDocs({ endkey: AFTER_EVERY_ID }).catch((error: unknown) => error as Error);
    if (listed instanceof Error) return failed(firstLine(listed));
    const missing = listed.rows.filter((row) => !row.id.startsWith('_design/') && !sink.ids.has(row.id));
    if (missing.length > 0) return failed(`${missing.length} document${missing.length === 1 ? '' : 's'} could not be read`);
    const late = readLevelDbDamage(dir);
    if (late.length > 0) return failed(`LevelDB reported damage in ${late.map((d) => d.file).join(', ')}`);
    return { ok: true, unreadable: [] };
  } finally {
    await db?.close().catch(() => undefined);
  }
}

/** LevelDB's message about our temporary copy, in words about the user's folder. */
function plainFailure(reason: string, copy: string): string {
  if (/does not exist \(create_if_missing is false\)/.test(reason)) return "LevelDB's CURRENT file is missing";
  if (/MANIFEST-\d+: No such file/i.test(reason)) return "LevelDB's MANIFEST file is missing";
  const missing = missingFilesIn(reason);
  if (missing.length > 0) return `table file ${missing.join(', ')} is missing`;
  return reason.split(`${copy}${path.sep}`).join('').split(copy).join('the database folder');
}

/** "Corruption: 1 missing files; e.g.: /tmp/…/000010.ldb": the table files LevelDB expected and did not find. */
function missingFilesIn(reason: string): string[] {
  if (!/missing files/i.test(reason)) return [];
  return [...reason.matchAll(/([0-9]+\.(?:ldb|sst))/g)].map((m) => m[1]!);
}

/** A fresh copy repaired by LevelDB, then every document read on its own below PouchDB. */
async function readRepaired(
  original: string,
  dir: string,
  dest: string,
  sink: CountingSink,
  asIs: Extract<AsIsOutcome, { ok: false }>,
  progress: (p: SalvageProgress) => void,
): Promise<{ unreadable: ReadProblem[] }> {
  cloneFolder(original, dir);
  const unreadable: ReadProblem[] = [];
  for (const file of asIs.missingFiles) {
    unreadable.push({ item: file, reason: 'is missing from the database folder; what it held could not be recovered' });
  }
  try {
    await repairLevelDb(dir);
  } catch (error) {
    // Repair failing outright leaves nothing LevelDB can open.
    throw new SalvageInputError(`the database could not be repaired: ${firstLine(error)}`);
  }
  const damage = new Map<string, LevelDbDamage>();
  for (const d of [...asIs.damage, ...readLevelDbDamage(dir)]) if (!damage.has(d.file)) damage.set(d.file, d);
  for (const d of damage.values()) unreadable.push(describeDamage(d));
  // The blocks of the original tables that fail their checksum: LevelDB's repair copies them as they are.
  const badBlocks = badBlocksIn(original);
  for (const file of new Set(badBlocks.map((b) => b.file))) {
    if (damage.has(file)) continue;
    const count = badBlocks.filter((b) => b.file === file).length;
    unreadable.push({ item: file, reason: `the table file is damaged: ${count === 1 ? '1 block fails its checksum; what it held' : `${count} blocks fail their checksum; what they held`} could not be read` });
  }

  const db = await RawLevelDb.open(dir);
  try {
    unreadable.push(...(await mirrorRaw(db, sink, { onProgress: (done, total) => progress({ phase: 'reading', done, total }), badBlocks })));
  } catch (error) {
    if (isFileSystemError(error)) throw new SalvageInputError(`cannot write the salvaged notes to ${dest}: ${firstLine(error)}`);
    throw error;
  } finally {
    await db.close().catch(() => undefined);
  }
  return { unreadable };
}

function isFileSystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

function describeDamage(d: LevelDbDamage): ReadProblem {
  if (d.kind === 'log') {
    const bytes = d.bytesDropped ? `; ${d.bytesDropped} bytes of it could not be read` : '';
    return { item: d.file, reason: `the log of the latest changes is damaged (LevelDB: ${d.detail})${bytes}` };
  }
  const kept = d.entriesKept ? `; ${d.entriesKept} entries were recovered from it, the rest could not be read` : '; what it held could not be read';
  return { item: d.file, reason: `the table file is damaged (LevelDB: ${d.detail})${kept}` };
}
