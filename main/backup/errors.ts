// File-system failures in the backup folder, in words for the status line.
import path from 'node:path';

export function folderProblem(error: unknown, root: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = path.resolve(root);
  switch (code) {
    case 'EQUIRENEWER':
      // The mirror's own sentence (mirror.ts, NewerFormatError): the folder is a newer Quire's.
      return String((error as Error).message);
    case 'ENOENT':
      return `the backup folder ${where} is not there (drive unplugged or network share gone?)`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `something that is not a folder is in the way inside ${where}`;
    case 'EROFS':
      return `the backup folder ${where} is on a read-only drive`;
    case 'EACCES':
    case 'EPERM':
      return `Quire is not allowed to write in the backup folder ${where}`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding the backup folder ${where} is full`;
    case 'EIO':
    case 'ETIMEDOUT':
    case 'EHOSTDOWN':
      return `the drive holding the backup folder ${where} is not responding`;
    default:
      return `could not write to the backup folder ${where}: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
  }
}
