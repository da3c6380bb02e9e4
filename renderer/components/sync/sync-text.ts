// Sync's state in words, for Preferences › Sync and the status bar.
import type { SyncState } from '../../../shared/contract/sync-requests';
import { formatRetry, formatWriteTime, type BackupTone } from '../backup/backup-text';

export interface SyncDescription {
  tone: BackupTone;
  headline: string;
  detail: string | null;
  /** Shown during the first full pull or push. */
  progress: { done: number; total: number } | null;
}

const numbers = new Intl.NumberFormat();

/** The server's host, as the status names it. */
export function serverName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function describeSync(status: SyncState, now = Date.now()): SyncDescription {
  switch (status.state) {
    case 'off':
      return { tone: 'off', headline: 'Not syncing', detail: 'Notes stay on this computer (and in its backup folder).', progress: null };
    case 'needs-password':
      return {
        tone: 'error',
        headline: 'Password needed',
        detail: `No keychain on this computer keeps the password for ${serverName(status.url)}: enter it again to sync.`,
        progress: null,
      };
    case 'connecting':
      return { tone: 'busy', headline: `Connecting to ${serverName(status.url)}…`, detail: null, progress: null };
    case 'syncing': {
      const counted = status.firstSync && status.total > 0;
      return {
        tone: 'busy',
        headline: counted ? `Syncing ${numbers.format(Math.min(status.done, status.total))} of ${numbers.format(status.total)}` : 'Syncing…',
        detail: status.firstSync
          ? `The first sync with ${serverName(status.url)}: every note goes both ways once. You can keep working meanwhile.`
          : null,
        progress: counted ? { done: Math.min(status.done, status.total), total: status.total } : null,
      };
    }
    case 'up-to-date':
      return {
        tone: 'ok',
        headline: 'Up to date',
        detail: `Last synced ${formatWriteTime(status.lastSyncAt, now)} with ${serverName(status.url)}.`,
        progress: null,
      };
    case 'offline':
      return {
        tone: 'error',
        headline: 'Offline',
        detail: `${status.reason} ${status.retryAt ? `Quire tries again ${formatRetry(status.retryAt, now)}` : 'Quire tries again'} and catches up by itself; edits made meanwhile are kept and sync then.`,
        progress: null,
      };
    case 'error':
      return { tone: 'error', headline: 'Sync stopped', detail: `${status.reason} Connect again once it is fixed.`, progress: null };
  }
}

/** A few words for the status bar. */
export function shortSyncText(status: SyncState): string {
  switch (status.state) {
    case 'off': return 'Not syncing';
    case 'needs-password': return 'Sync: password needed';
    case 'connecting': return 'Connecting…';
    case 'syncing': return status.firstSync && status.total > 0 ? `Syncing ${numbers.format(Math.min(status.done, status.total))} / ${numbers.format(status.total)}` : 'Syncing…';
    case 'up-to-date': return 'Synced';
    case 'offline': return 'Sync offline';
    case 'error': return 'Sync stopped';
  }
}
