// The words of the restore dialogs and of the restore's progress, from what
// the main process reports. Plain language: counts with what they mean.
import type {
  RestoreLayout, RestorePlanInfo, RestoreResultInfo, RestoreState,
} from '../../../shared/contract/restore-requests';

export interface CountRow {
  id: string;
  label: string;
  count: number;
  /** A line under the label saying what the number means, if it needs one. */
  hint?: string;
  /** Worth the user's attention (something was not used). */
  warn?: boolean;
}

const number = (n: number) => new Intl.NumberFormat().format(n);

/** "/home/ann/Backups/Quire" → "Quire" (the folder's own name, for a title). */
export function folderName(folder: string): string {
  const parts = folder.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? folder;
}

export function describeLayouts(layouts: RestoreLayout[]): string {
  const quire = layouts.includes('quire');
  const inkdrop = layouts.some((l) => l !== 'quire');
  if (quire && inkdrop) return 'A Quire backup with parts of an Inkdrop backup';
  if (inkdrop) return 'An Inkdrop backup';
  return 'A Quire backup';
}

/** What the "Restore from …?" dialog lists. */
export function planRows(plan: RestorePlanInfo): CountRow[] {
  const { counts } = plan;
  return [
    { id: 'notes', label: 'Notes', count: counts.notes },
    { id: 'books', label: 'Notebooks', count: counts.books },
    { id: 'tags', label: 'Tags', count: counts.tags },
    { id: 'files', label: 'Attachments', count: counts.files, hint: 'Images and other files used in notes' },
    ...(counts.other > 0 ? [{ id: 'other', label: 'Other documents', count: counts.other, hint: 'Settings saved by the app that wrote the backup' }] : []),
    { id: 'deleted', label: 'Deleted documents', count: plan.deleted, hint: 'In _deleted/: not restored' },
    { id: 'skipped', label: 'Files that cannot be used', count: plan.skippedCount, warn: plan.skippedCount > 0, hint: plan.skippedCount > 0 ? 'Left out: see Details' : undefined },
  ];
}

export function planLead(plan: RestorePlanInfo): string {
  if (plan.documents === 0) return 'There is nothing in this folder that can be restored.';
  return 'Restoring adds what Quire does not have and never overwrites your notes: a note changed both here '
    + 'and in the backup keeps both versions, and you choose which to keep.';
}

export function doneTitle(result: RestoreResultInfo): string {
  return result.cancelled ? 'Restore stopped' : 'Restore completed';
}

export function doneLead(result: RestoreResultInfo): string {
  if (result.cancelled) return 'You stopped the restore. What was restored until then is kept; restore again to finish.';
  // A new user restored a copy of the folder to get back a note deleted forever, and was told all was well.
  const undeleted = result.stillDeleted > 0
    ? ` ${number(result.stillDeleted)} ${result.stillDeleted === 1 ? 'document was' : 'documents were'} deleted here after this `
      + `backup was made and ${result.stillDeleted === 1 ? 'stays' : 'stay'} deleted: a restore does not undo a deletion. To get a note back as it was, `
      + 'use Restore to… under Snapshots, or Note › History….'
    : '';
  if (result.restored === 0 && result.conflicts === 0 && result.skippedCount === 0) {
    return result.stillDeleted > 0
      ? `Nothing needed to change.${undeleted}`
      : 'Everything in the backup was already up to date: nothing needed to change.';
  }
  return `The restored notes are in the list now.${undeleted}`;
}

export function doneRows(result: RestoreResultInfo): CountRow[] {
  return [
    { id: 'restored', label: 'Restored', count: result.restored, hint: 'New here, or newer than what Quire had' },
    { id: 'up-to-date', label: 'Already up to date', count: result.upToDate, hint: 'Quire had them already, or a newer edit' },
    ...(result.stillDeleted > 0 ? [{
      id: 'still-deleted', label: 'Deleted here since', count: result.stillDeleted, warn: true,
      hint: 'Deleted after this backup was made: a restore does not bring them back',
    }] : []),
    {
      id: 'conflicts', label: 'Kept as conflicts', count: result.conflicts,
      hint: result.conflicts > 0 ? 'Changed both here and in the backup: open the note to choose a version' : 'Changed both here and in the backup',
      warn: result.conflicts > 0,
    },
    { id: 'skipped', label: 'Skipped', count: result.skippedCount, warn: result.skippedCount > 0, hint: result.skippedCount > 0 ? 'Files that cannot be used: see Details' : undefined },
    ...(result.deleted > 0 ? [{ id: 'deleted', label: 'Deleted documents', count: result.deleted, hint: 'In _deleted/: not restored' }] : []),
  ];
}

/** "…and 12 more not listed", when there were more skipped files than the list holds. */
export function unlisted(listed: number, count: number): string | null {
  return count > listed ? `…and ${number(count - listed)} more not listed` : null;
}

/** The restore's line in Preferences › Backup while it works. */
export function describeRestoreProgress(state: RestoreState): string | null {
  if (state.state === 'scanning') {
    return `Reading ${folderName(state.folder)}… ${number(state.files)} ${state.files === 1 ? 'file' : 'files'} so far`;
  }
  if (state.state === 'restoring') {
    const total = Math.max(state.total, state.done);
    return total > 0 ? `Restoring… ${number(state.done)} of ${number(total)} files` : 'Restoring…';
  }
  return null;
}
