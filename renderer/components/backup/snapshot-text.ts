// The words of Preferences › Backup › Snapshots and its Restore to… dialog.
import type { SnapshotRestorePlan, SnapshotSummary, SnapshotsOverview } from '../../../shared/contract/snapshot-requests';
import { formatCount } from '../../format';
import { formatVersionTime } from '../history/history-text';
import { SNAPSHOT_REASONS } from '../../../shared/snapshot-retention';

export const INTERVALS = [5, 15, 30, 60] as const;

/** "5 minutes", "1 hour". */
export function intervalLabel(minutes: number, locale?: string): string {
  if (minutes % 60 === 0) return formatCount(minutes / 60, 'hour', 'hours', locale);
  return formatCount(minutes, 'minute', 'minutes', locale);
}

/** The choices of the "every" menu: the usual ones, and the current one if it is another. */
export function intervalChoices(current: number): number[] {
  return [...new Set([...INTERVALS, current])].sort((a, b) => a - b);
}

/** "1.4 MB". */
export function formatBytes(bytes: number, locale?: string): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** "Kept: every snapshot for 2 days, …". */
export function retentionText(retention: string): string {
  return `Kept: ${retention}.`.replace(/\.\.$/, '.');
}

/** "12 snapshots using 1.4 MB; the last one today, 14:32", or that there is none yet. */
export function statsText(overview: SnapshotsOverview, now = Date.now(), locale?: string): string {
  if (overview.unreachable) return 'The snapshots cannot be read while the backup folder is not there.';
  if (overview.count === 0) return 'No snapshots yet.';
  const count = formatCount(overview.count, 'snapshot', 'snapshots', locale);
  const last = overview.lastSnapshotAt ? `; the last one ${lowerDay(formatVersionTime(overview.lastSnapshotAt, now, locale))}` : '';
  return `${count} using ${formatBytes(overview.bytes, locale)}${last}.`;
}

/** What is being done, in words, or null. */
export function busyText(busy: SnapshotsOverview['busy']): string | null {
  if (busy === 'snapshot') return 'Taking a snapshot…';
  if (busy === 'prune') return 'Removing the snapshots the schedule no longer keeps…';
  if (busy === 'restore') return 'Restoring to a snapshot…';
  return null;
}

/** "Today, 14:32" inside a sentence: "today, 14:32". */
export function lowerDay(text: string): string {
  return text.replace(/^(Today|Yesterday)/, (day) => day.toLowerCase());
}

/**
 * What a snapshot in the Restore to… list is: why it was taken (just before a
 * restore, so that restore can be undone), or what it changed ("23 changes
 * since the one before"; "The first snapshot · 435 documents"), and who took
 * it when not this installation.
 */
export function describeSnapshot(snapshot: SnapshotSummary, locale?: string, now = Date.now()): string {
  let what: string;
  const reason = snapshot.reason ?? '';
  if (reason.startsWith(`${SNAPSHOT_REASONS.beforeRestoreTo} `)) {
    const to = reason.slice(SNAPSHOT_REASONS.beforeRestoreTo.length + 1);
    what = Number.isNaN(Date.parse(to)) ? 'Taken just before a restore to a snapshot' : `Taken just before the restore to ${lowerDay(formatVersionTime(to, now, locale))}`;
  } else if (reason === SNAPSHOT_REASONS.beforeRestoreFromFolder) {
    what = 'Taken just before a restore from a backup folder';
  } else if (reason === SNAPSHOT_REASONS.keepLonger) {
    what = 'Taken to record that snapshots are kept longer';
  } else if (reason === SNAPSHOT_REASONS.repair) {
    what = 'Taken whole, to mend damage found in the store';
  } else if (reason === SNAPSHOT_REASONS.databaseBehind) {
    what = 'Taken whole: the notes had been put back to an earlier copy';
  } else if (snapshot.first) {
    what = `The first snapshot · ${formatCount(snapshot.docs, 'document', 'documents', locale)}`;
  } else {
    what = snapshot.changed === 0
      ? 'Nothing changed since the one before'
      : `${formatCount(snapshot.changed, 'change', 'changes', locale)} since the one before`;
  }
  return snapshot.own ? what : `${what} · taken by ${snapshot.client}`;
}

/** "2 notes changed back, 1 brought back, 3 created since": what a restore to a snapshot will do. */
export function describePlan(plan: SnapshotRestorePlan, locale?: string): string {
  const n = (count: number) => new Intl.NumberFormat(locale).format(count);
  return `${formatCount(plan.changedBack, 'note', 'notes', locale)} changed back, ${n(plan.broughtBack)} brought back, ${n(plan.createdSince)} created since`;
}

/** The notification once a restore to a snapshot is done. */
export function restoredText(snapshot: SnapshotSummary, outcome: {
  changedBack: number; broughtBack: number; createdSinceTrashed: number; conflicts: number; undoSnapshot: string | null;
}, now = Date.now(), locale?: string): { title: string; body: string } {
  const parts = [
    `${formatCount(outcome.changedBack, 'note', 'notes', locale)} changed back`,
    `${new Intl.NumberFormat(locale).format(outcome.broughtBack)} brought back`,
  ];
  if (outcome.createdSinceTrashed) parts.push(`${formatCount(outcome.createdSinceTrashed, 'newer note', 'newer notes', locale)} moved to the Trash`);
  if (outcome.conflicts) parts.push(`${formatCount(outcome.conflicts, 'note', 'notes', locale)} kept with both versions to choose from`);
  const undo = outcome.undoSnapshot
    ? 'A snapshot was taken just before: Undo restores to it.'
    : 'No snapshot could be taken first.';
  return {
    title: `Restored to ${lowerDay(formatVersionTime(snapshot.time, now, locale))}`,
    body: `${parts.join(', ')}. ${undo}`,
  };
}
