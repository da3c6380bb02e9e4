// quire backup --db DIR --to FOLDER [--live]: mirrors a database into a
// backup folder (docs/backup-format.md), once or until interrupted.
import path from 'node:path';
import type { Command } from '../command';
import { UsageError, requiredString } from '../command';
import { withDatabase } from '../database';
import { APP_VERSION } from '../../app/version';
import { BackupFolderError, BackupRunner, LocationError, backupClientId, checkBackupLocation, workerSink } from '../../backup/index';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Mirror a database into a backup folder, once or continuously',
  options: {
    db: { type: 'string', value: 'DIR', description: 'the database folder (must exist)' },
    to: { type: 'string', value: 'FOLDER', description: 'the backup folder (created if it does not exist)' },
    live: { type: 'boolean', description: 'keep mirroring every change until interrupted (Ctrl+C)' },
  },
  details: [
    'Without --live: one pass from the checkpoint this database left in FOLDER (everything, the first time), then exit. ' +
      'With --live: keep the folder up to date until Ctrl+C or SIGTERM, which finish the batch in flight and exit 0; ' +
      'while the folder cannot be written (missing, read-only, full) it retries with back-off.',
    'FOLDER must be a folder (created if missing) that can be written in, not inside the database folder and not ' +
      'the root of a drive. Layout: data/<type>/<name>.json per live document, _deleted/ for deleted ones, ' +
      'state/<clientId>.json for the checkpoint; see docs/backup-format.md.',
    'Prints {"written","deleted","lastSeq","folder"}: the documents written and moved to _deleted/ by this run.',
  ],
  async run(values, io) {
    const dbDir = path.resolve(requiredString(values, 'db'));
    let folder: string;
    try {
      folder = checkBackupLocation(requiredString(values, 'to'), { protectedDirs: [dbDir] });
    } catch (error) {
      if (error instanceof LocationError) throw new UsageError(error.message);
      throw error;
    }
    return withDatabase(dbDir, { create: false }, async (store) => {
      const clientId = await backupClientId(store.db);
      const sink = workerSink(folder, clientId);
      const runner = new BackupRunner({
        db: store.db,
        folder,
        sink,
        appVersion: APP_VERSION,
        onStatus: (s) => {
          if (s.state === 'backing-up') io.status?.(`backing up ${s.done}/${s.total} changes`);
          if (s.state === 'error') io.err(`backup paused: ${s.reason}; retrying in ${Math.round((s.retryInMs ?? 0) / 1000)} s`);
        },
      });
      let failure: string | undefined;
      try {
        if (values.live) await runLive(runner);
        else await runner.runOnce();
      } catch (error) {
        if (!(error instanceof BackupFolderError)) throw error;
        failure = error.reason;
      } finally {
        await sink.close();
      }
      const { written, deleted, lastSeq } = runner.session;
      return {
        json: { written, deleted, lastSeq, folder },
        text: [`written  ${written}`, `deleted  ${deleted}`, `lastSeq  ${lastSeq}`, `folder   ${folder}`],
        failure,
      };
    });
  },
};

function runLive(runner: BackupRunner): Promise<void> {
  return new Promise((resolve) => {
    const finish = () => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      void runner.stop().then(resolve);
    };
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    runner.start();
  });
}
