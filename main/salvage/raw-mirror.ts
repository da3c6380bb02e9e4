// Writes what the raw reader recovers through a backup sink, in batches,
// then the checkpoint; returns what could not be read.
import type { BackupDoc } from '../backup/index';
import type { CountingSink } from './counting-sink';
import type { RawLevelDb } from './leveldb';
import { APP_VERSION } from '../app/version';
import { RawDocReader, idsToRecover, scanRaw, type ReadProblem } from './raw-reader';
import type { BadBlock } from './table-check';

const BATCH = 100;

export async function mirrorRaw(
  db: RawLevelDb,
  sink: CountingSink,
  options: { onProgress?: (done: number, total: number) => void; badBlocks?: readonly BadBlock[] } = {},
): Promise<ReadProblem[]> {
  const { onProgress, badBlocks = [] } = options;
  const scan = await scanRaw(db, badBlocks);
  const unreadable: ReadProblem[] = [...scan.problems];
  const reader = new RawDocReader(db, scan);
  const ids = idsToRecover(scan);
  await sink.prepare();
  let live = 0;
  let lostLive = 0;
  try {
    for (let i = 0; i < ids.length; i += BATCH) {
      const docs: BackupDoc[] = [];
      for (const id of ids.slice(i, i + BATCH)) {
        const read = await reader.read(id);
        unreadable.push(...read.problems);
        if (read.doc) {
          docs.push(read.doc);
          if (!read.doc.doc._deleted) live++;
        } else if (!scan.metadata.get(id)?.deleted) lostLive++;
      }
      await sink.apply(docs);
      onProgress?.(Math.min(i + BATCH, ids.length), ids.length);
    }
    await sink.commit({
      lastSeq: scan.updateSeq,
      appVersion: APP_VERSION,
      counts: { docs: live, written: sink.ids.size, deleted: sink.counts.deleted },
    });
  } finally {
    await sink.close();
  }
  // The database's own count of live documents, against what was found: damage may hide whole documents.
  const unaccounted = (scan.docCount ?? 0) - live - lostLive;
  if (unaccounted > 0) {
    unreadable.push({
      item: 'database',
      reason: `${unaccounted} more document${unaccounted === 1 ? ' was' : 's were'} counted by the database than could be found`,
    });
  }
  return unreadable;
}
