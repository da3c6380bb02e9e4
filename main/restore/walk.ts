// Streams the document files of a backup folder, one directory entry at a
// time (fs.opendir): a folder of 100,000 files is never listed into memory.
// data/ directly (Inkdrop's flat layout) and data/<type>/ are read; files in
// _deleted/ are only counted; everything else (state/, other tools' files,
// names starting with a dot such as our own temporary files) is left alone.
// Links are followed only to files inside the folder, never to folders.
import type { Dirent } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { DATA_DIR, DELETED_DIR, SkipError, TYPE_DIRS, isTypeDir, resolveInside, type BackupType } from '../backup-format/index';
import type { FolderLayout } from './layout';

export interface DocFile {
  /** Relative to the folder, with `/`: what the user sees in the skipped list. */
  rel: string;
  /** The path to read (a link's target, once checked). */
  abs: string;
  /** The folder the file sits in: attachment paths are relative to it. */
  dir: string;
  name: string;
  /** The type folder it sits in, or null directly in data/. */
  typeDir: BackupType | null;
}

export type WalkItem =
  | { kind: 'doc'; file: DocFile }
  | { kind: 'skip'; path: string; reason: string }
  | { kind: 'deleted' };

export const isDocName = (name: string) => name.endsWith('.json') && !name.startsWith('.');

type EntryKind = 'file' | 'dir' | 'link' | 'other';

async function kindOf(dir: string, entry: Dirent): Promise<EntryKind> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'dir';
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice()) return 'other';
  // Some file systems do not say: ask.
  const stat = await fsp.lstat(path.join(dir, entry.name)).catch(() => null);
  if (!stat) return 'other';
  return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : stat.isSymbolicLink() ? 'link' : 'other';
}

/** Why a folder cannot be listed, in words (a folder swapped for something else after it was looked at, or not allowed). */
function listFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR') return 'not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'a folder that cannot be read (permission denied)';
  if (code === 'ELOOP') return 'a link to a folder: links to folders are not followed';
  throw error;
}

/**
 * A directory's entries, streamed; a directory that is gone yields nothing,
 * one that cannot be listed yields why (a string). Only a real folder is
 * opened (checked with lstat just before; opendir never blocks on a FIFO).
 */
async function* entries(dir: string): AsyncGenerator<Dirent | string> {
  let handle: Awaited<ReturnType<typeof fsp.opendir>>;
  try {
    handle = await fsp.opendir(dir, { bufferSize: 128 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    yield listFailure(error);
    return;
  }
  // Iterating closes the handle at the end, or when the consumer stops early.
  for await (const entry of handle) yield entry;
}

/** The common case, without a wait: a regular file. */
const plainFile = (dir: string, relDir: string, name: string, typeDir: BackupType | null): WalkItem => ({
  kind: 'doc',
  file: { rel: `${relDir}/${name}`, abs: path.join(dir, name), dir, name, typeDir },
});

async function fileItem(root: string, dir: string, relDir: string, entry: Dirent, typeDir: BackupType | null): Promise<WalkItem> {
  const rel = `${relDir}/${entry.name}`;
  const kind = await kindOf(dir, entry);
  const abs = path.join(dir, entry.name);
  if (kind === 'file') return { kind: 'doc', file: { rel, abs, dir, name: entry.name, typeDir } };
  if (kind === 'dir') return { kind: 'skip', path: rel, reason: 'a folder, not a document file' };
  if (kind === 'other') return { kind: 'skip', path: rel, reason: 'not a regular file' };
  try {
    const real = await resolveInside(root, abs, 'the file');
    // stat follows the link but opens nothing: a FIFO at the end is told, never waited on.
    const stat = await fsp.stat(real).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null; // removed since: gone as the link was read
      throw error;
    });
    if (!stat) return { kind: 'skip', path: rel, reason: 'the file is a link to something that does not exist' };
    if (!stat.isFile()) return { kind: 'skip', path: rel, reason: 'a link to something that is not a file' };
    return { kind: 'doc', file: { rel, abs: real, dir, name: entry.name, typeDir } };
  } catch (error) {
    if (error instanceof SkipError) return { kind: 'skip', path: rel, reason: error.reason };
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return { kind: 'skip', path: rel, reason: `the file cannot be read (${code})` };
    throw error;
  }
}

async function isRealDir(p: string): Promise<boolean> {
  const stat = await fsp.lstat(p).catch(() => null);
  return stat?.isDirectory() === true;
}

export async function* walkBackup(layout: FolderLayout): AsyncGenerator<WalkItem> {
  const { root } = layout;
  const dataDir = path.join(root, DATA_DIR);
  const dataStat = await fsp.lstat(dataDir).catch(() => null);
  if (dataStat?.isSymbolicLink()) {
    yield { kind: 'skip', path: DATA_DIR, reason: 'a link to a folder: links to folders are not followed' };
  } else if (dataStat?.isDirectory()) {
    const typeDirs: BackupType[] = [];
    for await (const entry of entries(dataDir)) {
      if (typeof entry === 'string') {
        yield { kind: 'skip', path: DATA_DIR, reason: entry };
      } else if (isTypeDir(entry.name)) {
        const kind = await kindOf(dataDir, entry);
        if (kind === 'dir') typeDirs.push(entry.name as BackupType);
        else if (kind === 'link') yield { kind: 'skip', path: `${DATA_DIR}/${entry.name}`, reason: 'a link to a folder: links to folders are not followed' };
        else yield { kind: 'skip', path: `${DATA_DIR}/${entry.name}`, reason: 'not a folder (the documents of a type are in a folder of that name)' };
      } else if (isDocName(entry.name)) {
        yield entry.isFile() ? plainFile(dataDir, DATA_DIR, entry.name, null) : await fileItem(root, dataDir, DATA_DIR, entry, null);
      }
    }
    for (const type of typeDirs.sort()) {
      const dir = path.join(dataDir, type);
      for await (const entry of entries(dir)) {
        if (typeof entry === 'string') yield { kind: 'skip', path: `${DATA_DIR}/${type}`, reason: entry };
        else if (!isDocName(entry.name)) continue;
        else yield entry.isFile() ? plainFile(dir, `${DATA_DIR}/${type}`, entry.name, type) : await fileItem(root, dir, `${DATA_DIR}/${type}`, entry, type);
      }
    }
  }
  // _deleted/ is only counted, but only inside the folder: a link there is not followed.
  if (!(await isRealDir(path.join(root, DELETED_DIR)))) return;
  for (const type of TYPE_DIRS) {
    const dir = path.join(root, DELETED_DIR, type);
    if (!(await isRealDir(dir))) continue;
    for await (const entry of entries(dir)) {
      if (typeof entry !== 'string' && isDocName(entry.name)) yield { kind: 'deleted' };
    }
  }
}
