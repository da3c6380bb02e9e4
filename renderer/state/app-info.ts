// Facts about the running app (version, host, data folder), loaded once at start.
import { create } from 'zustand';
import type { AppInfo } from '../../shared/types';

interface AppInfoState {
  info: AppInfo | null;
  setInfo(info: AppInfo): void;
}

export const useAppInfo = create<AppInfoState>()((set) => ({
  info: null,
  setInfo: (info) => set({ info }),
}));
