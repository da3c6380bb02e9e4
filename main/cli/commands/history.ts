// quire history --from FOLDER --id ID [--snapshot SNAPSHOT | --rev REV] [--db DIR]:
// a document's versions across a backup folder's snapshots (and, with --db,
// the revisions the database still holds since the last snapshot), or one version whole.
import path from 'node:path';
import type { Command, CommandOutput } from '../command';
import { UsageError, requiredString } from '../command';
import { withDatabase } from '../database';
import { ObjectError, documentHistory, entryOf, listSnapshots, readEntry, type HistoryVersion, type ObjectStore } from '../../snapshots/index';
import { byTime, localVersions } from '../../snapshots/history';
import { headRevision } from '../../snapshots/restore-plan';
import { getOrNull } from '../../db/get-or-null';
import type { Database } from '../../db/open-database';
import { pickSnapshot, withStore } from './snapshot-store';

interface Listed extends Omit<HistoryVersion, 'snapshot' | 'client' | 'seq'> {
  source: 'snapshot' | 'local';
  snapshot: string | null;
  client: string | null;
  seq: number | null;
}

export const historyCommand: Command = {
  name: 'history',
  summary: 'List the versions of a document in a backup folder\'s snapshots (and its database), or print one',
  usage: ['Usage: quire history (--from FOLDER | --db DIR | both) --id ID [--snapshot SNAPSHOT | --rev REV] [--json]'],
  options: {
    from: { type: 'string', value: 'FOLDER', description: 'the backup folder holding snapshots.git/' },
    db: { type: 'string', value: 'DIR', description: 'also the revisions this database still holds since the last snapshot' },
    id: { type: 'string', value: 'ID', description: 'the document\'s id, e.g. note:abc' },
    snapshot: { type: 'string', value: 'SNAPSHOT', description: 'print the document as this snapshot holds it' },
    rev: { type: 'string', value: 'REV', description: 'print this revision of the document (from a snapshot holding it, else from --db)' },
  },
  details: [
    'Without --snapshot or --rev: the versions, oldest first, one each time the document differs from the version before ' +
      '(deleted ones marked), then with --db the revisions saved since the newest of them (compacted ones have no body and ' +
      'are not listed). Prints {"id","versions":[{"source","snapshot","time","client","seq","rev","deleted"}]} ' +
      '(snapshot, client and seq are null for a local revision).',
    'With --snapshot or --rev: prints {"id","snapshot","rev","time","deleted","doc"}, doc being the document file as in the ' +
      'backup folder\'s data/ (attachments by name and digest, their bytes not printed), or the revision as the database holds it.',
  ],
  async run(values) {
    const id = requiredString(values, 'id');
    const from = typeof values.from === 'string' ? values.from : undefined;
    const dbDir = typeof values.db === 'string' ? path.resolve(values.db) : undefined;
    const snapshotId = typeof values.snapshot === 'string' ? values.snapshot : undefined;
    const rev = typeof values.rev === 'string' ? values.rev : undefined;
    if (from === undefined && dbDir === undefined) throw new UsageError('--from or --db is required');
    if (snapshotId !== undefined && rev !== undefined) throw new UsageError('give --snapshot or --rev, not both');
    if (snapshotId !== undefined && from === undefined) throw new UsageError('--snapshot needs --from');
    const withDb = <T>(fn: (db: Database | null) => Promise<T>): Promise<T> =>
      dbDir === undefined ? fn(null) : withDatabase(dbDir, { create: false }, (docs) => fn(docs.db));
    const withFolder = <T>(fn: (store: ObjectStore | null) => T | Promise<T>): Promise<T> =>
      from === undefined ? Promise.resolve(fn(null)) : withStore(from, fn);
    return withFolder((store) =>
      withDb(async (db): Promise<CommandOutput> => {
        if (snapshotId !== undefined) return printSnapshotVersion(store!, id, snapshotId);
        if (rev !== undefined) return printRevision(store, db, id, rev);
        return listVersions(store, db, id);
      }),
    );
  },
};

function printSnapshotVersion(store: ObjectStore, id: string, snapshotId: string): CommandOutput {
  const snapshot = pickSnapshot(store, snapshotId, undefined);
  try {
    const found = entryOf(store, snapshot.tree, id);
    if (!found) throw new UsageError(`snapshot ${snapshot.id} has no document ${JSON.stringify(id)}`);
    const doc = readEntry(store, found.section, found.entry, { files: false });
    const json = { id, snapshot: snapshot.id, rev: doc.json._rev ?? null, time: snapshot.time, deleted: doc.deleted, doc: doc.json };
    return { json, text: [JSON.stringify(doc.json, null, 2)] };
  } catch (error) {
    if (error instanceof ObjectError) {
      return { json: { id, snapshot: snapshot.id }, text: [], failure: `the document cannot be read from snapshot ${snapshot.id}: ${error.message}` };
    }
    throw error;
  }
}

async function printRevision(store: ObjectStore | null, db: Database | null, id: string, rev: string): Promise<CommandOutput> {
  if (store) {
    const { snapshots } = listSnapshots(store);
    const version = documentHistory(store, snapshots, id).versions.find((v) => v.rev === rev);
    if (version) return printSnapshotVersion(store, id, version.snapshot);
  }
  if (db) {
    const doc = await getOrNull<Record<string, unknown> & { _deleted?: boolean; updatedAt?: unknown }>(db, id, { rev });
    if (doc) {
      const time = typeof doc.updatedAt === 'number' ? new Date(doc.updatedAt).toISOString() : null;
      return { json: { id, snapshot: null, rev, time, deleted: doc._deleted === true, doc }, text: [JSON.stringify(doc, null, 2)] };
    }
  }
  const where = [store ? 'no snapshot holds it' : null, db ? 'the database no longer has its body (compacted) or never had it' : null].filter(Boolean).join('; ');
  throw new UsageError(`no revision ${JSON.stringify(rev)} of ${JSON.stringify(id)}: ${where}`);
}

async function listVersions(store: ObjectStore | null, db: Database | null, id: string): Promise<CommandOutput> {
  const versions: Listed[] = [];
  const skipped: { path: string; reason: string }[] = [];
  if (store) {
    const found = documentHistory(store, listSnapshots(store).snapshots, id);
    versions.push(...found.versions.map((v) => ({ source: 'snapshot' as const, ...v })));
    skipped.push(...found.damaged.map((d) => ({ path: d.snapshot, reason: d.reason })));
  }
  const head = db ? await headRevision(db, id) : null;
  if (db && head) {
    // As Note › History… lists them: every revision the database still has that no snapshot holds, by generation.
    const inSnapshots = new Set(versions.flatMap((v) => (v.rev ? [v.rev] : [])));
    const local: Listed[] = (await localVersions(db, id, head.rev))
      .filter((v) => !inSnapshots.has(v.rev!))
      .map((v) => ({ source: 'local', snapshot: null, time: v.time, client: null, seq: null, rev: v.rev, deleted: v.deleted }));
    versions.splice(0, versions.length, ...byTime(versions, local));
  }
  const text = [
    ...versions.map((v) => `${v.snapshot ? v.snapshot.slice(0, 12) : 'local       '}  ${v.time}  ${v.client ?? '-'}  ${v.deleted ? 'deleted' : v.rev}`),
    ...(versions.length === 0 ? [`no version of ${id} is known`] : []),
    ...skipped.map((s) => `unreadable in snapshot ${s.path}: ${s.reason}`),
  ];
  return { json: { id, versions }, text, skipped };
}
