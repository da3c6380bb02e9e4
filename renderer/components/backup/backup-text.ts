// The backup's state in words, for Preferences › Backup and the status bar.
// Plain language: what is happening, and, when something is wrong, what
// Quire does about it.
import type { BackupState } from '../../../shared/contract/backup-requests';

export type BackupTone = 'off' | 'busy' | 'ok' | 'error';

export interface BackupDescription {
  tone: BackupTone;
  /** One line: "Up to date", "Backing up 120 of 251"… */
  headline: string;
  /** What else there is to know, or null. */
  detail: string | null;
  /** Progress during the first full copy (or a long catch-up). */
  progress: { done: number; total: number } | null;
}

const numbers = new Map<string | undefined, Intl.NumberFormat>();
function count(n: number, locale?: string): string {
  let format = numbers.get(locale);
  if (!format) numbers.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(n);
}

/** "14:32:05" today, "3 Mar, 14:32" another day of this year, a full date before. */
export function formatWriteTime(iso: string, now = Date.now(), locale?: string): string {
  const when = new Date(iso);
  const today = new Date(now);
  if (when.toDateString() === today.toDateString()) {
    return `today at ${new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(when)}`;
  }
  const options: Intl.DateTimeFormatOptions = when.getFullYear() === today.getFullYear()
    ? { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
    : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale, options).format(when);
}

/** "in 30 s", "in 2 min", "now". */
export function formatRetry(retryAt: number, now = Date.now()): string {
  const seconds = Math.ceil((retryAt - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 90) return `in ${seconds} s`;
  return `in ${Math.round(seconds / 60)} min`;
}

export function describeBackup(status: BackupState, now = Date.now(), locale?: string): BackupDescription {
  switch (status.state) {
    case 'off':
      return {
        tone: 'off',
        headline: 'Not backed up',
        detail: 'Nothing is being backed up yet. Choose a folder, ideally on another drive or in a synced folder, and Quire keeps a copy of every note there as plain files.',
        progress: null,
      };
    case 'starting':
      return { tone: 'busy', headline: 'Starting the backup…', detail: null, progress: null };
    case 'backing-up':
      return {
        tone: 'busy',
        headline: `Backing up ${count(status.done, locale)} of ${count(status.total, locale)}`,
        detail: status.firstCopy
          ? 'Copying every note into the folder for the first time. You can keep working meanwhile.'
          : 'Copying the latest changes into the folder.',
        progress: { done: status.done, total: status.total },
      };
    case 'up-to-date':
      return {
        tone: 'ok',
        headline: 'Up to date',
        detail: [
          status.lastWriteAt ? `Last write ${formatWriteTime(status.lastWriteAt, now, locale)}` : null,
          `${count(status.docs, locale)} ${status.docs === 1 ? 'document' : 'documents'} in the backup`,
        ].filter(Boolean).join(' · '),
        progress: null,
      };
    case 'error': {
      const next = status.retryAt === null
        ? 'Quire tries again the next time it starts.'
        : `Quire tries again ${formatRetry(status.retryAt, now)} and catches up by itself once the folder can be written.`;
      return {
        tone: 'error',
        headline: 'Backup paused',
        detail: `${status.reason} Your notes are safe in Quire. ${next}`,
        progress: null,
      };
    }
  }
}

/** The status bar's few words. */
export function shortBackupText(status: BackupState, locale?: string): string {
  switch (status.state) {
    case 'off':
      return 'Not backed up';
    case 'starting':
      return 'Backup starting…';
    case 'backing-up':
      return `Backing up ${count(status.done, locale)} / ${count(status.total, locale)}`;
    case 'up-to-date':
      return 'Backed up';
    case 'error':
      return 'Backup paused';
  }
}
