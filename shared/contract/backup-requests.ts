// The contract's requests and event for the continuous backup (Preferences ›
// Backup, the banner and the status bar). Spread into `requests` and
// `events` in ./index.ts.
import { z } from 'zod';
import { event, request } from './define';

/** What the backup is doing, as the renderer shows it. */
export type BackupState =
  /** No location has been applied: nothing is backed up. */
  | { state: 'off' }
  /** A location is set; the first pass has not reported yet. */
  | { state: 'starting'; location: string }
  | {
      state: 'backing-up';
      location: string;
      /** Changes copied so far in this pass, of `total`. */
      done: number;
      total: number;
      /** The folder is getting its first full copy from this installation (the progress bar is shown). */
      firstCopy: boolean;
    }
  | { state: 'up-to-date'; location: string; lastWriteAt: string | null; docs: number }
  | {
      state: 'error';
      location: string;
      /** What is wrong, in plain words. */
      reason: string;
      /** When the next attempt is due (ms since the epoch), or null when none is planned. */
      retryAt: number | null;
      /** The last successful write before the problem, if any. */
      lastWriteAt: string | null;
    };

/** Apply's outcome: a refused path changes nothing and says why. */
export type BackupApplyResult =
  | { ok: true; status: BackupState }
  | {
      ok: false;
      message: string;
      /** Set when the folder is usable but holds other things and is not a backup folder: the person is asked first. */
      notEmpty?: { folder: string; subfolder: string };
    };

export const backupRequests = {
  'backup.status': request<BackupState>()(z.object({}).strict()),
  /** Checks the path (absolute, a folder or creatable, writable, not in Quire's data, not a drive's root), saves it, and mirrors into it. */
  /** A folder holding other things (not a backup folder) is answered with `notEmpty` unless `whenNotEmpty` is 'use'. */
  'backup.setLocation': request<BackupApplyResult>()(
    z.object({ location: z.string().max(4096), whenNotEmpty: z.enum(['ask', 'use']).optional() }).strict(),
  ),
} as const;

export const backupEvents = {
  /** Every change of BackupState (progress at most a few times a second). */
  'backup.statusChanged': event<BackupState>(),
} as const;
