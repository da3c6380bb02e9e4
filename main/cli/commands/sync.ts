// quire sync --db DIR --url URL [--user NAME] [--database NAME] [--live]:
// syncs a database with a CouchDB server, one two-way pass or live until
// interrupted. The password comes from QUIRE_SYNC_PASSWORD or a prompt,
// never from an argument (arguments show in `ps` and shell history).
import path from 'node:path';
import type { Command, CliIO } from '../command';
import { UsageError, requiredString } from '../command';
import { withDatabase } from '../database';
import { checkServer } from '../../sync/server-check';
import { checkDatabaseName, DEFAULT_DATABASE, parseServerAddress } from '../../sync/server-address';
import { describeSyncError, SyncInputError } from '../../sync/sync-errors';
import { openRemoteDatabase } from '../../sync/remote-database';
import { syncOnce } from '../../sync/sync-once';
import { refuseIncomingFrom } from '../../sync/incoming';
import { LiveSync } from '../../sync/live-sync';
import { readPasswordFromTerminal } from '../password-prompt';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Sync a database with a CouchDB server, once or continuously',
  options: {
    db: { type: 'string', value: 'DIR', description: 'the database folder (must exist)' },
    url: { type: 'string', value: 'URL', description: 'the server, e.g. https://couch.example.com:6984 (http:// only to localhost)' },
    user: { type: 'string', value: 'NAME', description: 'the user name (the password: QUIRE_SYNC_PASSWORD, or asked for)' },
    database: { type: 'string', value: 'NAME', description: `the database on the server (default ${DEFAULT_DATABASE}; created if it does not exist and the user may)` },
    live: { type: 'boolean', description: 'keep syncing every change both ways until interrupted (Ctrl+C)' },
  },
  usage: ['Usage: quire sync --db DIR --url URL [--user NAME] [--database NAME] [--live] [--json]'],
  details: [
    'The server is checked first (it answers, it is a CouchDB, the credentials are accepted, the database exists or is created). ' +
      'Without --live: one pass both ways from the checkpoints the last pass left, then exit. With --live: keep syncing until Ctrl+C ' +
      'or SIGTERM, retrying with back-off while the server cannot be reached.',
    'The password is read from the QUIRE_SYNC_PASSWORD environment variable, or asked for on the terminal; it is never an argument.',
    'Prints {"pushed","pulled","conflicts","lastSeq"}: documents sent to and received from the server, documents that now hold ' +
      'a conflict (both sides changed them; the app shows both versions), and the local database\'s sequence.',
  ],
  async run(values, io) {
    const dbDir = path.resolve(requiredString(values, 'db'));
    const user = typeof values.user === 'string' ? values.user : '';
    let server: URL;
    let database: string;
    try {
      server = parseServerAddress(requiredString(values, 'url'));
      database = checkDatabaseName(typeof values.database === 'string' ? values.database : DEFAULT_DATABASE);
    } catch (error) {
      if (error instanceof SyncInputError) throw new UsageError(error.message);
      throw error;
    }
    const password = user ? await passwordFor(user, io) : '';
    return withDatabase(dbDir, { create: false }, async (store) => {
      try {
        await checkServer(server, database, { user, password });
      } catch (error) {
        return { json: {}, text: [], failure: describeSyncError(error, server.host) };
      }
      const remote = openRemoteDatabase(server, database, { user, password });
      refuseIncomingFrom(remote.db, (id, reason) => io.err(`not taken from ${server.host}: ${id}: ${reason}`));
      try {
        if (!values.live) {
          const result = await syncOnce(store.db, remote, (done) => io.status?.(`syncing: ${done} documents`));
          return output({ ...result });
        }
        const live = await runLive(store.db, remote, server.host, io);
        const info = await store.db.info();
        return output({ pushed: live.pushed, pulled: live.pulled, conflicts: 0, lastSeq: info.update_seq }, live.failure);
      } catch (error) {
        return { json: {}, text: [], failure: describeSyncError(error, server.host) };
      } finally {
        await remote.db.close().catch(() => undefined);
      }
    });
  },
};

function output(result: { pushed: number; pulled: number; conflicts: number; lastSeq: number | string }, failure?: string) {
  return {
    json: result,
    text: [`pushed     ${result.pushed}`, `pulled     ${result.pulled}`, `conflicts  ${result.conflicts}`, `lastSeq    ${result.lastSeq}`],
    ...(failure ? { failure } : {}),
  };
}

async function passwordFor(user: string, io: CliIO): Promise<string> {
  const fromEnv = process.env.QUIRE_SYNC_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY) throw new UsageError(`no password for ${user}: set QUIRE_SYNC_PASSWORD, or run on a terminal to be asked`);
  io.err(`Password for ${user}: `);
  return readPasswordFromTerminal();
}

function runLive(db: Parameters<typeof syncOnce>[0], remote: Parameters<typeof syncOnce>[1], host: string, io: CliIO) {
  return new Promise<{ pushed: number; pulled: number; failure?: string }>((resolve) => {
    let failure: string | undefined;
    let lastLine = '';
    const live: LiveSync = new LiveSync({
      db, remote, host, firstSync: false,
      onState: (state) => {
        const line = state.state === 'offline' ? `offline: ${state.reason}` : state.state === 'error' ? `stopped: ${state.reason}` : state.state;
        if (state.state === 'error') {
          failure = state.reason;
          finish();
        }
        if (line !== lastLine && state.state !== 'syncing') io.err(`sync: ${line}`);
        lastLine = line;
      },
    });
    const finish = () => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      void live.stop().then(() => resolve({ pushed: live.pushed, pulled: live.pulled, ...(failure ? { failure } : {}) }));
    };
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    void live.start().catch((error: unknown) => {
      failure = describeSyncError(error, host);
      finish();
    });
  });
}
