// Electron IPC channel names, derived from contract names. Kept apart from
// index.ts, which builds zod schemas, so the sandboxed preload can import
// them and stay a few kilobytes.
import type { EventName, RequestName } from './index';

export const requestChannel = (name: RequestName) => `quire:req:${name}`;
export const eventChannel = (name: EventName) => `quire:evt:${name}`;
