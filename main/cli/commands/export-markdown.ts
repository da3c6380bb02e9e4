// quire export-markdown --db DIR --to FOLDER: every note outside the trash
// as a Markdown file, notebooks as folders (docs/export.md).
import path from 'node:path';
import type { Command } from '../command';
import { UsageError, requiredString } from '../command';
import { withDatabase } from '../database';
import { ExportTargetError, exportAllNotes } from '../../export/index';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const isSameOrInside = (parent: string, child: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

export const exportMarkdownCommand: Command = {
  name: 'export-markdown',
  summary: 'Export every note as a Markdown file, notebooks as folders',
  options: {
    db: { type: 'string', value: 'DIR', description: 'the database folder (must exist)' },
    to: { type: 'string', value: 'FOLDER', description: 'where to write (created if it does not exist)' },
  },
  details: [
    'Every note outside the trash becomes FOLDER/<notebook>/<sub-notebook>/<title>.md with YAML front matter ' +
      '(title, tags, notebook, status, pinned, created, updated, id); notes whose notebook is missing go to Unfiled/. ' +
      'Attachments go to an _attachments folder beside the notes that link them, and the links point there. ' +
      'Names are made valid on Windows, macOS and Linux; names that would clash get " (2)", " (3)"…',
    'Nothing is overwritten or deleted: when FOLDER is not empty, the export goes to a new subfolder ' +
      '"Quire Export <date> <time>" inside it. `quire import-markdown` of the export gives the same notes back.',
    'Prints {"notes","attachments","folder","errors":[{"id","title","reason"}]}: the files written, the folder ' +
      'they are in, and the notes that could not be exported completely.',
  ],
  async run(values, io) {
    const dbDir = path.resolve(requiredString(values, 'db'));
    const to = path.resolve(requiredString(values, 'to'));
    if (isSameOrInside(dbDir, to)) throw new UsageError(`${to} is inside the database folder; choose a folder elsewhere`);
    let result;
    try {
      result = await withDatabase(dbDir, { create: false }, (store) =>
        exportAllNotes(store, to, { onProgress: (done, total) => io.status?.(`exporting ${done}/${total} notes`) }),
      );
    } catch (error) {
      if (error instanceof ExportTargetError) throw new UsageError(error.message.replace(/\.$/, ''));
      throw error;
    }
    const { notes, attachments, folder, errors } = result;
    return {
      json: { notes, attachments, folder, errors },
      text: [
        `Exported ${count(notes, 'note')} and ${count(attachments, 'attachment')} to ${folder}.`,
        ...errors.map((e) => `not exported completely: ${e.id} ${JSON.stringify(e.title)}: ${e.reason}`),
      ],
      skipped: errors.map((e) => ({ path: e.id, reason: e.reason })),
    };
  },
};
