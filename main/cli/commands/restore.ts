// quire restore --db DIR --from FOLDER: merges a backup folder (Quire's own,
// or Inkdrop's) into a database, as a replication would. The database is
// created when the folder does not exist yet (a new computer), as
// import-markdown does.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '../command';
import { UsageError, requiredString } from '../command';
import { withDatabase } from '../database';
import { NotABackupError, restoreBackup } from '../../restore/index';
import { restoreSnapshot } from '../../snapshots/index';
import { pickSnapshot, withStore } from './snapshot-store';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore a backup folder (Quire or Inkdrop) into a database',
  options: {
    db: { type: 'string', value: 'DIR', description: 'the database folder (created if it does not exist)' },
    from: { type: 'string', value: 'FOLDER', description: 'the backup folder (the one holding data/)' },
    snapshot: { type: 'string', value: 'ID', description: 'restore this snapshot of the folder (quire snapshots lists them)' },
    at: { type: 'string', value: 'TIME', description: 'restore the last snapshot taken at or before TIME' },
  },
  usage: ['Usage: quire restore --db DIR --from FOLDER [--snapshot ID | --at TIME] [--json]'],
  details: [
    'Reads Quire backup folders (data/<type>/, attachments as files) and Inkdrop backups (data/<id>.json or ' +
      'folders per type, attachments inline). Documents in _deleted/ are not restored.',
    'Merges like a replication: a document already here (at that revision or a newer one) is left alone, so ' +
      'restoring twice changes nothing; where both sides changed a document, CouchDB\'s winner shows and the other ' +
      'revision is kept as a conflict; a document deleted here stays deleted (unless its file was moved from ' +
      '_deleted/ back into data/ of this database\'s own backup folder). Nothing is ever overwritten.',
    'Files that cannot be used (not JSON, cut short, invalid, in the wrong folder, attachments missing or not ' +
      'matching their digest, links leading outside the folder, files over 64 MiB) are skipped and listed; the rest is restored.',
    'With --snapshot or --at: the documents as that snapshot holds them (docs/snapshot-format.md), merged by the ' +
      'same rules; documents created since stay, deleted ones are not brought back by it. A document whose snapshot ' +
      'objects are damaged is skipped and listed.',
    'Prints {"restored","upToDate","stillDeleted","conflicts","skipped":[{"path","reason"}]} ("snapshot" too with --snapshot or --at).',
  ],
  async run(values, io) {
    const db = requiredString(values, 'db');
    const from = path.resolve(requiredString(values, 'from'));
    const snapshotId = typeof values.snapshot === 'string' ? values.snapshot : undefined;
    const at = typeof values.at === 'string' ? values.at : undefined;
    if (snapshotId !== undefined && at !== undefined) throw new UsageError('give --snapshot or --at, not both');
    if (snapshotId !== undefined || at !== undefined) {
      // The snapshot is found (and the store checked) before a database is made for it.
      const result = await withStore(from, async (store) => {
        const snapshot = pickSnapshot(store, snapshotId, at);
        return withDatabase(db, { create: true }, (docs) => restoreSnapshot(docs.db, store, snapshot));
      });
      const { restored, upToDate, stillDeleted, conflicts, skipped } = result;
      const text = [
        `snapshot    ${result.snapshot.id} (${result.snapshot.time})`,
        `restored    ${restored}`,
        `up to date  ${upToDate}`,
        // Said, not left out: "everything up to date" while a note deleted since is not back would mislead.
        ...(stillDeleted ? [`still deleted ${stillDeleted} (deleted here after the snapshot: a merge does not undo a deletion; Preferences › Backup › Restore to… or Note › History… brings them back)`] : []),
        `conflicts   ${conflicts}`,
        `skipped     ${result.skippedCount}`,
        ...skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
      ];
      return { json: { snapshot: result.snapshot.id, restored, upToDate, stillDeleted, conflicts, skipped }, text, skipped };
    }
    const created = topmostMissing(path.resolve(db));
    const result = await withDatabase(db, { create: true }, (store) =>
      restoreBackup(store.db, from, {
        onProgress: (p) => io.status?.(`restoring ${p.done}/${p.total} documents`),
      }),
    ).catch((error: unknown) => {
      if (!(error instanceof NotABackupError)) throw error;
      // Nothing was written: a database made only for this restore is not left behind.
      if (created) fs.rmSync(created, { recursive: true, force: true });
      throw new UsageError(error.message);
    });
    const { restored, upToDate, stillDeleted, conflicts, skipped, skippedCount } = result;
    const unlisted = skippedCount - skipped.length;
    const text = [
      `restored    ${restored}`,
      `up to date  ${upToDate}`,
      ...(stillDeleted ? [`still deleted ${stillDeleted} (deleted here after the backup was made: a restore does not undo a deletion)`] : []),
      `conflicts   ${conflicts}`,
      `skipped     ${skippedCount}`,
      ...(result.deleted ? [`(${result.deleted} deleted documents in the backup were not restored)`] : []),
      ...skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
      ...(unlisted > 0 ? [`…and ${unlisted} more skipped files not listed`] : []),
    ];
    return { json: { restored, upToDate, stillDeleted, conflicts, skipped }, text, skipped };
  },
};

/** The outermost of `dir` and its parents that does not exist (what creating `dir` would create), or null. */
function topmostMissing(dir: string): string | null {
  let missing: string | null = null;
  // lstat: a dangling link exists, and is never taken for something this command created.
  for (let p = dir; !fs.lstatSync(p, { throwIfNoEntry: false }); p = path.dirname(p)) {
    missing = p;
    if (path.dirname(p) === p) break;
  }
  return missing;
}
