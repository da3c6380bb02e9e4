// The contract's requests and event for sync through a CouchDB server
// (Preferences › Sync and the status bar). Spread into `requests` and
// `events` in ./index.ts. The password goes from the renderer to the main
// process on Connect and never comes back: no state carries it.
import { z } from 'zod';
import { event, request } from './define';

/** Where Quire syncs: what Preferences › Sync shows in its fields. */
export interface SyncTarget {
  /** The server's address as given (`https://host:port`, maybe with a path). */
  url: string;
  /** The user name, '' for none. */
  user: string;
  database: string;
}

/** What sync is doing, as the renderer shows it. */
export type SyncState =
  /** Not connected to any server. */
  | { state: 'off' }
  /** Connected before, but the password could not be stored (no keychain): it is asked for again. */
  | ({ state: 'needs-password' } & SyncTarget)
  | ({ state: 'connecting' } & SyncTarget)
  | ({
      state: 'syncing';
      /** Documents sent and received so far in this burst, of about `total` (0 when not known). */
      done: number;
      total: number;
      /** The first full pull or push with this server: the progress bar is shown. */
      firstSync: boolean;
      lastSyncAt: string | null;
    } & SyncTarget)
  | ({ state: 'up-to-date'; lastSyncAt: string; pushed: number; pulled: number } & SyncTarget)
  | ({
      state: 'offline';
      /** Why the server cannot be reached, in words. */
      reason: string;
      /** When the next attempt is due (ms since the epoch). */
      retryAt: number | null;
      lastSyncAt: string | null;
    } & SyncTarget)
  /** Sync stopped: it needs the user (a password no longer accepted, a database removed). */
  | ({ state: 'error'; reason: string; lastSyncAt: string | null } & SyncTarget);

export type SyncConnectResult =
  | { ok: true; status: SyncState }
  | {
      ok: false;
      message: string;
      /** The field the message is about, so the pane can show it there. */
      field: 'url' | 'user' | 'password' | 'database' | null;
    };

/** A notebook, tag or image kept in two versions (changed on two computers before they synced). */
export interface DocConflict {
  id: string;
  kind: 'notebook' | 'tag' | 'file';
  /** Each version in words, the one that shows first. */
  versions: { rev: string; label: string; detail: string; updatedAt: number | null }[];
}

const target = {
  url: z.string().min(1).max(2048),
  user: z.string().max(256),
  database: z.string().min(1).max(238),
};

export const syncRequests = {
  'sync.status': request<SyncState>()(z.object({}).strict()),
  /**
   * Checks the server (reachable, a CouchDB, credentials accepted, the
   * database there or created), then saves the setting and starts syncing.
   * A refusal changes nothing and says why.
   */
  'sync.connect': request<SyncConnectResult>()(
    z.object({ ...target, password: z.string().max(1024) }).strict(),
  ),
  /** Whether this computer has a keychain to keep the password in (false: it is asked for again at each start). */
  'sync.keychain': request<boolean>()(z.object({}).strict()),
  /** Stops syncing and forgets the server and password; both sides stay as they are. */
  'sync.disconnect': request<SyncState>()(z.object({}).strict()),
  /** Notebooks, tags and images with versions kept as conflicts (notes show theirs in the conflict bar). */
  'sync.conflicts': request<DocConflict[]>()(z.object({}).strict()),
  /** Keeps one version of a notebook, tag or image; the others are removed (the choice syncs). */
  'sync.resolveConflict': request<void>()(
    z.object({ id: z.string().min(1).max(2048), keepRev: z.string().min(1).max(256) }).strict(),
  ),
} as const;

export const syncEvents = {
  /** Every change of SyncState (progress at most a few times a second). */
  'sync.statusChanged': event<SyncState>(),
} as const;
