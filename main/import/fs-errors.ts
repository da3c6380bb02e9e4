// File-system errors in words a user can act on.
const REASONS: Record<string, string> = {
  ENOENT: 'it does not exist (or is a broken link)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'it is a link that loops back on itself',
  EMFILE: 'too many files are open',
  EIO: 'the disk reported a read error',
};

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  return (code && REASONS[code]) ?? String((error as Error).message ?? error);
}
