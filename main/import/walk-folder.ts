// Lists what a Markdown import will read: the .md files under a folder and
// the folders that become notebooks. Folders whose name starts with a dot
// (.git, .obsidian, .trash) hold other tools' data and are left out (a file
// like `..md` is still a note). Links to folders are never followed, so a
// link loop cannot make the walk endless and no folder is imported twice;
// each is listed as skipped. Every folder is read where it really is, and
// only if that is inside the imported folder. Which .md files are regular
// files inside the folder is read-note-file.ts's to decide, as it opens them.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SkippedItem } from '../../shared/types';
import { describeFsError } from './fs-errors';
import { LINK_OUTSIDE, isWithinFolder } from './inside-folder';

export interface MarkdownTree {
  /** Absolute paths of the .md files, folder by folder, in name order. */
  files: string[];
  /** Absolute paths of the folders holding a .md file at any depth, each after its parent. */
  folders: string[];
  /**
   * Folders below the root with nothing in them (but dot files such as
   * .DS_Store): an export's notebooks without notes. A folder holding only
   * other files (images/, assets/) is not one of them.
   */
  emptyFolders: string[];
  skipped: SkippedItem[];
}

export const isMarkdownName = (name: string) => name.toLowerCase().endsWith('.md') && name.length > 3;

/** `realRoot`: the root's real path (fs.realpath), if the caller has it already. */
export async function walkMarkdownFolder(root: string, realRoot?: string): Promise<MarkdownTree> {
  const tree: MarkdownTree = { files: [], folders: [], emptyFolders: [], skipped: [] };
  await visit(root, realRoot ?? (await fs.realpath(root)), tree, true);
  return tree;
}

/** Adds the folder's files and subfolders; returns whether it holds any Markdown. */
async function visit(dir: string, realRoot: string, tree: MarkdownTree, isRoot = false): Promise<boolean> {
  let entries;
  try {
    // A folder replaced by a link since its parent was listed is not followed out.
    const real = await fs.realpath(dir);
    if (!isWithinFolder(realRoot, real)) {
      tree.skipped.push({ path: dir, reason: LINK_OUTSIDE });
      return false;
    }
    entries = await fs.readdir(real, { withFileTypes: true });
  } catch (error) {
    tree.skipped.push({ path: dir, reason: `the folder could not be read: ${describeFsError(error)}` });
    return false;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!isRoot && entries.every((entry) => entry.name.startsWith('.'))) tree.emptyFolders.push(dir);
  const folderIndex = tree.folders.length;
  tree.folders.push(dir);
  let hasMarkdown = false;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) continue;
    if (isMarkdownName(entry.name)) {
      // Links, pipes, sockets too: reading them refuses what is not a regular file inside, and says why.
      tree.files.push(full);
      hasMarkdown = true;
    } else if (entry.isSymbolicLink() && !entry.name.startsWith('.')) {
      const reason = await folderLinkReason(full, realRoot);
      if (reason) tree.skipped.push({ path: full, reason });
    }
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !entry.isDirectory()) continue;
    if (await visit(path.join(dir, entry.name), realRoot, tree)) hasMarkdown = true;
  }
  // Folders with no Markdown anywhere below (images/, assets/) would be empty notebooks.
  if (!hasMarkdown) tree.folders.splice(folderIndex, 1);
  return hasMarkdown;
}

/** Why a link is not followed, if it leads to a folder (links to other files are not the walk's business). */
async function folderLinkReason(link: string, realRoot: string): Promise<string | null> {
  try {
    // stat and realpath never open the target, so a link to a pipe cannot block here.
    if (!(await fs.stat(link)).isDirectory()) return null;
    const real = await fs.realpath(link);
    if (!isWithinFolder(realRoot, real)) return LINK_OUTSIDE;
    return 'it is a link to a folder inside the imported folder; links to folders are not followed';
  } catch {
    return null; // broken, or a loop: it leads to no folder
  }
}
