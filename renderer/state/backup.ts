// The backup's state as the main process reports it ('backup.statusChanged',
// and 'backup.status' at load), and whether the "not backed up" banner was
// dismissed in this window's profile.
import { create } from 'zustand';
import type { BackupState } from '../../shared/contract/backup-requests';
import { readSetting, writeSetting } from './local-setting';

const BANNER_KEY = 'quire.backup.bannerDismissed';

interface BackupStore {
  /** null until the main process has answered. */
  status: BackupState | null;
  bannerDismissed: boolean;
  setStatus(status: BackupState): void;
  dismissBanner(): void;
}

export const useBackup = create<BackupStore>()((set) => ({
  status: null,
  bannerDismissed: readSetting(BANNER_KEY, (raw) => (raw === true ? true : undefined)) ?? false,
  setStatus: (status) => set({ status }),
  dismissBanner() {
    writeSetting(BANNER_KEY, true);
    set({ bannerDismissed: true });
  },
}));

/** The folder backed up into, or '' when none is applied. */
export const appliedLocation = (status: BackupState | null): string =>
  status && status.state !== 'off' ? status.location : '';
