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

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore a backup folder (Quire or Inkdrop) into a database',
  options: {
    db: { type: 'string', value: 'DIR', description: 'the database folder (created if it does not exist)' },
    from: { type: 'string', value: 'FOLDER', description: 'the backup folder (the one holding data/)' },
  },
  details: [
    'Reads Quire backup folders (data/<type>/, attachments as files) and Inkdrop backups (data/<id>.json or ' +
      'folders per type, attachments inline). Documents in _deleted/ are not restored.',
    'Merges like a replication: a document already here (at that revision or a newer one) is left alone, so ' +
      'restoring twice changes nothing; where both sides changed a document, CouchDB\'s winner shows and the other ' +
      'revision is kept as a conflict; a document deleted here stays deleted (unless its file was moved from ' +
      '_deleted/ back into data/ of this database\'s own backup folder). Nothing is ever overwritten.',
    'Files that cannot be used (not JSON, cut short, invalid, in the wrong folder, attachments missing or not ' +
      'matching their digest, links leading outside the folder, files over 64 MiB) are skipped and listed; the rest is restored.',
    'Prints {"restored","upToDate","conflicts","skipped":[{"path","reason"}]}.',
  ],
  async run(values, io) {
    const db = requiredString(values, 'db');
    const from = path.resolve(requiredString(values, 'from'));
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
    const { restored, upToDate, conflicts, skipped, skippedCount } = result;
    const unlisted = skippedCount - skipped.length;
    const text = [
      `restored    ${restored}`,
      `up to date  ${upToDate}`,
      `conflicts   ${conflicts}`,
      `skipped     ${skippedCount}`,
      ...(result.deleted ? [`(${result.deleted} deleted documents in the backup were not restored)`] : []),
      ...skipped.map((s) => `skipped ${s.path}: ${s.reason}`),
      ...(unlisted > 0 ? [`…and ${unlisted} more skipped files not listed`] : []),
    ];
    return { json: { restored, upToDate, conflicts, skipped }, text, skipped };
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
