// quire stats --db DIR: how many documents of each kind a database holds.
import type { Command } from '../command';
import { requiredString } from '../command';
import { withDatabase } from '../database';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Count the notes, notebooks, tags and files in a database',
  options: {
    db: { type: 'string', value: 'DIR', description: 'the database folder (must exist)' },
  },
  details: [
    'Prints {"notes","books","tags","files","trashed","deleted"}: notes counts the notes not in the trash, ' +
      'trashed those in it, deleted the documents deleted for good (tombstones).',
  ],
  async run(values) {
    const db = requiredString(values, 'db');
    const stats = await withDatabase(db, { create: false }, (store) => store.stats());
    return {
      json: { ...stats },
      text: [
        `notes    ${stats.notes}`,
        `books    ${stats.books}`,
        `tags     ${stats.tags}`,
        `files    ${stats.files}`,
        `trashed  ${stats.trashed}`,
        `deleted  ${stats.deleted}`,
      ],
    };
  },
};
