// Preferences › Backup › Snapshots as the main process reports it
// ('snapshots.changed', and 'snapshots.overview' when the section opens).
import { create } from 'zustand';
import type { SnapshotsOverview } from '../../shared/contract/snapshot-requests';
import { client } from '../client/index';

interface SnapshotsStore {
  /** null until the main process has answered. */
  overview: SnapshotsOverview | null;
  setOverview(overview: SnapshotsOverview): void;
}

export const useSnapshots = create<SnapshotsStore>()((set) => ({
  overview: null,
  setOverview: (overview) => set({ overview }),
}));

export async function loadSnapshots(): Promise<void> {
  useSnapshots.getState().setOverview(await client.invoke('snapshots.overview', {}));
}
