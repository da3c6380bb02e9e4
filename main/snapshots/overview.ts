// Preferences › Backup › Snapshots' overview in words: a failure as a sentence, a snapshot as the contract shows it,
// the store's size on disk.
import fs from 'node:fs';
import path from 'node:path';
import type { SnapshotSummary } from '../../shared/contract/snapshot-requests';
import { folderProblem } from '../backup/errors';
import { SNAPSHOT_ERROR_CODES } from '../backup/backup-protocol';
import { UserError } from '../notes/notes-service';
import { SnapshotStoreError } from './store';
import { ObjectError } from './pack';
import type { SnapshotInfo } from './snapshots';

/** A failure in words for the overview (folder gone, disk full, a newer store, a damaged one). */
export function problemInWords(error: unknown, folder: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  // From the worker, the store's errors arrive as codes (backup-protocol.ts).
  if (error instanceof SnapshotStoreError || error instanceof UserError || code === SNAPSHOT_ERROR_CODES.SnapshotStoreError) return (error as Error).message;
  if (error instanceof ObjectError || code === SNAPSHOT_ERROR_CODES.ObjectError) {
    return `The snapshot store in ${folder} is damaged (${(error as Error).message}); run Verify.`;
  }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    const text = folderProblem(error, folder);
    // A sentence of its own (shown in the Snapshots pane, a toast, a dialog): the folder's problem, capitalised.
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  }
  return `A snapshot failed: ${String((error as Error)?.message ?? error)}`;
}

export function summaryOf(s: SnapshotInfo, client: string): SnapshotSummary {
  return { id: s.id, time: s.time, client: s.client, own: s.client === client, seq: s.seq, docs: s.docs, changed: s.changed, reason: s.reason, first: s.counter === 1 };
}

/** Bytes on disk under `dir` (snapshots.git/), for the overview. */
export function folderBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else total += fs.statSync(full, { throwIfNoEntry: false })?.size ?? 0;
    }
  };
  walk(dir);
  return total;
}
