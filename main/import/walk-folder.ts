// Lists what a Markdown import will read: the .md files under a folder and
// the folders that become notebooks. Folders whose name starts with a dot
// (.git, .obsidian, .trash) hold other tools' data and are left out (a file
// like `..md` is still a note); links to folders are not followed, so a
// link loop cannot make the walk endless.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SkippedItem } from '../../shared/types';
import { describeFsError } from './fs-errors';

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

export async function walkMarkdownFolder(root: string): Promise<MarkdownTree> {
  const tree: MarkdownTree = { files: [], folders: [], emptyFolders: [], skipped: [] };
  await visit(root, tree, true);
  return tree;
}

/** Adds the folder's files and subfolders; returns whether it holds any Markdown. */
async function visit(dir: string, tree: MarkdownTree, isRoot = false): Promise<boolean> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
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
    // A link named *.md is read through; if it is broken, reading it says so.
    if ((entry.isFile() || entry.isSymbolicLink()) && isMarkdownName(entry.name)) {
      tree.files.push(full);
      hasMarkdown = true;
    }
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !entry.isDirectory()) continue;
    if (await visit(path.join(dir, entry.name), tree)) hasMarkdown = true;
  }
  // Folders with no Markdown anywhere below (images/, assets/) would be empty notebooks.
  if (!hasMarkdown) tree.folders.splice(folderIndex, 1);
  return hasMarkdown;
}
