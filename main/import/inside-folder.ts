// What an import may read: only what really is inside the folder the user
// chose. Paths are compared after links are resolved (fs.realpath), so a
// link cannot lead the import to ~/secret or /dev.
import path from 'node:path';

/** The reason given for a .md file or a folder that is a link leading out of the imported folder. */
export const LINK_OUTSIDE = 'it is a link pointing outside the imported folder';

/** Whether `target` is below `root` (both absolute; `root` itself is not below itself). */
export function isInsideFolder(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** `root` itself or below it. */
export const isWithinFolder = (root: string, target: string) => path.resolve(root) === path.resolve(target) || isInsideFolder(root, target);

/** What a non-regular file is, in words ("a named pipe (FIFO)"). */
export function kindOf(stat: {
  isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSymbolicLink(): boolean;
}): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSymbolicLink()) return 'a link';
  return 'something other than a file';
}
