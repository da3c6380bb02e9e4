// Test helpers for the backup: a database's content compared with a backup folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/open-database';
import { isTempName } from './atomic-write';
import { BackupRunner, inProcessSink, type BackupStatus } from './backup-runner';
import { docFileName, locateDoc } from '../backup-format/file-name';

export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort();
}

export function readBackupDoc(root: string, top: 'data' | '_deleted', id: string): Record<string, unknown> | null {
  const { type, stem } = locateDoc(id);
  const file = path.join(root, top, type, docFileName(stem));
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : null;
}

/** Asserts the folder mirrors the database: every live document's winning revision in data/, every deleted one in _deleted/, no temporary file. */
export async function assertFolderMatches(db: Database, root: string): Promise<{ live: number; deleted: number }> {
  const temps = listFiles(root).filter((f) => isTempName(path.basename(f)));
  assert.deepEqual(temps, [], 'no temporary file is left');
  const all = await db.allDocs({ include_docs: true, attachments: true, binary: true });
  const histories = new Map<string, unknown>();
  // (PouchDB's bulkGet never answers an empty list.)
  const withRevs = all.rows.length === 0 ? { results: [] } : await db.bulkGet({ docs: all.rows.map((r) => ({ id: r.id, rev: r.value.rev })), revs: true });
  for (const result of withRevs.results) {
    const ok = result.docs.find((d) => 'ok' in d) as { ok: { _revisions?: unknown } } | undefined;
    histories.set(result.id, ok?.ok._revisions);
  }
  for (const row of all.rows) {
    const doc = row.doc as Record<string, unknown> & { _id: string; _rev: string; _attachments?: Record<string, { data: Buffer }> };
    const file = readBackupDoc(root, 'data', doc._id);
    assert.ok(file, `${doc._id} has a file in data/`);
    assert.equal(file._id, doc._id);
    assert.equal(file._rev, doc._rev, `${doc._id} is at its winning revision`);
    assert.deepEqual(file._revisions, histories.get(doc._id), `${doc._id} keeps its history`);
    for (const [key, value] of Object.entries(doc)) {
      if (key === '_attachments') continue;
      assert.deepEqual(file[key], value, `${doc._id}.${key}`);
    }
    assert.equal(readBackupDoc(root, '_deleted', doc._id), null, `${doc._id} is not also in _deleted/`);
    const { type } = locateDoc(doc._id);
    for (const [name, attachment] of Object.entries(doc._attachments ?? {})) {
      const stub: { path: string; length: number } = (file._attachments as Record<string, { path: string; length: number }>)[name]!;
      const bytes: Buffer = fs.readFileSync(path.join(root, 'data', type, stub.path));
      assert.ok(bytes.equals(attachment.data), `${doc._id}/${name} bytes`);
      assert.equal(stub.length, attachment.data.length);
    }
  }
  const changes = await db.changes({ style: 'main_only' });
  const deleted = changes.results.filter((c) => c.deleted);
  for (const change of deleted) {
    assert.equal(readBackupDoc(root, 'data', change.id), null, `${change.id} is gone from data/`);
    assert.ok(readBackupDoc(root, '_deleted', change.id), `${change.id} is in _deleted/`);
  }
  return { live: all.rows.length, deleted: deleted.length };
}

/**
 * A live runner (start()ed) with an in-process sink, and a way to wait for
 * it to have written everything the database holds now, by its own signals
 * (idle(), its status events): no timing. Stop it with `runner.stop()`.
 */
export function startLiveRunner(db: Database, folder: string, clientId = 'client1') {
  const statuses: BackupStatus[] = [];
  const waiters: { after: number; wake: () => void }[] = [];
  const runner = new BackupRunner({
    db,
    folder,
    sink: inProcessSink(folder, clientId),
    appVersion: 'test',
    settleMs: 10,
    retryInitialMs: 20,
    retryMaxMs: 200,
    onStatus: (status) => {
      statuses.push(status);
      for (const w of waiters.splice(0)) w.wake();
    },
  });
  /** Resolves once more than `count` statuses have been emitted. */
  const statusAfter = (count: number) =>
    new Promise<void>((wake) => (statuses.length > count ? wake() : waiters.push({ after: count, wake })));
  runner.start();
  return {
    runner,
    statuses,
    errors: () => statuses.filter((s) => s.state === 'error'),
    /** Waits until the status is up to date with every change the database has now. */
    async upToDate(): Promise<void> {
      const target = Number((await db.info()).update_seq);
      for (;;) {
        const seen = statuses.length;
        await runner.idle();
        if (statuses.at(-1)?.state === 'up-to-date' && Number(runner.session.lastSeq) >= target) return;
        await statusAfter(seen);
      }
    },
  };
}
