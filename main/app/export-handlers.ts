// File › Export › All Notes… and Note › Export as Markdown… in the app: runs the Markdown export
// (main/export) with its progress in every window's status bar, and ends
// with a notification that says how many notes were exported, which could
// not be, and has a button that opens the folder.
import type { EventSink, Handlers } from '../ipc/dispatch';
import type { ExportResult, exportRequests } from '../../shared/contract/export-requests';
import type { DocumentStore } from '../db/document-store';
import type { Platform } from '../platform/platform';
import { exportAllNotes } from '../export/index';
import { UserError } from '../notes/notes-service';

export type ExportHandlers = Pick<Handlers, keyof typeof exportRequests>;

const TASK = 'export';
const LABEL = 'Exporting notes';
/** Progress goes to the windows at most this often (the last step always). */
const PROGRESS_EVERY_MS = 100;
/** Notes named in the notification; the rest are counted. */
const ERRORS_SHOWN = 3;

export function createExportHandlers(deps: { store: DocumentStore; platform: Platform; events: EventSink }): ExportHandlers {
  const { store, platform, events } = deps;
  let running = false;

  const run = async (to: string, only?: ReadonlySet<string>): Promise<ExportResult> => {
    if (running) throw new UserError('An export is already running. Wait for it to finish.');
    running = true;
    let lastSent = 0;
    const progress = (done: number, total: number, finished: boolean) =>
      events.emit('app.progress', { task: TASK, label: LABEL, done, total, finished });
    try {
      const result = await exportAllNotes(store, to, {
        only,
        onProgress: (done, total) => {
          if (done < total && Date.now() - lastSent < PROGRESS_EVERY_MS) return;
          lastSent = Date.now();
          progress(done, total, false);
        },
      });
      platform.notify(notificationOf(result, only ? 'Finished exporting' : 'Finished exporting all notes'));
      return result;
    } finally {
      progress(1, 1, true);
      running = false;
    }
  };
  return {
    'export.allNotes': ({ to }) => run(to),
    'export.notes': ({ ids, to }) => run(to, new Set(ids)),
  };
}

function notificationOf(result: ExportResult, title: string) {
  const { notes, attachments, folder, errors } = result;
  const counts = `${notes} ${notes === 1 ? 'note' : 'notes'}${attachments ? ` and ${attachments} ${attachments === 1 ? 'attachment' : 'attachments'}` : ''} exported to ${folder}.`;
  const problems = errors.slice(0, ERRORS_SHOWN).map((e) => ` “${e.title || 'Untitled'}”: ${e.reason}.`).join('');
  const more = errors.length > ERRORS_SHOWN ? ` And ${errors.length - ERRORS_SHOWN} more.` : '';
  return {
    id: `export-${Date.now()}`,
    kind: errors.length ? ('info' as const) : ('success' as const),
    title,
    body: errors.length ? `${counts} Not exported completely:${problems}${more}` : counts,
    openPath: { label: 'Open Folder', path: folder },
  };
}
