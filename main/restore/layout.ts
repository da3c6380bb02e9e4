// Is this folder a backup, and whose? Quire's own folder has state/ (each
// installation's checkpoint) or _deleted/ beside data/<type>/; Inkdrop's
// older layout keeps every document directly in data/ (data/note:abc.json),
// its newer one in folders per type. A folder may hold both Inkdrop layouts
// (an upgrade leaves the old files), so each part is read by its own rule.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { DATA_DIR, DELETED_DIR, FORMAT_VERSION, NotABackupError, STATE_DIR, isTypeDir, newerFormatMessage, readStateFiles } from '../backup-format/index';
import type { BackupLayout } from './types';

export interface FolderLayout {
  /** The folder, absolute, links resolved: every path read must stay inside it. */
  root: string;
  /** Quire's markers are there: names in data/<type>/ follow Quire's naming rule. */
  quire: boolean;
  /** data/ holds document files directly (Inkdrop's flat layout). */
  flat: boolean;
  /** data/ holds type folders. */
  typeDirs: boolean;
  layouts: BackupLayout[];
}

const isJsonName = (name: string) => name.endsWith('.json') && !name.startsWith('.');

async function lstatOrNull(p: string) {
  return fsp.lstat(p).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
}

/** Whether `dir` holds an entry matching `test` (stops at the first: data/ may hold 100,000 files). */
async function hasEntry(dir: string, test: (entry: { name: string; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }) => boolean): Promise<boolean> {
  const handle = await fsp.opendir(dir, { bufferSize: 64 });
  try {
    for await (const entry of handle) if (test(entry)) return true;
    return false;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

const isMarkdownName = (name: string) => /\.(md|markdown)$/i.test(name) && !name.startsWith('.');
/** Folders below the top one looked into for Markdown files: an export holds one per notebook. */
const MARKDOWN_LOOK_INTO = 50;

/** Whether the folder, or one of its first folders, holds a Markdown file (a Markdown export has them one level down). */
async function holdsMarkdown(root: string): Promise<boolean> {
  const subfolders: string[] = [];
  const top = await hasEntry(root, (e) => {
    if (e.isDirectory() && !e.name.startsWith('.') && subfolders.length < MARKDOWN_LOOK_INTO) subfolders.push(e.name);
    return e.isFile() && isMarkdownName(e.name);
  }).catch(() => false);
  if (top) return true;
  for (const name of subfolders) {
    if (await hasEntry(path.join(root, name), (e) => e.isFile() && isMarkdownName(e.name)).catch(() => false)) return true;
  }
  return false;
}

/** Reads the folder's top level; throws NotABackupError (one plain sentence) when there is nothing to restore from. */
export async function detectLayout(folder: string): Promise<FolderLayout> {
  const shown = path.resolve(folder);
  let root: string;
  try {
    root = await fsp.realpath(shown);
    const stat = await fsp.stat(root);
    if (!stat.isDirectory()) throw new NotABackupError(`${shown} is a file, not a backup folder.`);
  } catch (error) {
    if (error instanceof NotABackupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotABackupError(`There is no folder at ${shown}.`);
    if (code === 'EACCES' || code === 'EPERM') throw new NotABackupError(`Quire is not allowed to read ${shown}.`);
    throw new NotABackupError(`${shown} cannot be read: ${String((error as Error).message).split('\n')[0]}`);
  }
  try {
    const data = await lstatOrNull(path.join(root, DATA_DIR));
    let flat = false;
    let typeDirs = false;
    if (data?.isDirectory()) {
      const dataDir = path.join(root, DATA_DIR);
      flat = await hasEntry(dataDir, (e) => isJsonName(e.name) && (e.isFile() || e.isSymbolicLink()));
      typeDirs = await hasEntry(dataDir, (e) => isTypeDir(e.name) && (e.isDirectory() || e.isSymbolicLink()));
    } else if (data?.isSymbolicLink()) {
      typeDirs = true; // reported by the walk as a link it does not follow
    }
    const state = await lstatOrNull(path.join(root, STATE_DIR));
    const hasState = state?.isDirectory() === true && (await hasEntry(path.join(root, STATE_DIR), (e) => isJsonName(e.name) && e.isFile()));
    const hasDeleted = (await lstatOrNull(path.join(root, DELETED_DIR)))?.isDirectory() === true;
    const quire = hasState || hasDeleted;
    if (!flat && !typeDirs && !quire) {
      // A Markdown export (or any folder of .md files) is brought in by import, not restore.
      if (await holdsMarkdown(root)) {
        throw new NotABackupError(
          `${shown} is not a backup folder: it holds Markdown files. To bring them in as notes, use File › Import › Markdown Folder… instead.`,
        );
      }
      throw new NotABackupError(
        `${shown} is not a backup folder: it has no data/ folder with notes in it. ` +
          'Choose the folder that holds data/ (a Quire backup also holds state/).',
      );
    }
    if (quire) {
      // A folder a newer Quire wrote may hold what this one would misread.
      const { newestFormat } = await readStateFiles(root, root);
      if (newestFormat > FORMAT_VERSION) throw new NotABackupError(newerFormatMessage(shown, newestFormat));
    }
    const layouts: BackupLayout[] = [];
    if (quire) layouts.push('quire');
    else if (typeDirs) layouts.push('inkdrop-folders');
    if (flat) layouts.push('inkdrop-flat');
    return { root, quire, flat, typeDirs, layouts };
  } catch (error) {
    if (error instanceof NotABackupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new NotABackupError(`Quire is not allowed to read ${shown}.`);
    throw error;
  }
}
