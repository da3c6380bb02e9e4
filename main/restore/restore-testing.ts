// Test helpers for the restore: temporary folders, a Quire backup of a
// database (the backup's own runner, in process), and a database's full
// content (every revision history and attachment) for comparisons, and the
// check that a restore or a scan accounted for every file in the folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../db/open-database';
import { BackupRunner, backupClientId, inProcessSink, workerSink } from '../backup/index';
import type { RestorePlan, RestoreResult } from './types';

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

const TYPE_FOLDERS = ['note', 'book', 'tag', 'file', 'other'];
const isDocFileName = (name: string) => name.endsWith('.json') && !name.startsWith('.');

/**
 * What a folder holds for a restore to account for, counted here without the
 * restore's own walk: `files`, each `.json` entry (not hidden) in data/ and in
 * its type folders, plus each type-folder name that is not a real folder (a
 * link, a FIFO: listed as skipped); `deletedFiles`, the `.json` entries in
 * _deleted/'s type folders.
 */
export function folderEntries(folder: string): { files: number; deletedFiles: number } {
  const lstat = (p: string) => {
    try {
      return fs.lstatSync(p);
    } catch {
      return null;
    }
  };
  const docNames = (dir: string) => fs.readdirSync(dir).filter(isDocFileName).length;
  let files = 0;
  let deletedFiles = 0;
  const data = path.join(folder, 'data');
  const dataStat = lstat(data);
  if (dataStat?.isSymbolicLink()) files++;
  else if (dataStat?.isDirectory()) {
    for (const name of fs.readdirSync(data)) {
      if (TYPE_FOLDERS.includes(name)) {
        if (lstat(path.join(data, name))?.isDirectory()) files += docNames(path.join(data, name));
        else files++;
      } else if (isDocFileName(name)) files++;
    }
  }
  if (lstat(path.join(folder, '_deleted'))?.isDirectory()) {
    for (const type of TYPE_FOLDERS) {
      if (lstat(path.join(folder, '_deleted', type))?.isDirectory()) deletedFiles += docNames(path.join(folder, '_deleted', type));
    }
  }
  return { files, deletedFiles };
}

/**
 * Every file accounted for, once: each entry of data/ is a document restored,
 * up to date or kept as a conflict, a file skipped with a reason, or a
 * deletion found in data/ (counted in `deleted` with the files of _deleted/).
 * A document whose winner was written but whose conflicting revisions were
 * not is counted once and listed as well: those are taken out of the skips.
 */
export function assertAccounted(folder: string, outcome: RestoreResult | RestorePlan, message = ''): void {
  const { files, deletedFiles } = folderEntries(folder);
  const deletedInData = outcome.deleted - deletedFiles;
  assert.ok(deletedInData >= 0, `${message}deleted ${outcome.deleted} counts every file of _deleted/ (${deletedFiles})`);
  for (const s of outcome.skipped) assert.ok(typeof s.reason === 'string' && s.reason.trim() !== '', `${message}${s.path} is listed with a reason`);
  if ('documents' in outcome) {
    assert.equal(outcome.files, files, `${message}the scan looked at every file`);
    assert.equal(outcome.documents + outcome.skippedCount + deletedInData, files, `${message}the scan accounts for every file once`);
  } else {
    const alsoListed = outcome.skipped.filter((s) => s.reason.startsWith('its conflicting revisions were not')).length;
    const accounted = outcome.restored + outcome.upToDate + outcome.conflicts + outcome.skippedCount - alsoListed + deletedInData;
    assert.equal(accounted, files, `${message}the restore accounts for every file once (${JSON.stringify({ ...outcome, skipped: outcome.skipped.length })})`);
  }
}
