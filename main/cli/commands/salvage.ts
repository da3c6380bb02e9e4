// quire salvage --src DIR --dest FOLDER [--markdown]: every document that
// can still be read from a database folder, as a backup folder Restore…
// accepts (docs/salvage.md). quire salvage --list: the databases on this
// computer. The installed app runs the same code for `Quire --salvage …`.
import fs from 'node:fs';
import path from 'node:path';
import type { Command, CommandOutput } from '../command';
import { UsageError } from '../command';
import { SalvageInputError, listDatabases, salvage, userDataCandidates, type SalvageProgress } from '../../salvage/index';

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

function progressText(p: SalvageProgress): string {
  switch (p.phase) {
    case 'copying':
      return `copying the database ${p.done}/${p.total} files`;
    case 'opening':
      return 'opening the copy';
    case 'repairing':
      return 'repairing the copy';
    case 'reading':
      return `reading ${p.done}/${p.total} documents`;
    case 'markdown':
      return `writing Markdown ${p.done}/${p.total} notes`;
  }
}

export const salvageCommand: Command = {
  name: 'salvage',
  summary: 'Get every readable note out of a database folder, into a backup folder Restore accepts',
  usage: [
    'Usage: quire salvage --src DIR --dest FOLDER [--markdown] [--temp DIR] [--json]',
    '       quire salvage --list [--user-data-dir DIR] [--json]',
  ],
  options: {
    src: { type: 'string', value: 'DIR', description: "the database folder (<user data>/db/notes), or Quire's data folder" },
    dest: { type: 'string', value: 'FOLDER', description: 'a new or empty folder for the salvaged notes' },
    markdown: { type: 'boolean', description: 'also write the notes as Markdown files (like File > Export), in FOLDER/markdown' },
    list: { type: 'boolean', description: 'list the Quire databases on this computer instead' },
    'user-data-dir': { type: 'string', value: 'DIR', description: 'with --list: also look in this data folder' },
    temp: { type: 'string', value: 'DIR', description: "where the temporary copy goes (default: the system's temporary folder)" },
  },
  details: [
    'For the day Quire will not start or its data folder is damaged. The database folder is only read: it is ' +
      'copied to a temporary folder first, so it works while Quire is running, from a read-only disk, and on a ' +
      'copy of an old computer\'s disk. A damaged database (truncated or missing .ldb files, a damaged log, a ' +
      'missing MANIFEST or CURRENT) is repaired in that copy, and what can be read is written.',
    'FOLDER gets the backup layout (state/, data/, _deleted/; docs/backup-format.md): restore it with ' +
      'Preferences > Backup > Restore… or `quire restore`. Deleted documents whose last version is still in the ' +
      'database go to _deleted/.',
    'Prints {"notes","books","tags","files","deleted","unreadable","dest"} and the list of what could not be read ' +
      '("unreadableItems"); exit code 1 when that list is not empty. Guide: docs/salvage.md.',
    '--list looks in the default data folder of this system (and --user-data-dir) and prints ' +
      '{"databases":[{"path","bytes","lastChange","notes"}]}; exit code 2 when it finds none.',
  ],
  async run(values, io) {
    if (values.list) {
      if (values.src || values.dest || values.markdown) throw new UsageError('--list does not take --src, --dest or --markdown');
      return listCommand(typeof values['user-data-dir'] === 'string' ? [values['user-data-dir']] : []);
    }
    const src = typeof values.src === 'string' && values.src.trim() ? values.src : null;
    const dest = typeof values.dest === 'string' && values.dest.trim() ? values.dest : null;
    if (!src) throw new UsageError('--src is required (the database folder; `quire salvage --list` finds it)');
    if (!dest) throw new UsageError('--dest is required (a new or empty folder for the salvaged notes)');
    let report;
    try {
      report = await salvage({
        src,
        dest,
        markdown: values.markdown === true,
        onProgress: (p) => io.status?.(progressText(p)),
        ...(typeof values.temp === 'string' && values.temp.trim() ? { tempDir: tempFolder(values.temp) } : {}),
      });
    } catch (error) {
      if (error instanceof SalvageInputError) throw new UsageError(error.message);
      throw error;
    }
    const unreadable = report.unreadable;
    const markdown = report.markdown;
    const markdownSkipped = !markdown
      ? []
      : markdown.written
        ? markdown.errors.map((e) => ({ path: `${markdown.folder} (${e.title || e.id})`, reason: `Markdown: ${e.reason}` }))
        : [{ path: markdown.folder, reason: `Markdown: ${markdown.reason}` }];
    const text = [
      `notes       ${report.notes}`,
      `books       ${report.books}`,
      `tags        ${report.tags}`,
      `files       ${report.files}`,
      `deleted     ${report.deleted}`,
      `unreadable  ${unreadable.length}`,
      `dest        ${report.dest}`,
      ...(markdown?.written ? [`markdown    ${markdown.folder} (${plural(markdown.notes, 'note')})`] : []),
      ...report.notices.map((n) => `note: ${n}`),
      ...unreadable.map((u) => `unreadable: ${u.item}: ${u.reason}`),
      ...markdownSkipped.map((m) => `not written: ${m.path}: ${m.reason}`),
      unreadable.length === 0
        ? `Salvaged everything into ${report.dest}. Restore it with Preferences > Backup > Restore…, or quire restore.`
        : `Salvaged what could be read into ${report.dest}; ${plural(unreadable.length, 'item')} could not be read (listed above).`,
    ];
    const output: CommandOutput = {
      json: {
        notes: report.notes,
        books: report.books,
        tags: report.tags,
        files: report.files,
        deleted: report.deleted,
        unreadable: unreadable.length,
        dest: report.dest,
        src: report.src,
        repaired: report.method === 'repaired',
        markdown: markdown?.written ? markdown.folder : null,
        unreadableItems: unreadable,
        ...(markdownSkipped.length > 0 ? { markdownNotWritten: markdownSkipped } : {}),
        notices: report.notices,
      },
      text,
      skipped: [...unreadable.map((u) => ({ path: u.item, reason: u.reason })), ...markdownSkipped],
      skippedVerb: markdownSkipped.length > 0 ? 'could not be read or written' : 'could not be read',
    };
    return output;
  },
};

function tempFolder(input: string): string {
  const dir = path.resolve(input.trim());
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--temp: there is no folder at ${dir}`);
  return dir;
}

async function listCommand(given: string[]): Promise<CommandOutput> {
  const searched = userDataCandidates(given.map((d) => path.resolve(d)));
  const databases = await listDatabases({ userDataDirs: searched });
  const text = databases.length === 0
    ? [`No Quire database found in:`, ...searched.map((d) => `  ${d}`)]
    : databases.map((d) =>
        [
          d.path,
          `  ${sizeText(d.bytes)}, last changed ${d.lastChange ? d.lastChange.replace('T', ' ').slice(0, 16) + ' UTC' : 'unknown'}, ` +
            `${d.notes === null ? 'notes could not be counted' : plural(d.notes, 'note')}${d.problem ? ` (${d.problem})` : ''}`,
        ].join('\n'),
      ).join('\n').split('\n');
  return {
    json: { databases, searched },
    text,
    skipped: databases.filter((d) => d.notes === null).map((d) => ({ path: d.path, reason: d.problem ?? 'could not be read' })),
    skippedVerb: 'could not be read',
    // Nothing to salvage from: a script should not go on as if there were.
    ...(databases.length === 0 ? { failure: `no Quire database found in ${searched.join(', ')}` } : {}),
  };
}
