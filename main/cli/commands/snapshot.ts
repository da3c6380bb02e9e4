// quire snapshot --db DIR --to FOLDER: takes a snapshot of a database into
// its backup folder's snapshot store; `quire snapshot verify` and
// `quire snapshot prune` check and thin out that store
// (docs/snapshot-format.md).
import path from 'node:path';
import type { Command } from '../command';
import { UsageError, requiredString } from '../command';
import { withDatabase } from '../database';
import { LocationError, checkBackupLocation } from '../../backup/index';
import { folderProblem } from '../../backup/errors';
import { SnapshotStoreError, pruneStore, takeSnapshot, verifyStore } from '../../snapshots/index';
import { withStore } from './snapshot-store';

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Take a snapshot of a database into its backup folder (see also snapshot verify, snapshot prune)',
  options: {
    db: { type: 'string', value: 'DIR', description: 'the database folder (must exist)' },
    to: { type: 'string', value: 'FOLDER', description: 'the backup folder; the snapshots go into its snapshots.git/' },
  },
  details: [
    'Records the whole database at one update sequence: every live document (its winning revision, conflicting ' +
      'revisions and attachments) and every deletion. Only what changed since this installation\'s previous snapshot ' +
      'is written; nothing changed means no new snapshot (the previous one is printed). The store is a git ' +
      'repository (git log --all, git show, git fsck work on it); see docs/snapshot-format.md.',
    'Prints {"snapshot","seq","time","docs","changed","newObjects","newBytes","unchanged"} ("unchanged": nothing changed since the newest snapshot, which is the one printed).',
  ],
  async run(values) {
    const dbDir = path.resolve(requiredString(values, 'db'));
    const to = requiredString(values, 'to');
    // The database is opened first: a wrong --db leaves no backup folder made for nothing.
    const r = await withDatabase(dbDir, { create: false }, (store) => {
      let folder: string;
      try {
        folder = checkBackupLocation(to, { protectedDirs: [dbDir] });
      } catch (error) {
        if (error instanceof LocationError) throw new UsageError(error.message);
        throw error;
      }
      return takeSnapshot(store.db, folder);
    }).catch((error: unknown) => {
      if (error instanceof SnapshotStoreError) throw new UsageError(error.message);
      // The file system's refusal (a full disk, the folder gone or read-only) in words, naming the folder.
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (typeof code === 'string' && /^E[A-Z]+$/.test(code) && !(error instanceof UsageError)) {
        throw new UsageError(`no snapshot was taken: ${folderProblem(error, to)}. The snapshots taken before are as they were.`);
      }
      throw error;
    });
    // `unchanged`: nothing changed since the installation's newest snapshot, which is the one printed.
    const json = { snapshot: r.snapshot, seq: r.seq, time: r.time, docs: r.docs, changed: r.changed, newObjects: r.newObjects, newBytes: r.newBytes, unchanged: r.unchanged };
    const text = [
      r.unchanged ? `nothing changed since snapshot ${r.snapshot}` : `snapshot   ${r.snapshot}`,
      `time       ${r.time}`,
      `seq        ${r.seq}`,
      `documents  ${r.docs} (${r.changed} changed)`,
      `written    ${r.newObjects} objects, ${r.newBytes} bytes`,
    ];
    return { json, text };
  },
};

export const snapshotVerifyCommand: Command = {
  name: 'snapshot verify',
  summary: 'Check every object of a backup folder\'s snapshots',
  options: {
    from: { type: 'string', value: 'FOLDER', description: 'the backup folder holding snapshots.git/' },
  },
  details: [
    'Reads every object every snapshot needs and checks its hash. A damaged or missing object is listed with the ' +
      'snapshots and documents it affects (exit 1); their other documents can still be restored.',
    'Prints {"snapshots","objects","damaged":[{"object","reason","snapshots","notes"}]}.',
  ],
  async run(values) {
    let marked: string | null = null;
    const result = await withStore(requiredString(values, 'from'), (store) => {
      const found = verifyStore(store);
      // The next snapshot (the app's or quire snapshot) is then taken whole, writing new copies of the
      // damaged objects the database still has, so the damage is not carried into later snapshots.
      // A store verify cannot write to (a read-only copy, a backup disk) still gets its report.
      if (found.damaged.length > 0) {
        try {
          store.markForRepair();
          marked = 'The next snapshot writes new copies of the damaged objects this database can still make (its documents as they are now), which mends every snapshot that names them.';
        } catch (error) {
          marked = `The store could not be marked for the next snapshot to mend it (${String((error as Error).message).split('\n')[0]}).`;
        }
      }
      return found;
    });
    const skipped = result.damaged.map((d) => ({
      path: d.object,
      reason: `${d.reason}; in snapshot${d.snapshots.length === 1 ? '' : 's'} ${d.snapshots.join(', ')}${d.notes.length ? `; documents ${d.notes.join(', ')}` : ''}`,
    }));
    const text = [
      `snapshots  ${result.snapshots}`,
      `objects    ${result.objects} read and checked`,
      `damaged    ${result.damaged.length}`,
      ...skipped.map((s) => `damaged ${s.path}: ${s.reason}`),
      ...(marked ? [marked] : []),
    ];
    return { json: { ...result }, text, skipped, skippedVerb: 'damaged' };
  },
};

export const snapshotPruneCommand: Command = {
  name: 'snapshot prune',
  summary: 'Remove the snapshots the retention schedule no longer keeps',
  options: {
    from: { type: 'string', value: 'FOLDER', description: 'the backup folder holding snapshots.git/' },
    'dry-run': { type: 'boolean', description: 'list what would be removed, remove nothing' },
  },
  details: [
    'Keeps, for each installation: every snapshot of the last 2 days, the newest of each hour for 2 weeks, of each ' +
      'day for 3 months, of each week after that, and always its newest. Then the space of objects no remaining ' +
      'snapshot needs is reclaimed, in pack files older than an hour (newer ones may belong to a snapshot being taken now).',
    'Prints {"kept","removed":[{"id","time","client"}],"reclaimedBytes","dryRun","heldBackBy"} ("heldBackBy": damaged refs, while which no space is reclaimed).',
  ],
  async run(values) {
    const dryRun = values['dry-run'] === true;
    const result = await withStore(requiredString(values, 'from'), (store) => pruneStore(store, { dryRun }));
    const removed = result.removed.map((s) => ({ id: s.id, time: s.time, client: s.client }));
    const text = [
      `${dryRun ? 'would remove' : 'removed'}  ${removed.length} snapshot${removed.length === 1 ? '' : 's'}`,
      `kept     ${result.kept}`,
      ...(dryRun ? [] : [`reclaimed  ${result.reclaimedBytes} bytes`]),
      ...(result.heldBackBy.length
        ? [`no space reclaimed: the snapshot refs ${result.heldBackBy.join(', ')} name no commit, and what they named cannot be told from garbage; mend or remove them (quire snapshot verify lists them)`]
        : []),
      ...removed.map((s) => `${dryRun ? 'would remove' : 'removed'} ${s.id} ${s.time} ${s.client}`),
    ];
    return { json: { kept: result.kept, removed, reclaimedBytes: result.reclaimedBytes, dryRun, heldBackBy: result.heldBackBy }, text };
  },
};
