// Nothing a backup folder holds may make us read outside it: not a link, not
// an attachment path. Every path is checked after resolving links. (Ids never
// become paths: the naming rule in file-name.ts encodes them.)
import fsp from 'node:fs/promises';
import path from 'node:path';
import { skip } from './errors';

/** True if `target` is `root` itself or inside it (both absolute, links resolved). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * The real path of `abs`, refused (SkipError) if a link takes it outside
 * `root`, if it is missing, or if it is not a regular file.
 */
export async function resolveInside(root: string, abs: string, what: string): Promise<string> {
  let real: string;
  try {
    real = await fsp.realpath(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a link through a file (`x.json/y`), which leads nowhere; thrown, it would stop a whole restore.
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const isLink = await fsp.lstat(abs).then((s) => s.isSymbolicLink(), () => false);
      return skip(isLink ? `${what} is a link to something that does not exist` : `${what} is missing`, !isLink);
    }
    if (code === 'ELOOP') return skip(`${what} is a link that loops`);
    if (code === 'ENAMETOOLONG') return skip(`${what} is a link to a path too long to be a file`);
    if (code === 'EACCES' || code === 'EPERM') return skip(`${what} cannot be read (permission denied)`);
    throw error;
  }
  if (!isInside(root, real)) return skip(`${what} is a link pointing outside the backup folder`);
  return real;
}

/**
 * An attachment's `path` from a document file: a plain file name in the
 * document's own folder. Anything with a separator, a parent reference, a
 * drive or stream colon, or a leading dot is refused.
 */
export function checkPlainName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name === '') return skip(`${what}: its path is not a file name`);
  if (/[/\\:\0]/.test(name) || name === '.' || name === '..' || name.startsWith('.')) {
    return skip(`${what}: its path ${JSON.stringify(name)} tries to leave the document's folder`);
  }
  if (name.length > 255) return skip(`${what}: its path is too long`);
  return name;
}
