// Whether the renderer is connected to its host. Always 'open' in Electron;
// in the browser host the WebSocket can drop and come back.
import { create } from 'zustand';
import type { ConnectionState } from '../client/ws-transport';

interface ConnectionStore {
  state: ConnectionState;
  setState(state: ConnectionState): void;
}

export const useConnection = create<ConnectionStore>()((set) => ({
  state: 'open',
  setState: (state) => set({ state }),
}));
