// One two-way pass with the server, for `quire sync` and scripts: what the
// local database has that the server lacks goes up, what the server has
// comes down, from the checkpoints the last pass (or the app) left on both
// sides. Returns what crossed and how many of the documents it touched now
// hold a conflict (both sides changed them: the winner shows, nothing is lost).
import type { Database } from '../db/open-database';
import type { RemoteDatabase } from './remote-database';

export interface SyncPassResult {
  pushed: number;
  pulled: number;
  /** Documents this pass touched that now have versions kept as conflicts. */
  conflicts: number;
  /** The local database's sequence the pass reached. */
  lastSeq: number | string;
}

const CONFLICT_CHECK_BATCH = 500;

export async function syncOnce(db: Database, remote: RemoteDatabase, onProgress?: (done: number) => void): Promise<SyncPassResult> {
  const touched = new Set<string>();
  let done = 0;
  const pass = db.sync(remote.db, { batch_size: 200 });
  pass.on('change', ({ change }) => {
    for (const doc of change.docs ?? []) touched.add(doc._id);
    done += change.docs?.length ?? 0;
    onProgress?.(done);
  });
  const result = await pass;
  let conflicts = 0;
  const ids = [...touched];
  for (let i = 0; i < ids.length; i += CONFLICT_CHECK_BATCH) {
    const rows = await db.allDocs({ keys: ids.slice(i, i + CONFLICT_CHECK_BATCH), include_docs: true, conflicts: true });
    for (const row of rows.rows) if ((row.doc as { _conflicts?: string[] } | undefined)?._conflicts?.length) conflicts += 1;
  }
  const info = await db.info();
  return {
    pushed: result.push?.docs_written ?? 0,
    pulled: result.pull?.docs_written ?? 0,
    conflicts,
    lastSeq: info.update_seq,
  };
}
