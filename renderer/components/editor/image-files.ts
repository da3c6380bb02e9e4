// Checks on a pasted or dropped file that need no bytes: the main process
// checks the bytes themselves (the type is sniffed, the size again).
import { MAX_ATTACHMENT_BYTES } from '../../../shared/doc-limits';

/** Refuses a file before its bytes are read (a 50 MB video should not travel anywhere). */
export function fileProblem(file: { name: string; size: number }): string | null {
  const label = file.name || 'image';
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return `“${label}” is ${(file.size / 1024 / 1024).toFixed(1)} MiB; images can be at most 10 MiB.`;
  }
  if (file.size === 0) return `“${label}” is empty.`;
  return null;
}
