// The one IPC contract. Every request the renderer can make and every event
// the main process can send is declared here, once. The Electron preload,
// the main-side handler registration and the browser host's WebSocket
// transport all derive from these two objects; nobody writes a channel name
// by hand anywhere else.
import { z } from 'zod';
import { request, event } from './define';
import type {
  AppInfo, AppNotification, BookSummary, DbChange, ImportResult, NoteSummary,
  PathPromptRequest, Progress, Stats, TagSummary,
} from '../types';
import type { NoteDoc } from '../schema';
import { MENU_COMMANDS, type MenuCommand } from '../menu';
import { noteRequests } from './notes-requests';
import { backupEvents, backupRequests } from './backup-requests';
import { restoreEvents, restoreRequests } from './restore-requests';
import { exportRequests } from './export-requests';
import { snapshotEvents, snapshotRequests } from './snapshot-requests';
import { syncEvents, syncRequests } from './sync-requests';

const id = z.string().min(1).max(2048);
const path = z.string().min(1).max(4096);
const noArgs = z.object({}).strict();

export const requests = {
  'app.info': request<AppInfo>()(noArgs),
  'app.stats': request<Stats>()(noArgs),

  'notes.get': request<NoteDoc | null>()(z.object({ id }).strict()),
  'books.list': request<BookSummary[]>()(noArgs),
  'tags.list': request<TagSummary[]>()(noArgs),

  'import.markdownFolder': request<ImportResult>()(z.object({ from: path }).strict()),

  /** `create`: the picker offers to create a folder that does not exist yet (where the folder is written into: the backup). */
  'platform.pickFolder': request<string | null>()(
    z.object({ title: z.string().max(200), defaultPath: path.optional(), create: z.boolean().optional() }).strict(),
  ),
  /**
   * The browser host's answer to a path prompt it asked the renderer to show.
   * For a prompt that may create its folder, a path with no folder yet is
   * answered `{ missing }` (the prompt offers to create it), and `create: true` creates it.
   */
  'platform.answerPathPrompt': request<{ missing: string } | undefined>()(
    z.object({ requestId: id, path: path.nullable(), create: z.boolean().optional() }).strict(),
  ),
  /**
   * Shows a folder in the OS file manager: only one main handed out (data, database,
   * backup, a notification's folder) and still a folder; anything else is refused.
   */
  'platform.openPath': request<void>()(z.object({ path }).strict()),
  'platform.openExternal': request<void>()(z.object({ url: z.string().url().max(8192) }).strict()),

  ...noteRequests,
  ...backupRequests,
  ...restoreRequests,
  ...exportRequests,
  ...snapshotRequests,
  ...syncRequests,
} as const;

export const events = {
  'db.changed': event<DbChange>(),
  /** Note summaries that changed (batched), so the renderer patches its list without asking. */
  'notes.changed': event<{ upserted: NoteSummary[]; removed: string[] }>(),
  'menu.command': event<{ command: MenuCommand }>(),
  'app.notification': event<AppNotification>(),
  'app.progress': event<Progress>(),
  'platform.pathPrompt': event<PathPromptRequest>(),
  ...backupEvents,
  ...restoreEvents,
  ...snapshotEvents,
  ...syncEvents,
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestArgs<K extends RequestName> = z.input<Requests[K]['args']>;
export type ParsedArgs<K extends RequestName> = z.output<Requests[K]['args']>;
export type RequestResult<K extends RequestName> = Requests[K]['result'];

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E]['payload'];

export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Electron IPC channel names, derived from the contract (in their own module so the preload can import them without zod). */
export { requestChannel, eventChannel } from './channels';

export { MENU_COMMANDS };
