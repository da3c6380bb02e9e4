// quire restore --db DIR --from FOLDER: merges a backup folder (Quire's own,
// or Inkdrop's) into a database, as a replication would.
import path from 'node:path';
import type { Command } from '../command';
import { UsageError, requiredString } from '../command';
import { withDatabase } from '../database';
import { NotABackupError, restoreBackup } from '../../restore/index';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore a backup folder (Quire or Inkdrop) into a database',
  options: {
    db: { type: 'string', value: 'DIR', description: 'the database folder (must exist)' },
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
    const result = await withDatabase(db, { create: false }, async (store) => {
      try {
        return await restoreBackup(store.db, from, {
          onProgress: (p) => io.status?.(`restoring ${p.done}/${p.total} documents`),
        });
      } catch (error) {
        if (error instanceof NotABackupError) throw new UsageError(error.message);
        throw error;
      }
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
