// Sync's state as the main process reports it ('sync.statusChanged', and
// 'sync.status' at load). No password is ever part of it.
import { create } from 'zustand';
import type { SyncState } from '../../shared/contract/sync-requests';

interface SyncStore {
  /** null until the main process has answered. */
  status: SyncState | null;
  setStatus(status: SyncState): void;
}

export const useSync = create<SyncStore>()((set) => ({
  status: null,
  setStatus: (status) => set({ status }),
}));
