// quire history --from FOLDER --id ID [--snapshot SNAPSHOT]: a document's
// versions across a backup folder's snapshots, or one version whole.
import type { Command } from '../command';
import { UsageError, requiredString } from '../command';
import { ObjectError, documentHistory, entryOf, listSnapshots, readEntry } from '../../snapshots/index';
import { pickSnapshot, withStore } from './snapshot-store';

export const historyCommand: Command = {
  name: 'history',
  summary: 'List the versions of a document in a backup folder\'s snapshots, or print one',
  usage: ['Usage: quire history --from FOLDER --id ID [--snapshot SNAPSHOT] [--json]'],
  options: {
    from: { type: 'string', value: 'FOLDER', description: 'the backup folder holding snapshots.git/' },
    id: { type: 'string', value: 'ID', description: 'the document\'s id, e.g. note:abc' },
    snapshot: { type: 'string', value: 'SNAPSHOT', description: 'print the document as this snapshot holds it' },
  },
  details: [
    'Without --snapshot: the versions, oldest first, one each time the document differs from the version before ' +
      '(deleted ones marked). Prints {"id","versions":[{"snapshot","time","client","seq","rev","deleted"}]}.',
    'With --snapshot: prints {"id","snapshot","time","deleted","doc"}, doc being the document file as in the ' +
      'backup folder\'s data/ (attachments by name and digest, their bytes not printed).',
  ],
  async run(values) {
    const id = requiredString(values, 'id');
    const snapshotId = typeof values.snapshot === 'string' ? values.snapshot : undefined;
    return withStore(requiredString(values, 'from'), (store) => {
      if (snapshotId !== undefined) {
        const snapshot = pickSnapshot(store, snapshotId, undefined);
        let found;
        try {
          found = entryOf(store, snapshot.tree, id);
          if (!found) throw new UsageError(`snapshot ${snapshot.id} has no document ${JSON.stringify(id)}`);
          const doc = readEntry(store, found.section, found.entry);
          const json = { id, snapshot: snapshot.id, time: snapshot.time, deleted: doc.deleted, doc: doc.json };
          return { json, text: [JSON.stringify(doc.json, null, 2)] };
        } catch (error) {
          if (error instanceof ObjectError) {
            return { json: { id, snapshot: snapshot.id }, text: [], failure: `the document cannot be read from snapshot ${snapshot.id}: ${error.message}` };
          }
          throw error;
        }
      }
      const { snapshots } = listSnapshots(store);
      const { versions, damaged } = documentHistory(store, snapshots, id);
      const skipped = damaged.map((d) => ({ path: d.snapshot, reason: d.reason }));
      const text = [
        ...versions.map((v) => `${v.snapshot.slice(0, 12)}  ${v.time}  ${v.client}  ${v.deleted ? 'deleted' : v.rev}`),
        ...(versions.length === 0 ? [`no snapshot holds ${id}`] : []),
        ...skipped.map((s) => `unreadable in snapshot ${s.path}: ${s.reason}`),
      ];
      return { json: { id, versions }, text, skipped };
    });
  },
};
