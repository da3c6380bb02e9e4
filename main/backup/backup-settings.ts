// The backup's one setting, the folder the user applied, kept in
// <userData>/backup-settings.json. Written like every backup file (temporary
// file, fsync, rename, fsync of the folder), so a crash leaves the old
// setting or the new one, never half of one.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AtomicWriter } from './atomic-write';
import type { SnapshotSettings } from '../../shared/contract/snapshot-requests';
import { DEFAULT_KEEP, KEEP_CHOICES } from '../../shared/snapshot-retention';

export const BACKUP_SETTINGS_FILE = 'backup-settings.json';
const WRITER_TAG = 'settings';

export interface BackupSettings {
  /** The applied backup folder (absolute), or null: nothing is backed up. */
  location: string | null;
  /** The first full copy into `location` has finished (so a restart shows no first-copy progress, and no second "backed up" notification). */
  firstCopyDone: boolean;
  /**
   * Automatic snapshots into the folder's snapshots.git/ (docs/snapshot-format.md).
   * Optional so that files written before snapshots existed still read: they get the defaults.
   */
  snapshots?: SnapshotSettings;
}

export const DEFAULT_SNAPSHOT_SETTINGS: SnapshotSettings = { enabled: true, intervalMinutes: 15, keep: DEFAULT_KEEP };

export const NO_BACKUP: BackupSettings = { location: null, firstCopyDone: false };

/** A saved snapshot setting, or the default for anything missing or out of range (a hand-edited file). */
function snapshotSettingsOf(value: unknown): SnapshotSettings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof SnapshotSettings, unknown>>;
  const minutes = v.intervalMinutes;
  return {
    enabled: typeof v.enabled === 'boolean' ? v.enabled : DEFAULT_SNAPSHOT_SETTINGS.enabled,
    intervalMinutes:
      typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= 24 * 60
        ? minutes
        : DEFAULT_SNAPSHOT_SETTINGS.intervalMinutes,
    keep: KEEP_CHOICES.find((k) => k === v.keep) ?? DEFAULT_SNAPSHOT_SETTINGS.keep,
  };
}

/** The saved setting; a missing or unreadable file means no location (the user is asked again, nothing is guessed). */
export async function readBackupSettings(userDataDir: string): Promise<BackupSettings> {
  let raw: string;
  try {
    raw = await fsp.readFile(path.join(userDataDir, BACKUP_SETTINGS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NO_BACKUP;
    throw error;
  }
  try {
    const value = JSON.parse(raw) as Partial<Record<keyof BackupSettings, unknown>>;
    const location = typeof value.location === 'string' && path.isAbsolute(value.location) ? value.location : null;
    const settings: BackupSettings = { location, firstCopyDone: location !== null && value.firstCopyDone === true };
    // Absent in files written before snapshots: left out, so the defaults apply (and may change with a later version).
    if (value.snapshots !== undefined) settings.snapshots = snapshotSettingsOf(value.snapshots);
    return settings;
  } catch {
    return NO_BACKUP;
  }
}

export async function writeBackupSettings(userDataDir: string, settings: BackupSettings): Promise<void> {
  await fsp.mkdir(userDataDir, { recursive: true });
  const writer = new AtomicWriter(userDataDir, WRITER_TAG);
  await writer.write(BACKUP_SETTINGS_FILE, `${JSON.stringify({ version: 1, ...settings }, null, 2)}\n`);
}

/** Temporary files a crash may have left while the setting was written (only ours: the tag says whose). */
export async function removeSettingsLeftovers(userDataDir: string): Promise<void> {
  await new AtomicWriter(userDataDir, WRITER_TAG).removeOwnTempFiles(['']).catch(() => undefined);
}
