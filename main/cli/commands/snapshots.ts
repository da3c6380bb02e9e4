// quire snapshots --from FOLDER: lists a backup folder's snapshots, oldest first.
import type { Command } from '../command';
import { requiredString } from '../command';
import { listSnapshots } from '../../snapshots/index';
import { withStore } from './snapshot-store';

export const snapshotsCommand: Command = {
  name: 'snapshots',
  summary: 'List the snapshots in a backup folder',
  options: {
    from: { type: 'string', value: 'FOLDER', description: 'the backup folder holding snapshots.git/' },
  },
  details: [
    'Oldest first: each installation\'s snapshots in the order it took them, installations interleaved by time. ' +
      'A snapshot whose commit cannot be read is listed as skipped (exit 1).',
    'Prints {"snapshots":[{"id","time","client","seq","docs","changed"}]}.',
  ],
  async run(values) {
    const { snapshots, unreadable } = await withStore(requiredString(values, 'from'), (store) => listSnapshots(store));
    const list = snapshots.map((s) => ({ id: s.id, time: s.time, client: s.client, seq: s.seq, docs: s.docs, changed: s.changed }));
    const skipped = unreadable.map((u) => ({ path: `refs/snapshots/${u.ref}`, reason: u.reason }));
    const text = [
      ...list.map((s) => `${s.id.slice(0, 12)}  ${s.time}  ${s.client}  seq ${s.seq}  ${s.docs} documents, ${s.changed} changed`),
      ...(list.length === 0 ? ['no snapshots'] : []),
      ...skipped.map((s) => `unreadable ${s.path}: ${s.reason}`),
    ];
    return { json: { snapshots: list }, text, skipped };
  },
};
