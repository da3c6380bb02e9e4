// Test helpers for the restore: temporary folders, a Quire backup of a
// database (the backup's own runner, in process), and a database's full
// content (every revision history and attachment) for comparisons.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { BackupRunner, backupClientId, inProcessSink, workerSink } from '../backup/index';

export function tempFolder(prefix = 'quire-restore-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dbs: Database[] = [];
  return {
    dir,
    path: (...parts: string[]) => path.join(dir, ...parts),
    open(name = 'db'): Database {
      const db = openDatabase(path.join(dir, name));
      dbs.push(db);
      return db;
    },
    async [Symbol.asyncDispose]() {
      for (const db of dbs) await db.close().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Mirrors `db` into `folder` as the app's backup does (one pass, this
 * database's own client id); `worker`: through the backup's worker thread,
 * as the app and the CLI run it (faster for big databases, slower to start).
 */
export async function backUp(db: Database, folder: string, options: { worker?: boolean } = {}): Promise<void> {
  fs.mkdirSync(folder, { recursive: true });
  const clientId = await backupClientId(db);
  const sink = options.worker ? workerSink(folder, clientId) : inProcessSink(folder, clientId);
  try {
    await new BackupRunner({ db, folder, sink, appVersion: 'test', batchSize: 500 }).runOnce();
  } finally {
    await sink.close();
  }
}

export interface DocState {
  rev: string;
  deleted: boolean;
  doc: Record<string, unknown> | null;
  attachments: Record<string, { content_type: string; digest: string; data: string }>;
}

/**
 * Every document (deleted ones as their tombstone's revision) with its revision
 * history and attachment bytes; revpos is left out (PouchDB recomputes it).
 */
export async function contentOf(db: Database): Promise<Map<string, DocState>> {
  const out = new Map<string, DocState>();
  const changes = await db.changes({ style: 'main_only' });
  const ids = changes.results.map((c) => c.id).filter((id) => !id.startsWith('_design/'));
  for (let i = 0; i < ids.length; i += 500) {
    const slice = changes.results.slice(i, i + 500);
    const got = await db.bulkGet({ docs: slice.map((c) => ({ id: c.id, rev: c.changes[0]!.rev })), revs: true, attachments: true });
    for (const result of got.results) {
      const found = result.docs.find((d) => 'ok' in d);
      const ok = found && 'ok' in found ? found.ok : null;
      if (!ok) throw new Error(`cannot read ${result.id}`);
      const { _attachments, ...doc } = ok as Record<string, unknown> & { _rev: string; _attachments?: Record<string, { content_type: string; digest: string; data: string }> };
      const attachments: DocState['attachments'] = {};
      for (const [name, a] of Object.entries(_attachments ?? {})) attachments[name] = { content_type: a.content_type, digest: a.digest, data: a.data };
      out.set(result.id, { rev: ok._rev, deleted: ok._deleted === true, doc, attachments });
    }
  }
  return out;
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}
